// Wraps any GraphClient with the retry policy. Methods that change data are listed as writes
// (retried only on 429); every other method is a read.
import { aroundGraphCalls, type GraphMethod } from './around-graph-calls';
import type { GraphClient } from './graph-client';
import { DEFAULT_RETRY, withRetries, type RetryOptions } from './retry-policy';

const WRITES: ReadonlySet<GraphMethod> = new Set<GraphMethod>(['createConversation', 'replyToThread']);

/**
 * `writes: 'once'`: a write is sent once and its 429 (with Retry-After) goes to the caller, which
 * waits it out without holding anything (a broadcast re-queues the group and its worker posts
 * another meanwhile: core/run-broadcast.ts). Reads are retried either way.
 */
export function withGraphRetries(
  client: GraphClient,
  options: RetryOptions = DEFAULT_RETRY,
  writes: 'retried' | 'once' = 'retried'
): GraphClient {
  return aroundGraphCalls(client, (method, _args, call) => {
    const write = WRITES.has(method);
    return write && writes === 'once' ? call() : withRetries(call, write, options);
  });
}
