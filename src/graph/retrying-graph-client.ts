// Wraps any GraphClient with the retry policy. Methods that change data are listed as writes
// (retried only on 429); every other method is a read.
import { aroundGraphCalls, type GraphMethod } from './around-graph-calls';
import type { GraphClient } from './graph-client';
import { DEFAULT_RETRY, withRetries, type RetryOptions } from './retry-policy';

// A subscription created twice is a second subscription (its notifications, with an id the bot does
// not know, are dropped at the edge, and it expires unrenewed): only 429 is retried, like a post.
// setMailSubscription (subscribeByMail/unsubscribeByMail) is idempotent, so it is retried like a read.
const WRITES: ReadonlySet<GraphMethod> = new Set<GraphMethod>([
  'createConversation',
  'replyToThread',
  'createSubscription'
]);

// Courtesy reads: their failure changes nothing but a warning (issue 17's hidden-from-Outlook flag),
// so one attempt; retrying would only hold up the post it comes before.
const ONCE: ReadonlySet<GraphMethod> = new Set<GraphMethod>(['isHiddenFromOutlook']);

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
    if (ONCE.has(method)) return call();
    const write = WRITES.has(method);
    return write && writes === 'once' ? call() : withRetries(call, write, options);
  });
}
