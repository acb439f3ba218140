// The Graph subscriptions the bot created (issue 16), looked up by the notifications edge to tell
// Graph's items from forged ones. Only in memory for now: nothing creates subscriptions yet (the
// follow command is still to come), and a persistent, shared version comes with it.
// Async by contract so a shared store can replace the map without touching its callers.
import type { KnownSubscription } from '../core/change-notifications';

export interface SubscriptionDirectory {
  /** The subscription, whatever the case of its id (a GUID). */
  get(subscriptionId: string): Promise<KnownSubscription | undefined>;
  put(subscription: KnownSubscription): Promise<void>;
  remove(subscriptionId: string): Promise<void>;
}

export function createMemorySubscriptionDirectory(): SubscriptionDirectory {
  const byId = new Map<string, KnownSubscription>();
  return {
    async get(subscriptionId) {
      return byId.get(subscriptionId.toLowerCase());
    },
    async put(subscription) {
      byId.set(subscription.subscriptionId.toLowerCase(), { ...subscription });
    },
    async remove(subscriptionId) {
      byId.delete(subscriptionId.toLowerCase());
    }
  };
}
