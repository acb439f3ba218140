import { GraphRequestError } from '../../../src/core/errors';
import { nextDelayMs, withRetries, type RetryOptions } from '../../../src/graph/retry-policy';
import { withGraphRetries } from '../../../src/graph/retrying-graph-client';
import type { GraphClient } from '../../../src/graph/graph-client';

const throttled = (s?: number) => new GraphRequestError('throttled', { status: 429, retryAfterSeconds: s });
const unavailable = () => new GraphRequestError('graph_unavailable', { status: 503 });

function options(sleeps: number[], extra: Partial<RetryOptions> = {}): RetryOptions {
  return {
    maxTotalWaitMs: 4000,
    maxAttempts: 4,
    baseDelayMs: 250,
    random: () => 0.5,
    sleep: async (ms) => void sleeps.push(ms),
    ...extra
  };
}

describe('Graph retry policy', () => {
  it('honours Retry-After on 429, for reads and writes alike', () => {
    // At least Retry-After, plus up to baseDelayMs of jitter.
    expect(nextDelayMs(throttled(2), 0, true, { baseDelayMs: 250, random: () => 0 })).toBe(2000);
    expect(nextDelayMs(throttled(2), 0, false, { baseDelayMs: 250, random: () => 0.5 })).toBe(2125);
    // A broadcast's own jitter on Retry-After (its groups are distinct mailboxes); backoff unchanged.
    const broadcast = { baseDelayMs: 250, retryAfterJitterMs: 50, random: () => 0.5 };
    expect(nextDelayMs(throttled(2), 0, true, broadcast)).toBe(2025);
    expect(nextDelayMs(throttled(), 1, true, broadcast)).toBe(250);
  });

  it('backs off exponentially with jitter when Retry-After is missing', () => {
    const o = { baseDelayMs: 250, random: () => 0.5 };
    expect([0, 1, 2].map((a) => nextDelayMs(throttled(), a, false, o))).toEqual([125, 250, 500]);
    expect(nextDelayMs(throttled(), 1, false, { baseDelayMs: 250, random: () => 0 })).toBe(0);
  });

  it('never retries a write on 5xx (it may have committed) and never retries 4xx', () => {
    const o = { baseDelayMs: 250, random: () => 0.5 };
    expect(nextDelayMs(unavailable(), 0, true, o)).toBeUndefined();
    expect(nextDelayMs(unavailable(), 0, false, o)).toBe(125);
    expect(nextDelayMs(new GraphRequestError('access_denied', { status: 403 }), 0, false, o)).toBeUndefined();
    expect(nextDelayMs(new Error('bug'), 0, false, o)).toBeUndefined();
  });

  it('stops within the total wait budget and rethrows the last error (Retry-After kept for the person)', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const err = throttled(3);
    await expect(
      withRetries(
        async () => {
          calls++;
          throw err;
        },
        true,
        options(sleeps)
      )
    ).rejects.toBe(err);
    expect(sleeps).toEqual([3125]);
    expect(calls).toBe(2);
  });

  it('the wrapper retries reads on 503 but sends a create only once', async () => {
    let groups = 0;
    let creates = 0;
    const fake = {
      listMyGroups: async () => (++groups < 3 ? Promise.reject(unavailable()) : []),
      createConversation: async () => {
        creates++;
        throw unavailable();
      }
    } as unknown as GraphClient;
    const client = withGraphRetries(fake, options([]));
    await expect(client.listMyGroups('t')).resolves.toEqual([]);
    expect(groups).toBe(3);
    await expect(client.createConversation('t', 'g', { topic: 'x', threads: [] })).rejects.toMatchObject({
      code: 'graph_unavailable'
    });
    expect(creates).toBe(1);
  });

  it("writes 'once' (a broadcast's client): a create's 429 goes to the caller; reads are retried as ever", async () => {
    let groups = 0;
    let creates = 0;
    const sleeps: number[] = [];
    const fake = {
      listMyGroups: async () => (++groups < 2 ? Promise.reject(throttled(1)) : []),
      createConversation: async () => {
        creates++;
        throw throttled(1);
      }
    } as unknown as GraphClient;
    const client = withGraphRetries(fake, options(sleeps), 'once');
    await expect(client.createConversation('t', 'g', { topic: 'x', threads: [] })).rejects.toMatchObject({
      code: 'throttled',
      retryAfterSeconds: 1
    });
    expect(creates).toBe(1);
    expect(sleeps).toEqual([]);
    await expect(client.listMyGroups('t')).resolves.toEqual([]);
    expect(groups).toBe(2);
    expect(sleeps).toHaveLength(1);
  });
});
