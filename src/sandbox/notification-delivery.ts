// Delivering one change-notification collection the way Graph does (issue 16). Graph's webhook
// contract (change-notifications-delivery-webhooks.md, "HTTP codes and retry logic"): a 2xx answer
// means delivered; any other answer, or none in time, is a failure, and failed notifications are
// retried at exponential back-off intervals for up to about 4 hours, after which they are dropped.
// Here the back-off is a list of delays (default 1 s, 4 s, 16 s; tests pass small ones). When every
// try failed, the subscription's lifecycle URL (if any) gets one `missed` notification, so the bot
// learns it must resync (change-notifications-lifecycle-events.md; Graph documents `missed` for
// Outlook messages, events and contacts: the sandbox sends it for group conversations too, the
// stricter case for a follower). Counters per subscription feed GET /_sandbox/subscriptions.

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 4000, 16_000];

export interface DeliveryCounts {
  /** Collections a receiver accepted (2xx), on whichever try. */
  sent: number;
  /** Collections given up on after every try failed. */
  failed: number;
  /** Tries after the first. */
  retried: number;
}

export interface DeliveryOptions {
  /** One POST; resolves with the status, rejects when no answer came (network error, timeout). */
  post(url: string, body: string): Promise<number>;
  retryDelaysMs: readonly number[];
  log(msg: string, fields?: object): void;
}

/** By name, not instanceof: fetch's errors may come from another realm (a test runner's VM context). */
export function errorName(err: unknown): string {
  const name = (err as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : 'Error';
}

export function createDeliveries(options: DeliveryOptions) {
  const counts = new Map<string, DeliveryCounts>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const countsOf = (subscriptionId: string): DeliveryCounts => {
    let c = counts.get(subscriptionId);
    if (!c) {
      c = { sent: 0, failed: 0, retried: 0 };
      counts.set(subscriptionId, c);
    }
    return c;
  };
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      t.unref(); // a pending retry never keeps a process (or a test run) alive
      timers.add(t);
    });

  /** What one try came to: the status, or the error's name when nothing answered. */
  async function tryOnce(url: string, body: string): Promise<number | string> {
    try {
      return await options.post(url, body);
    } catch (err) {
      return errorName(err);
    }
  }

  return {
    /**
     * Delivers `payload` to `url`, retrying on failure; resolves true once accepted, false when every
     * try failed or the subscription went away (`stillWanted` false) between tries. Never rejects.
     */
    async deliver(subscriptionId: string, url: string, payload: unknown, stillWanted: () => boolean): Promise<boolean> {
      const body = JSON.stringify(payload);
      const c = countsOf(subscriptionId);
      for (let attempt = 0; ; attempt++) {
        const outcome = await tryOnce(url, body);
        if (typeof outcome === 'number' && outcome >= 200 && outcome < 300) {
          c.sent += 1;
          return true;
        }
        options.log('graph sandbox notification delivery failed', { subscriptionId, attempt, outcome });
        const delay = options.retryDelaysMs[attempt];
        if (delay === undefined) break;
        await wait(delay);
        if (stopped || !stillWanted()) return false; // deleted, expired or reset meanwhile: nobody to tell
        c.retried += 1;
      }
      c.failed += 1;
      return false;
    },
    counts: (subscriptionId: string): DeliveryCounts => ({ ...countsOf(subscriptionId) }),
    total(): DeliveryCounts {
      const sum = { sent: 0, failed: 0, retried: 0 };
      for (const c of counts.values()) {
        sum.sent += c.sent;
        sum.failed += c.failed;
        sum.retried += c.retried;
      }
      return sum;
    },
    /** Forget the counts and abandon pending retries (reset, close). */
    clear(): void {
      counts.clear();
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
    /** Like clear, for good: a retry whose timer already fired stops at its next check. */
    stop(): void {
      stopped = true;
      this.clear();
    }
  };
}
