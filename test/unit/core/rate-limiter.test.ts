import { createRateLimiter } from '../../../src/core/rate-limiter';

describe('per-person rate limiter', () => {
  it('allows `limit` posts per window per person, then says when to retry', () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 });
    expect([0, 1000, 2000].map((t) => limiter.take('alice', t).allowed)).toEqual([true, true, true]);
    expect(limiter.take('alice', 3000)).toEqual({
      allowed: false,
      retryAfterSeconds: 57,
      available: 0
    });
    expect(limiter.take('bob', 3000)).toEqual({ allowed: true });
    // The first post leaves the window at 60 s.
    expect(limiter.take('alice', 60_000)).toEqual({ allowed: true });
    expect(limiter.take('alice', 60_001)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
      available: 0
    });
  });

  it('a refused attempt does not extend the wait', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 10_000 });
    limiter.take('a', 0);
    for (let t = 1000; t < 10_000; t += 1000) expect(limiter.take('a', t).allowed).toBe(false);
    expect(limiter.take('a', 10_000).allowed).toBe(true);
  });

  it('forgets the least recently active people beyond maxKeys', () => {
    const limiter = createRateLimiter({
      limit: 1,
      windowMs: 60_000,
      maxKeys: 2
    });
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('c', 0);
    expect(limiter.take('a', 1).allowed).toBe(true);
    expect(limiter.take('c', 1).allowed).toBe(false);
  });

  it('takes several at once, all or none (a broadcast: one per group)', () => {
    const limiter = createRateLimiter({ limit: 10, windowMs: 60_000 });
    expect(limiter.take('a', 0, 3)).toEqual({ allowed: true });
    expect(limiter.take('a', 1000, 4)).toEqual({ allowed: true });
    // 7 taken: 4 more do not fit until the first 3 (taken at 0) have left the window.
    expect(limiter.take('a', 2000, 4)).toEqual({
      allowed: false,
      retryAfterSeconds: 58,
      available: 3
    });
    // The refusal took none: 3 still fit.
    expect(limiter.take('a', 2000, 3)).toEqual({ allowed: true });
    expect(limiter.take('a', 60_000, 3)).toEqual({ allowed: true });
  });

  it('more than the limit itself is never allowed, and says the window', () => {
    const limiter = createRateLimiter({ limit: 10, windowMs: 60_000 });
    expect(limiter.take('a', 0, 11)).toEqual({
      allowed: false,
      retryAfterSeconds: 60,
      available: 10
    });
    expect(limiter.take('a', 0, 10)).toEqual({ allowed: true });
  });

  it('answers as a filter over every attempt would, also with a clock that goes back and a long history', () => {
    // The rule the limiter keeps (its first version): the attempts of the last window, by filter.
    const reference = (limit: number, windowMs: number) => {
      const history = new Map<string, number[]>();
      return (key: string, now: number, count: number) => {
        const recent = (history.get(key) ?? []).filter((t) => now - t < windowMs);
        history.set(key, recent);
        if (recent.length + count > limit) {
          const over = recent.length + count - limit;
          const freeAt = over <= recent.length ? (recent[over - 1] as number) + windowMs : now + windowMs;
          return {
            allowed: false,
            retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)),
            available: Math.max(0, limit - recent.length)
          };
        }
        for (let i = 0; i < count; i++) recent.push(now);
        recent.sort((a, b) => a - b);
        return { allowed: true };
      };
    };
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const limiter = createRateLimiter({ limit: 500, windowMs: 5_000 });
    const expected = reference(500, 5_000);
    let now = 0;
    const answers: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      now += random() < 0.02 ? -Math.floor(random() * 2_000) : Math.floor(random() * 3);
      const key = random() < 0.9 ? 'busy' : 'other';
      const count = 1 + Math.floor(random() * 3);
      const got = limiter.take(key, now, count);
      expect(got).toEqual(expected(key, now, count));
      answers.push(String(got.allowed));
    }
    // Both answers occurred: the window filled up and emptied again.
    expect(new Set(answers)).toEqual(new Set(['true', 'false']));
  });
});
