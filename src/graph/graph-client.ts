// What the bot needs from Microsoft Graph, as an interface: the HTTP implementation talks to
// graph.microsoft.com (Teams mode) or the local sandbox (local mode); tests may pass a fake.
import type { Conversation } from '@microsoft/microsoft-graph-types';

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

export interface GraphClient {
  /** The signed-in person's Microsoft 365 (Unified) groups, every page, sorted by display name. */
  listMyGroups(token: string): Promise<GroupSummary[]>;
  /** One group by id; `group_not_found` when it does not exist or is not a Microsoft 365 group. */
  getGroup(token: string, groupId: string): Promise<GroupSummary>;
  /** Mail addresses for user ids; as few requests as Graph allows, never one per person. */
  resolveUsers(token: string, userIds: readonly string[]): Promise<ResolvedUser[]>;
  /** `POST /groups/{groupId}/conversations`. */
  createConversation(token: string, groupId: string, body: NewConversationBody): Promise<CreatedConversation>;
}
