// The Graph subscriptions the bot created (issue 16), looked up by the notifications edge to tell
// Graph's items from forged ones. The follows are that directory (teams/follow/follow-directory.ts):
// a subscription is known while its channel's follow is active.
import type { KnownSubscription } from '../core/change-notifications';

export interface SubscriptionDirectory {
  /** The subscription, whatever the case of its id (a GUID). */
  get(subscriptionId: string): Promise<KnownSubscription | undefined>;
}
