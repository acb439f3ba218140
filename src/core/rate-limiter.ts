// A per-person limit on posts (default 10 a minute): a sliding window of timestamps per key.
// A broadcast takes one per group in one call, all or none, so it is refused before it starts.
// Time is passed in, so the rule is a pure function of (history, now) and tests need no clock.
import { setNewest } from './bounded-map';

export interface RateLimiter {
  /** Records an attempt if allowed; otherwise says how long until the oldest one leaves the window. */
  /**
   * `count` attempts at once (a broadcast takes one per group, issue 15): all of them or none.
   * Refused: how long until enough have left the window (never, when `count` is over the limit
   * itself: then the window's length), and how many the key could take now.
   */
  take(
    key: string,
    now: number,
    count?: number
  ): { allowed: true } | { allowed: false; retryAfterSeconds: number; available: number };
}

/**
 * One key's attempts, oldest first, from `head` on (the ones before it have left the window). The
 * window moves forward by advancing `head`, so an attempt costs the same whatever the limit: a
 * filter over the whole history cost O(limit) per attempt, which a raised limit (10,000 reads a
 * minute) made a visible share of every turn (bench, issue 18).
 */
interface Window {
  times: number[];
  head: number;
}

/** Where `t` goes in ascending `times` from `head` (after equal ones). */
function insertAt(times: readonly number[], head: number, t: number): number {
  let lo = head;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const { limit, windowMs } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  const history = new Map<string, Window>();

  return {
    take(key, now, count = 1) {
      const w = history.get(key) ?? { times: [], head: 0 };
      while (w.head < w.times.length && now - (w.times[w.head] as number) >= windowMs) w.head++;
      const live = w.times.length - w.head;
      if (live + count > limit) {
        // The oldest `over` attempts must leave the window before `count` more fit.
        const over = live + count - limit;
        const freeAt = over <= live ? (w.times[w.head + over - 1] as number) + windowMs : now + windowMs;
        const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now) / 1000));
        return {
          allowed: false,
          retryAfterSeconds,
          available: Math.max(0, limit - live)
        };
      }
      // A clock that went back (another instance's time, a test) still keeps the times in order.
      const at = insertAt(w.times, w.head, now);
      if (at === w.times.length) for (let i = 0; i < count; i++) w.times.push(now);
      else w.times.splice(at, 0, ...new Array<number>(count).fill(now));
      if (w.head > 64 && w.head * 2 > w.times.length) {
        w.times = w.times.slice(w.head);
        w.head = 0;
      }
      setNewest(history, key, w, maxKeys);
      return { allowed: true };
    }
  };
}
