// Wraps any GraphClient with the retry policy. Methods that change data are listed as writes
// (retried only on 429); every other method is a read.
import { aroundGraphCalls, type GraphMethod } from './around-graph-calls';
import type { GraphClient } from './graph-client';
import { DEFAULT_RETRY, withRetries, type RetryOptions } from './retry-policy';

const WRITES: ReadonlySet<GraphMethod> = new Set<GraphMethod>(['createConversation', 'replyToThread']);

export function withGraphRetries(client: GraphClient, options: RetryOptions = DEFAULT_RETRY): GraphClient {
  return aroundGraphCalls(client, (method, _args, call) => withRetries(call, WRITES.has(method), options));
}
