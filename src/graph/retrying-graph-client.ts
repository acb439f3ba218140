// Wraps any GraphClient with the retry policy. Methods that change data are listed as writes
// (retried only on 429); every other method is a read. A Proxy keeps the wrapper in step with
// the interface without restating each method.
import type { GraphClient } from './graph-client';
import { DEFAULT_RETRY, withRetries, type RetryOptions } from './retry-policy';

const WRITES: ReadonlySet<string> = new Set(['createConversation', 'replyToThread']);

export function withGraphRetries(client: GraphClient, options: RetryOptions = DEFAULT_RETRY): GraphClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const write = WRITES.has(String(property));
      return (...args: unknown[]) => withRetries(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args), write, options);
    }
  });
}
