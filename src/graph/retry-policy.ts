// When to call Graph again. 429 means "not processed": always safe to retry after Retry-After.
// 5xx, timeouts and dropped connections are retried only for reads: on a create they may have
// committed, so the caller reconciles instead (core/post-once.ts; core/own-post.ts says which post is ours).
import { GraphRequestError } from '../core/errors';

export interface RetryOptions {
  /** Upper bound on the total time spent waiting between attempts. */
  maxTotalWaitMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  /** The most jitter added to a Retry-After (default baseDelayMs). */
  retryAfterJitterMs?: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxTotalWaitMs: 4000,
  maxAttempts: 4,
  baseDelayMs: 250,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random
};

/**
 * Delay before the next attempt, or undefined to give up. Retry-After is honoured, plus a little
 * jitter so that many people throttled together do not all come back in the same instant;
 * without it, exponential backoff with full jitter (AWS architecture blog's "full jitter").
 */
export function nextDelayMs(
  err: unknown,
  attempt: number,
  write: boolean,
  o: Pick<RetryOptions, 'baseDelayMs' | 'random' | 'retryAfterJitterMs'>
): number | undefined {
  if (!(err instanceof GraphRequestError)) return undefined;
  const retryable = err.code === 'throttled' || (!write && err.code === 'graph_unavailable');
  if (!retryable) return undefined;
  if (err.retryAfterSeconds !== undefined)
    return err.retryAfterSeconds * 1000 + Math.round(o.random() * (o.retryAfterJitterMs ?? o.baseDelayMs));
  return Math.round(o.random() * o.baseDelayMs * 2 ** attempt);
}

export async function withRetries<T>(
  call: () => Promise<T>,
  write: boolean,
  o: RetryOptions = DEFAULT_RETRY
): Promise<T> {
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const delay = attempt + 1 < o.maxAttempts ? nextDelayMs(err, attempt, write, o) : undefined;
      // Over budget: give up now and let the person hear when to try again (Retry-After kept).
      if (delay === undefined || waited + delay > o.maxTotalWaitMs) throw err;
      waited += delay;
      await o.sleep(delay);
    }
  }
}
