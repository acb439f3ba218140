// Issue 16: a team channel follows a Microsoft 365 group. A follow outlives every turn: the Graph
// subscription behind it is renewed by the bot days later, notifications arrive on any instance,
// and each thread's card in the channel is updated in place ("3 new replies"). So the follow, its
// subscription and the card of every thread it has shown live here, in the state store.
//
// Only ids, names and counts: never a message body, never a token (the follower's offline sign-in
// is the token vault's, auth/), and the clientState, which is a secret, is never logged.

export interface Follower {
  /** Entra object id, lower case: subscriptions are created and renewed as this person. */
  aadObjectId: string;
  /** As Teams named them when they set it up ("Alex set this channel to follow …"). */
  name: string;
  tenantId: string;
}

export interface FollowRecord {
  /** Random, never derived from the channel or group. */
  followId: string;
  /** The channel's Teams conversation id (without any `;messageid=`): one follow per channel and group. */
  channelId: string;
  /** Lower-case GUID. */
  groupId: string;
  /** As the follower's directory named it at follow time (what the channel reads). */
  groupName: string;
  /** SMTP address of the group mailbox, for Open in Outlook; null when Graph had none. */
  groupMail: string | null;
  follower: Follower;
  /** The Bot Framework conversation reference of the channel (opaque here: the Teams layer reads it). */
  reference: Record<string, unknown>;
  /** Graph's subscription id, lower case; absent while it is being created, or after Graph removed it. */
  subscriptionId?: string;
  /** The random secret Graph echoes in every notification (core/change-notifications.ts). */
  clientState: string;
  /** ms since the epoch: the subscription's expirationDateTime. */
  expiresAt: number;
  /** ms since the epoch: when the bot renews it (core/change-notifications.ts renewAt). */
  renewAt: number;
  /**
   * ms since the epoch: the newest lastDeliveredDateTime of a thread this follow has shown (a
   * `missed` lifecycle event catches up from here).
   */
  lastSeenAt: number;
  createdAt: number;
  updatedAt: number;
  status: 'active' | 'stopped';
  /** Why it stopped (an error code: the words are words.ts's), when it did. */
  stoppedReason?: string;
}

/** One thread's card in the followed channel. */
export interface ThreadCard {
  followId: string;
  threadId: string;
  conversationId: string;
  /** The card's activity id in the channel, updated in place; absent until Teams answered the send. */
  activityId?: string;
  /** Posts the thread had when its card was first sent (the replies after are "new"). */
  postsAtStart: number;
  /** Posts the card shows now. */
  postsSeen: number;
  /** ms since the epoch: the thread's lastDeliveredDateTime when the card was last written. */
  lastDeliveredAt: number;
  /** The post the card shows as the latest (absent on cards written before it was kept). */
  latestPostId?: string;
}

export interface FollowStore {
  /**
   * Saves a new follow; false, changing nothing, when the channel already has an active follow of
   * that group (two people pressing at once: one follow, one subscription).
   */
  create(record: FollowRecord): Promise<boolean>;
  get(followId: string): Promise<FollowRecord | undefined>;
  /** The follow whose subscription this is, active or stopped (whatever the id's case). */
  bySubscription(subscriptionId: string): Promise<FollowRecord | undefined>;
  /** The channel's active follows, oldest first. */
  ofChannel(channelId: string): Promise<FollowRecord[]>;
  /** Active follows whose renewAt is at or before `at`, at most `limit`, soonest first. */
  due(at: number, limit: number): Promise<FollowRecord[]>;
  /** Replaces the record (the last write wins); a follow that does not exist is not created. */
  put(record: FollowRecord): Promise<void>;
  getThread(followId: string, threadId: string): Promise<ThreadCard | undefined>;
  putThread(card: ThreadCard): Promise<void>;
  /**
   * Removes stopped follows last updated before `before` (with their thread cards), and the thread
   * cards of any follow last delivered before `before` (a thread quiet that long gets a new card);
   * how many follows went.
   */
  sweep(before: number): Promise<number>;
}
