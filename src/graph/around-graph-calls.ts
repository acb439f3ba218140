// The one way to wrap a GraphClient (the retry policy, the mailbox gate): a Proxy that routes
// every method call through `around`, so a wrapper stays in step with the interface without
// restating each method, and each wrapper says only what it adds.
import type { GraphClient } from './graph-client';

/** A GraphClient method's name: a set of these fails the typecheck when a method is renamed. */
export type GraphMethod = keyof GraphClient;

export function aroundGraphCalls(
  client: GraphClient,
  around: (method: GraphMethod, args: unknown[], call: () => Promise<unknown>) => Promise<unknown>
): GraphClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      // A function on a GraphClient is one of its methods; one a fake adds is in no wrapper's set.
      const method = property as GraphMethod;
      return (...args: unknown[]) =>
        around(method, args, () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    }
  });
}
