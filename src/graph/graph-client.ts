// What the bot needs from Microsoft Graph, as an interface: the HTTP implementation talks to
// graph.microsoft.com (Teams mode) or the local sandbox (local mode); tests may pass a fake.
import type { Conversation, Post } from '@microsoft/microsoft-graph-types';

export interface GroupSummary {
  id: string;
  displayName: string;
  /** SMTP address of the group mailbox; builds the Outlook on the web link. */
  mail: string | null;
  visibility: string | null;
}

export interface ResolvedUser {
  id: string;
  displayName: string;
  /** `mail`, or the user principal name when the account has no mailbox address. */
  address: string;
}

export interface CreatedConversation {
  conversationId: string;
  threadId: string;
}

/** Body of `POST /groups/{id}/conversations`, typed with Graph's own types. */
export type NewConversationBody = Required<Pick<Conversation, 'topic' | 'threads'>>;

/** One row of a group's conversation list (the `$select`ed properties of Graph's conversation). */
export interface ConversationSummary {
  id: string;
  topic: string;
  /** Plain-text summary of the latest post. */
  preview: string;
  /** ISO 8601, UTC; null when Graph does not say. */
  lastDeliveredDateTime: string | null;
  uniqueSenders: string[];
  hasAttachments: boolean;
}

export interface ConversationPage {
  /** In Graph's order, which nothing promises (see `orderedByDelivery`). */
  conversations: ConversationSummary[];
  /**
   * Graph's `@odata.nextLink`, checked (next-link.ts); absent on the last page. Only ever kept on
   * the server (the page cursor store): a card never carries a URL.
   */
  nextLink?: string;
  /** Graph accepted `$orderby=lastDeliveredDateTime desc` for this page (a promise it may not keep). */
  orderedByDelivery: boolean;
}

export interface PostPage {
  /** In Graph's order, which nothing promises. */
  posts: PostSummary[];
  /** As in ConversationPage. */
  nextLink?: string;
}

/** Body of `POST /groups/{id}/threads/{id}/reply`. */
export interface ReplyBody {
  post: Post;
}

/** One post of a thread, as reconciliation needs it. */
export interface PostSummary {
  id: string;
  /**
   * Who Graph says it is from: the addresses of its `sender` and its `from`, either of which may be
   * the person. On a group post `from` is usually the group itself and `sender` the person
   * (Graph's list-posts example), so a match on `from` alone would find nobody's post.
   */
  senderAddresses: string[];
  /** The sender's name as the post gives it (its `sender`, else `from`); absent when it gives none. */
  senderName?: string;
  createdDateTime: string | null;
  /** What the post says (Graph's body: HTML or text); null when Graph gave none, absent when not read. */
  body?: { contentType: string; content: string } | null;
}

/** One thread of a conversation (the `$select`ed properties of Graph's conversationThread). */
export interface ThreadSummary {
  id: string;
  topic: string;
  /** ISO 8601, UTC; null when Graph does not say. */
  lastDeliveredDateTime: string | null;
}

/** What the bot asks Graph to watch (`POST /subscriptions`); issue 16. */
export interface NewSubscription {
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  resource: string;
  /** ISO 8601. */
  expirationDateTime: string;
  clientState: string;
}

export interface SubscriptionInfo {
  id: string;
  /** ISO 8601, as Graph set it (it may shorten what was asked). */
  expirationDateTime: string;
}

export interface GraphClient {
  /** `GET /me`: who the token belongs to, named as Graph names them (reconciliation matches their posts by it). */
  getMe(token: string): Promise<ResolvedUser>;
  /** One page of the thread's posts (the first, or the one `page` names: a nextLink Graph gave). */
  listThreadPosts(token: string, groupId: string, threadId: string, options?: { page?: string }): Promise<PostPage>;
  /** The signed-in person's Microsoft 365 (Unified) groups, every page, sorted by display name. */
  listMyGroups(token: string): Promise<GroupSummary[]>;
  /** One group by id; `group_not_found` when it does not exist or is not a Microsoft 365 group. */
  getGroup(token: string, groupId: string): Promise<GroupSummary>;
  /**
   * The group's `hideFromOutlookClients` (issue 17): `GET /groups/{id}?$select=id,hideFromOutlookClients`,
   * the only request Graph returns it on. True: members see its conversations only in the group.
   */
  isHiddenFromOutlook(token: string, groupId: string): Promise<boolean>;
  /** Mail addresses for user ids; as few requests as Graph allows, never one per person. */
  resolveUsers(token: string, userIds: readonly string[]): Promise<ResolvedUser[]>;
  /** `POST /groups/{groupId}/conversations`. */
  createConversation(token: string, groupId: string, body: NewConversationBody): Promise<CreatedConversation>;
  /**
   * One page of the group's conversations: the first, or the one `page` names (a nextLink Graph
   * gave). Most recent first is asked for, not promised. `fields: 'match'` selects only what
   * finding a post needs (no preview).
   */
  listConversations(
    token: string,
    groupId: string,
    options?: { page?: string; fields?: 'list' | 'match' }
  ): Promise<ConversationPage>;
  /** The conversation's first thread (the one to reply to); `conversation_not_found` when there is none. */
  getConversationThreadId(token: string, groupId: string, conversationId: string): Promise<string>;
  /** `POST /groups/{groupId}/threads/{threadId}/reply` (Graph answers 202 with no body). */
  replyToThread(token: string, groupId: string, threadId: string, body: ReplyBody): Promise<void>;
  /** The conversation's threads (a followed channel shows one card per thread); `conversation_not_found` when gone. */
  listConversationThreads(token: string, groupId: string, conversationId: string): Promise<ThreadSummary[]>;
  /** Ids (lower case) of the group's owners, every page: a team owner may stop a channel's follow. */
  listGroupOwnerIds(token: string, groupId: string): Promise<string[]>;
  /** `POST /subscriptions` (Graph first checks the notification URLs answer its validation request). */
  createSubscription(token: string, subscription: NewSubscription): Promise<SubscriptionInfo>;
  /** `PATCH /subscriptions/{id}` with a new expiry; `subscription_not_found` when Graph no longer has it. */
  renewSubscription(token: string, subscriptionId: string, expirationDateTime: string): Promise<SubscriptionInfo>;
  /** `DELETE /subscriptions/{id}`; one Graph no longer has counts as deleted. */
  deleteSubscription(token: string, subscriptionId: string): Promise<void>;
  /** The group, and whether the person gets its mail in their inbox (`$select=isSubscribedByMail`); issue 17. */
  getMailSubscription(token: string, groupId: string): Promise<{ group: GroupSummary; subscribed: boolean }>;
  /** `POST /groups/{id}/subscribeByMail` (on) or `unsubscribeByMail` (off), as the person: both idempotent. */
  setMailSubscription(token: string, groupId: string, on: boolean): Promise<void>;
}
