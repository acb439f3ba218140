// Everything the Teams layer needs, passed in (no singletons): tests swap any piece.
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import type { GraphClient } from '../../graph/graph-client';
import type { TokenProvider } from '../../auth/token-provider';
import type { SignInLinks } from '../../auth/sign-in-flow';
import type { DraftLedger } from '../../storage/draft-ledger';
import type { RateLimiter } from '../../core/rate-limiter';
import type { KeyValueStorage } from '../../storage/sqlite-key-value-storage';
import type { ExpiringStore } from '../../storage/expiring-store';
import type { FormContextStore } from '../../storage/form-context-store';
import type { KeptDraftStore } from '../../storage/kept-draft-store';
import type { OwnViewStore } from '../../storage/own-view-store';
import type { GroupDirectory } from '../../core/group-directory';
import type { ConversationScanner } from '../../core/conversation-scan';
import type { RecentGroups } from '../../storage/recent-groups';
import type { PageCursorStore } from '../../storage/page-cursor-store';
import type { Configuration } from '@azure/msal-node';
import type { BroadcastStore } from '../../storage/broadcast-store';
import type { Broadcaster, CardSpot } from '../broadcast/broadcaster';
import type { AdaptiveCard } from '../../cards';
import type { FollowDeps } from '../follow/follow-deps';

export interface BotDeps {
  /** Following a group in a channel (issue 16); absent where the bot was built without it. */
  follow?: FollowDeps;
  config: Config;
  logger: Logger;
  graph: GraphClient;
  tokens: TokenProvider;
  ledger: DraftLedger;
  /** POSTS_PER_MINUTE per person, for new conversations and replies alike. */
  rateLimiter: RateLimiter;
  /** READS_PER_MINUTE per person: every other action that calls Graph (turn.ts takes from it). */
  readLimiter: RateLimiter;
  /** teams-ai turn state (sign-in flows); a botbuilder Storage by shape (teams-ai-storage.ts). */
  storage: KeyValueStorage;
  /** signin/tokenExchange ids already claimed, shared by the instances (token-exchange-once.ts). */
  tokenExchanges: ExpiringStore<true>;
  forms: FormContextStore;
  /** Messages too long for a retry form, kept per form and person (SQLite: survives a restart). */
  keptDrafts: KeptDraftStore;
  /** The person's own card behind a neutral shared card (user-specific refresh in channels and group chats). */
  ownViews: OwnViewStore;
  groups: GroupDirectory;
  /** The compose box's search: each person's recent conversations, scanned at most once a minute. */
  conversationScan: ConversationScanner;
  /** The groups each person posted or replied to last: the group picker lists them first. */
  recentGroups: RecentGroups;
  /** Where each list card's More goes next (Graph's nextLink never travels in a card). */
  pageCursors: PageCursorStore;
  /** Every broadcast's durable record (issue 15): where its card is, what it posts, each group's state. */
  broadcasts: BroadcastStore;
  /** Runs broadcasts after their invoke was answered, and resumes them after a restart. */
  broadcaster: Broadcaster;
  /**
   * Replaces a card after its turn (broadcast/card-updates.ts: continueConversation + updateActivity,
   * the connector's 412/429/502/504 retried); with no activity id, sends it and resolves with the new id.
   */
  updateCard: (spot: CardSpot, card: AdaptiveCard) => Promise<string | undefined>;
  now: () => number;
  /**
   * Runs `task` once, `delayMs` from now, in the background (the second look at an uncertain post).
   * Passed in so tests run it when they choose, without sleeping.
   */
  schedule: (delayMs: number, task: () => Promise<void>) => void;
  newDraftId: () => string;
  /** A fresh id for each card sign-in request's tokenExchangeResource (Teams wants one per request). */
  newExchangeId: () => string;
  /** Teams mode: teams-ai's Teams SSO (command path) with the same msal cache as `tokens`. */
  sso?: { msalConfig: Configuration; signInUrl: string };
  /** Teams mode: person-bound sign-in links and the check of the code the pop-up handed to Teams. */
  signIn?: SignInLinks;
}
