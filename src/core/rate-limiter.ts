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

export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const { limit, windowMs } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  const history = new Map<string, number[]>();

  return {
    take(key, now, count = 1) {
      const recent = (history.get(key) ?? []).filter((t) => now - t < windowMs);
      if (recent.length + count > limit) {
        history.set(key, recent);
        // The oldest `over` attempts must leave the window before `count` more fit.
        const over = recent.length + count - limit;
        const freeAt = over <= recent.length ? (recent[over - 1] as number) + windowMs : now + windowMs;
        const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now) / 1000));
        return { allowed: false, retryAfterSeconds, available: Math.max(0, limit - recent.length) };
      }
      for (let i = 0; i < count; i++) recent.push(now);
      setNewest(history, key, recent, maxKeys);
      return { allowed: true };
    }
  };
}
