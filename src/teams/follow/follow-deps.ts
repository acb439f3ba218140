// What following a group needs (issue 16), passed in by the composition root (create-bot.ts).
import type { AdaptiveCard } from '../../cards';
import type { FollowSettings } from '../../config';
import type { GraphClient } from '../../graph/graph-client';
import type { OfflineAccess } from '../../auth/token-provider';
import type { FollowStore } from '../../storage/follow-store';
import type { Logger } from '../../logger';
import type { CardSpot } from '../broadcast/broadcaster';
import type { ChannelPace } from './channel-pace';

export interface FollowDeps {
  graph: GraphClient;
  store: FollowStore;
  /** The follower's sign-in while they are away: renewals and reading what arrived are made as them. */
  offline: OfflineAccess;
  /** Sends a card (no activityId: a new message, whose id it resolves with) or replaces one, with the connector's retries. */
  updateCard: (spot: CardSpot, card: AdaptiveCard) => Promise<string | undefined>;
  pace: ChannelPace;
  settings: FollowSettings;
  /** Where Graph is to send notifications; undefined while the bot's address is not known (it is not listening yet). */
  notificationUrls: () => { change: string; lifecycle: string } | undefined;
  now: () => number;
  newId: () => string;
  logger: Logger;
  /** Removes kept sign-ins unused since `before` (the token vault's sweep: settings.offlineKeepMs). */
  sweepKeptSignIns?: (before: number) => Promise<number>;
}
