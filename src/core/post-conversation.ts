// The heart of the product: post one validated draft as the person, exactly once.
// Framework-free: the Teams layer passes the person's token in and renders the outcome.
import { previewOf } from './body-html';
import { outlookGroupUrl } from './outlook-link';
import { buildPost, resolveParticipants, type Participant } from './participants';
import { postOnce, type PostOutcome } from './post-once';
import type { ValidDraft } from './validate-draft';
import type { GroupDirectory } from './group-directory';
import type { GraphClient, NewConversationBody } from '../graph/graph-client';
import type { DraftLedger } from '../storage/draft-ledger';

export type { PostOutcome } from './post-once';

export interface PostConversationDeps {
  graph: GraphClient;
  groups: GroupDirectory;
  ledger: DraftLedger;
  now: () => number;
}

export async function postConversation(
  deps: PostConversationDeps,
  userId: string,
  token: string,
  draft: ValidDraft
): Promise<PostOutcome> {
  // Per person: in a chat or channel several people can press Post on the same form; each posts
  // as themselves, and nobody is shown another person's outcome for it.
  const key = `${userId.toLowerCase()}:${draft.draftId}`;
  return postOnce(deps, key, userId, async () => {
    const group = await deps.groups.describe(token, userId, draft.groupId);
    const participants = await resolveParticipants(deps.graph, token, draft.participantIds, draft.otherEmails);
    const created = await deps.graph.createConversation(token, draft.groupId, buildConversationBody(draft, participants));
    return {
      groupId: draft.groupId,
      groupName: group.displayName,
      conversationId: created.conversationId,
      threadId: created.threadId,
      topic: draft.topic,
      bodyPreview: previewOf(draft.body),
      participants,
      outlookUrl: outlookGroupUrl(group.mail)
    };
  });
}

/** Exactly the shape of Graph's "Create conversation" example: one thread, one post. */
export function buildConversationBody(draft: Pick<ValidDraft, 'topic' | 'body' | 'bodyHtml'>, participants: Participant[]): NewConversationBody {
  const post = buildPost(draft.body, participants);
  // Already sanitized on the server (sanitize-teams-html.ts), so it goes as it is.
  if (draft.bodyHtml) post.body = { contentType: 'html', content: draft.bodyHtml };
  return { topic: draft.topic, threads: [{ posts: [post] }] };
}
