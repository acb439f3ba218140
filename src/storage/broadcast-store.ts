// Issue 15: a broadcast (one announcement posted to many groups) outlives the turn that started
// it. Its record says where its progress card is, what every group gets and where each group
// stands, so that a restart mid-broadcast resumes the unfinished groups and keeps updating the
// same card, and "Retry the failed ones" posts again only those. Exactly once per group is kept
// by the draft ledger (one draft per group, broadcast-plan.ts groupDraftId), not by this record:
// a state written late (or lost in a crash) only makes a group be asked again, and the ledger
// answers it as a repeat.
//
// The record holds the message until the broadcast is swept (`BROADCAST_KEEP_HOURS`): a retry or a
// resume needs it, as a kept draft does (kept-draft-store.ts). Nothing in it is logged.
import type { Participant } from '../core/participants';
import type { GroupState } from '../core/broadcast-plan';

export interface BroadcastGroup {
  groupId: string;
  /** As the person's directory named it when the broadcast started (the card lists it). */
  groupName: string;
  state: GroupState;
  /** Posted: the group's conversations in Outlook on the web. */
  outlookUrl?: string;
  conversationId?: string;
  /** Failed or checking: the error's code (its words come from words.ts, never stored text). */
  errorCode?: string;
  /** Failed because it was throttled or busy: when Graph said to come back. */
  retryAfterSeconds?: number;
}

export interface BroadcastDraft {
  topic: string;
  body: string;
  /** A message action's message as sanitized HTML (never from card data). */
  bodyHtml?: string;
  /** Resolved once, before anything was posted: every group gets the same people. */
  participants: Participant[];
}

export interface BroadcastRecord {
  /** The form's draftId: a second click or a re-delivered invoke names the same broadcast. */
  broadcastId: string;
  /** Who posts: every group is posted as this person (Entra object id, lower case). */
  userId: string;
  tenantId?: string;
  createdAt: number;
  updatedAt: number;
  /**
   * Where the progress card is: the Bot Framework conversation reference (opaque here: the Teams
   * layer reads it) and the card's activity id, updated in place.
   */
  card: { reference: Record<string, unknown>; activityId?: string };
  draft: BroadcastDraft;
  groups: BroadcastGroup[];
  /** `running` until every group's outcome is one that will not change by itself. */
  status: 'running' | 'settled';
  /**
   * While running: the person's Graph access token, sealed (auth/token-seal.ts), so a restart can
   * resume as them; removed once settled. Absent where the bot has no secret to seal it with.
   */
  sealedToken?: string;
}

export interface BroadcastStore {
  /** Saves a new broadcast; false, changing nothing, when one with this id exists already. */
  create(record: BroadcastRecord): Promise<boolean>;
  get(broadcastId: string): Promise<BroadcastRecord | undefined>;
  /** Replaces the record (one runner per broadcast writes it; the last write wins). */
  put(record: BroadcastRecord): Promise<void>;
  /** Broadcasts whose status is `running` (at start: the ones to resume), at most `limit`, oldest first. */
  unfinished(limit: number): Promise<BroadcastRecord[]>;
  /** Removes broadcasts last updated before `before` (their message with them); how many went. */
  sweep(before: number): Promise<number>;
}
