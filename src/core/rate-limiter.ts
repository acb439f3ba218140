// A per-person limit on posts (default 10 a minute): a sliding window of timestamps per key.
// Time is passed in, so the rule is a pure function of (history, now) and tests need no clock.
import { setNewest } from './bounded-map';

export interface RateLimiter {
  /** Records an attempt if allowed; otherwise says how long until the oldest one leaves the window. */
  take(key: string, now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const { limit, windowMs } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  const history = new Map<string, number[]>();

  return {
    take(key, now) {
      const recent = (history.get(key) ?? []).filter((t) => now - t < windowMs);
      if (recent.length >= limit) {
        history.set(key, recent);
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + windowMs - now) / 1000)) };
      }
      recent.push(now);
      setNewest(history, key, recent, maxKeys);
      return { allowed: true };
    }
  };
}
