// The heart of the product: post one validated draft as the person, exactly once.
// Framework-free: the Teams layer passes the person's token in and renders the outcome.
import { previewOf } from './body-html';
import { filesHtml } from './message-files';
import { outlookGroupUrl } from './outlook-link';
import { isOwnPost, type Sighting } from './own-post';
import { buildPost, resolveParticipants, type Participant } from './participants';
import {
  lookAgain,
  postOnce,
  type LookedAgain,
  type PostAttempt,
  type PostOnceDeps,
  type PostOutcome
} from './post-once';
import { findConversationRow, firstPostOf } from './search-graph';
import type { ValidDraft } from './validate-draft';
import type { GroupDirectory } from './group-directory';
import type { ConversationSummary, CreatedConversation, GraphClient, NewConversationBody } from '../graph/graph-client';
import type { PostedConversation } from '../storage/draft-ledger';

export type { LookedAgain, PostOutcome } from './post-once';

export interface PostConversationDeps extends PostOnceDeps {
  graph: GraphClient;
  groups: GroupDirectory;
}

/**
 * What a broadcast works out once for all its groups (issue 15): the participants, resolved before
 * anything is posted, so an address that cannot be resolved fails the form and not group 17.
 */
export interface PreparedPost {
  participants: Participant[];
}

export async function postConversation(
  deps: PostConversationDeps,
  userId: string,
  token: string,
  draft: ValidDraft,
  prepared?: PreparedPost
): Promise<PostOutcome> {
  return postOnce(deps, conversationAttempt(deps, userId, token, draft, prepared));
}

/** After an unknown outcome: looks for the post again (never posts). See post-once.ts lookAgain. */
export async function lookForConversation(
  deps: PostConversationDeps,
  userId: string,
  token: string,
  draft: ValidDraft,
  prepared?: PreparedPost
): Promise<LookedAgain> {
  return lookAgain(deps, conversationAttempt(deps, userId, token, draft, prepared));
}

function conversationAttempt(
  deps: PostConversationDeps,
  userId: string,
  token: string,
  draft: ValidDraft,
  prepared?: PreparedPost
): PostAttempt {
  // Per person: in a chat or channel several people can press Post on the same form; each posts
  // as themselves, and nobody is shown another person's outcome for it.
  const key = `${userId.toLowerCase()}:${draft.draftId}`;
  const lookUp = async () => ({
    group: await deps.groups.describe(token, userId, draft.groupId),
    participants:
      prepared?.participants ?? (await resolveParticipants(deps.graph, token, draft.participantIds, draft.otherEmails))
  });
  const present = (
    created: CreatedConversation,
    { group, participants }: Awaited<ReturnType<typeof lookUp>>
  ): PostedConversation => ({
    groupId: draft.groupId,
    groupName: group.displayName,
    conversationId: created.conversationId,
    threadId: created.threadId,
    topic: draft.topic,
    bodyPreview: previewOf(draft.body),
    participants,
    outlookUrl: outlookGroupUrl(group.mail)
  });
  return {
    key,
    userId,
    body: draft.body,
    post: async () => {
      const found = await lookUp();
      return present(
        await deps.graph.createConversation(token, draft.groupId, buildConversationBody(draft, found.participants)),
        found
      );
    },
    reconcile: async (since) => {
      const created = await findConversation(deps.graph, token, draft, since);
      return created ? present(created, await lookUp()) : undefined;
    }
  };
}

/**
 * The person's conversation with this topic, delivered since the attempt started, whose first
 * post says what this draft says (own-post.ts). Graph cannot filter on topic, so the group's
 * conversations are searched (search-graph.ts: no order assumed, bounded, unknown rather than
 * absent when the bound comes first), and only rows whose topic, senders and time fit have their
 * first post read.
 */
async function findConversation(
  graph: GraphClient,
  token: string,
  draft: ValidDraft,
  since: number
): Promise<CreatedConversation | undefined> {
  const me = await graph.getMe(token);
  const attempt = { me, since, body: draft.body, bodyHtml: draft.bodyHtml };
  const seen = (c: ConversationSummary, body?: Sighting['body']): Sighting => ({
    senders: c.uniqueSenders,
    at: c.lastDeliveredDateTime,
    body
  });
  let threadId = '';
  const row = await findConversationRow(graph, token, draft.groupId, attempt, async (c) => {
    if (c.topic !== draft.topic || !isOwnPost(seen(c), attempt)) return false;
    threadId = await graph.getConversationThreadId(token, draft.groupId, c.id);
    const first = await firstPostOf(graph, token, draft.groupId, threadId);
    // No first post, or one without a body: topic, sender and time decide.
    return isOwnPost(seen(c, first?.body ?? null), attempt);
  });
  return row ? { conversationId: row.id, threadId } : undefined;
}

/** Exactly the shape of Graph's "Create conversation" example: one thread, one post. */
export function buildConversationBody(
  draft: Pick<ValidDraft, 'topic' | 'body' | 'bodyHtml' | 'files'>,
  participants: Participant[]
): NewConversationBody {
  const post = buildPost(draft.body, participants);
  // Already sanitized on the server (sanitize-teams-html.ts), so it goes as it is.
  if (draft.bodyHtml) post.body = { contentType: 'html', content: draft.bodyHtml };
  // The kept files as links after the message (message-files.ts escapes and sanitizes them).
  const files = filesHtml(draft.files ?? []);
  if (files) post.body = { contentType: 'html', content: `${post.body?.content ?? ''}${files}` };
  return { topic: draft.topic, threads: [{ posts: [post] }] };
}
