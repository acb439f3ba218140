// The notifications edge's view of the follows (http/notification-routes.ts): a subscription is
// known while its follow is active, with the clientState and tenant it was created with. A stopped
// follow's subscription is unknown from the moment it stops, whatever Graph still sends for it.
import type { KnownSubscription } from '../../core/change-notifications';
import type { FollowStore } from '../../storage/follow-store';
import type { SubscriptionDirectory } from '../../storage/subscription-directory';

export function followSubscriptionDirectory(store: FollowStore): SubscriptionDirectory {
  return {
    async get(subscriptionId): Promise<KnownSubscription | undefined> {
      const follow = await store.bySubscription(subscriptionId);
      if (follow?.status !== 'active' || !follow.subscriptionId || !follow.clientState) return undefined;
      return {
        subscriptionId: follow.subscriptionId,
        clientState: follow.clientState,
        tenantId: follow.follower.tenantId
      };
    }
  };
}
