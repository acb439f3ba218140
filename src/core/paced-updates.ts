// How often a card that shows progress (issue 15's broadcast) may be updated, and how an update
// the Bot Connector refused is retried. Teams throttles a bot per conversation (about one message
// or update a second sustained; bots/how-to/rate-limit.md), so progress is coalesced: many groups
// finishing within a second become one update. Pure: time and randomness are passed in.

export interface UpdatePacer {
  /**
   * Something on the card changed at `now`. Returns in how many ms to send the update, or undefined
   * when one is already due (it will show this change too).
   */
  changed(now: number): number | undefined;
  /** The due update went out at `now` (or failed for good): the next one waits a full interval. */
  sent(now: number): void;
  /** How long from `now` until `intervalMs` have passed since the last update went out. */
  waitFor(now: number, intervalMs: number): number;
}

export function createUpdatePacer(minIntervalMs = 1000): UpdatePacer {
  let lastSent = Number.NEGATIVE_INFINITY;
  let due = false;
  return {
    changed(now) {
      if (due) return undefined;
      due = true;
      return Math.max(0, lastSent + minIntervalMs - now);
    },
    sent(now) {
      lastSent = now;
      due = false;
    },
    waitFor: (now, intervalMs) => Math.max(0, lastSent + intervalMs - now)
  };
}

/** The Bot Connector answers worth trying again for an update (throttled, conflict, gateway). */
export const RETRIED_CONNECTOR_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 504]);

export interface ConnectorRetry {
  /** The attempt that failed, from 0. */
  attempt: number;
  status: number;
  /** The connector's Retry-After, in seconds, when it sent one. */
  retryAfterSeconds?: number;
}

const BASE_MS = 500;
const CAP_MS = 8000;
const MAX_ATTEMPTS = 5;

/**
 * Milliseconds to wait before trying the update again, or undefined to give up: not a retried
 * status, or MAX_ATTEMPTS tries made. Retry-After wins when given; otherwise exponential backoff
 * with full jitter (a delay drawn from [0, min(cap, base·2^attempt)]), so several cards throttled
 * together do not come back together. `random` is in [0, 1).
 */
export function connectorRetryDelay(retry: ConnectorRetry, random: () => number): number | undefined {
  if (!RETRIED_CONNECTOR_STATUSES.has(retry.status) || retry.attempt + 1 >= MAX_ATTEMPTS) return undefined;
  if (retry.retryAfterSeconds !== undefined && retry.retryAfterSeconds >= 0)
    return Math.min(retry.retryAfterSeconds, 60) * 1000;
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** retry.attempt);
  return Math.floor(random() * ceiling);
}

export interface PacedPublisher<T> {
  /** The latest state to show: published within the pacing, together with any changes that follow it. */
  update(value: T): void;
  /**
   * The last state (a broadcast's summary): it waits only `finalGapMs` after the update before it,
   * not a full interval, so the person is not kept waiting for a result that is already there.
   */
  finish(value: T): void;
  /** Resolves once the latest state given has been published (or has failed for good). */
  flush(): Promise<void>;
}

export interface PacedPublisherOptions<T> {
  pacer: UpdatePacer;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Sends one state (its own retries inside: connectorRetryDelay); a rejection is handed to onError. */
  publish: (value: T) => Promise<void>;
  onError: (err: unknown) => void;
  /** The least time between the update before the final one and the final one. */
  finalGapMs: number;
}

/**
 * The pacer driven: each update waits for its turn and only the newest state waiting is sent, so a
 * card shows every group's outcome within about a second without ever being sent more than once a
 * second. Publishing never runs twice at once (an update arriving mid-send waits for the next turn).
 */
export function createPacedPublisher<T>(o: PacedPublisherOptions<T>): PacedPublisher<T> {
  let latest: { value: T; final: boolean } | undefined;
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  const drain = async (): Promise<void> => {
    while (latest) {
      const wait = o.pacer.changed(o.now());
      if (wait !== undefined && wait > 0 && !latest.final) {
        // Woken early when the final state arrives meanwhile: it has a shorter wait of its own.
        await Promise.race([o.sleep(wait), new Promise<void>((resolve) => (wake = resolve))]);
        wake = undefined;
      }
      if (latest.final) {
        const gap = o.pacer.waitFor(o.now(), o.finalGapMs);
        if (gap > 0) await o.sleep(gap);
      }
      const { value } = latest;
      latest = undefined;
      try {
        await o.publish(value);
      } catch (err) {
        o.onError(err);
      }
      o.pacer.sent(o.now());
    }
    running = undefined;
  };
  return {
    update(value) {
      latest = { value, final: false };
      running ??= drain();
    },
    finish(value) {
      latest = { value, final: true };
      wake?.();
      running ??= drain();
    },
    flush: () => running ?? Promise.resolve()
  };
}
