// Send one validated reply into a group conversation's thread as the person, exactly once per
// reply form and person (the same ledger as new conversations, under its own key space).
import { previewOf } from './body-html';
import { buildPost, resolveParticipants } from './participants';
import { postOnce, type PostOutcome } from './post-once';
import type { ValidReply } from './validate-reply';
import type { GraphClient } from '../graph/graph-client';
import type { DraftLedger } from '../storage/draft-ledger';

export interface PostReplyDeps {
  graph: GraphClient;
  ledger: DraftLedger;
  now: () => number;
}

export async function postReply(deps: PostReplyDeps, userId: string, token: string, reply: ValidReply): Promise<PostOutcome> {
  // `reply:` keeps reply drafts apart from conversation drafts: a conversation form's draftId sent
  // with the reply verb must not come back as "already sent".
  const key = `${userId.toLowerCase()}:reply:${reply.draftId}`;
  return postOnce(deps, key, userId, async () => {
    // A form opened while the thread lookup failed carries no thread id: find it now.
    const threadId = reply.threadId ?? (await deps.graph.getConversationThreadId(token, reply.groupId, reply.conversationId));
    const participants = await resolveParticipants(deps.graph, token, reply.participantIds, reply.otherEmails);
    await deps.graph.replyToThread(token, reply.groupId, threadId, { post: buildPost(reply.body, participants) });
    return {
      groupId: reply.groupId,
      // Not looked up: the reply card names the conversation, not the group.
      groupName: '',
      conversationId: reply.conversationId,
      threadId,
      topic: reply.topic,
      bodyPreview: previewOf(reply.body),
      participants
    };
  });
}
