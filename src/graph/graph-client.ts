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
  conversations: ConversationSummary[];
  /** Asks for the next page (see page-cursor.ts); absent on the last page. Never a URL. */
  cursor?: string;
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
  createdDateTime: string | null;
  /** What the post says (Graph's body: HTML or text); null when Graph gave none, absent when not read. */
  body?: { contentType: string; content: string } | null;
}

export interface GraphClient {
  /** `GET /me`: who the token belongs to, named as Graph names them (reconciliation matches their posts by it). */
  getMe(token: string): Promise<ResolvedUser>;
  /** The thread's posts (up to `top`), to find a reply whose answer was lost. */
  listThreadPosts(token: string, groupId: string, threadId: string, top: number): Promise<PostSummary[]>;
  /** The signed-in person's Microsoft 365 (Unified) groups, every page, sorted by display name. */
  listMyGroups(token: string): Promise<GroupSummary[]>;
  /** One group by id; `group_not_found` when it does not exist or is not a Microsoft 365 group. */
  getGroup(token: string, groupId: string): Promise<GroupSummary>;
  /** Mail addresses for user ids; as few requests as Graph allows, never one per person. */
  resolveUsers(token: string, userIds: readonly string[]): Promise<ResolvedUser[]>;
  /** `POST /groups/{groupId}/conversations`. */
  createConversation(token: string, groupId: string, body: NewConversationBody): Promise<CreatedConversation>;
  /** One page of the group's conversations, most recent first; `cursor` from the previous page. */
  listConversations(
    token: string,
    groupId: string,
    options: { top: number; cursor?: string }
  ): Promise<ConversationPage>;
  /** The conversation's first thread (the one to reply to); `conversation_not_found` when there is none. */
  getConversationThreadId(token: string, groupId: string, conversationId: string): Promise<string>;
  /** `POST /groups/{groupId}/threads/{threadId}/reply` (Graph answers 202 with no body). */
  replyToThread(token: string, groupId: string, threadId: string, body: ReplyBody): Promise<void>;
}
