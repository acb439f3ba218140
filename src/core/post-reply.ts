// Send one validated reply into a group conversation's thread as the person, exactly once per
// reply form and person (the same ledger as new conversations, under its own key space).
import { previewOf } from './body-html';
import { buildPost, resolveParticipants, type Participant } from './participants';
import {
  lookAgain,
  postOnce,
  type LookedAgain,
  type PostAttempt,
  type PostOnceDeps,
  type PostOutcome
} from './post-once';
import { threadHasOwnPost } from './search-graph';
import type { ValidReply } from './validate-reply';
import type { GraphClient } from '../graph/graph-client';
import type { PostedConversation } from '../storage/draft-ledger';

export interface PostReplyDeps extends PostOnceDeps {
  graph: GraphClient;
}

export async function postReply(
  deps: PostReplyDeps,
  userId: string,
  token: string,
  reply: ValidReply
): Promise<PostOutcome> {
  return postOnce(deps, replyAttempt(deps, userId, token, reply));
}

/** After an unknown outcome: looks for the reply again (never posts). See post-once.ts lookAgain. */
export async function lookForReply(
  deps: PostReplyDeps,
  userId: string,
  token: string,
  reply: ValidReply
): Promise<LookedAgain> {
  return lookAgain(deps, replyAttempt(deps, userId, token, reply));
}

function replyAttempt(deps: PostReplyDeps, userId: string, token: string, reply: ValidReply): PostAttempt {
  // `reply:` keeps reply drafts apart from conversation drafts: a conversation form's draftId sent
  // with the reply verb must not come back as "already sent".
  const key = `${userId.toLowerCase()}:reply:${reply.draftId}`;
  // A form opened while the thread lookup failed carries no thread id: find it when needed.
  const threadOf = async () =>
    reply.threadId ?? (await deps.graph.getConversationThreadId(token, reply.groupId, reply.conversationId));
  const people = () => resolveParticipants(deps.graph, token, reply.participantIds, reply.otherEmails);
  const present = (threadId: string, participants: Participant[]): PostedConversation => ({
    groupId: reply.groupId,
    // Not looked up: the reply card names the conversation, not the group.
    groupName: '',
    conversationId: reply.conversationId,
    threadId,
    topic: reply.topic,
    bodyPreview: previewOf(reply.body),
    participants
  });
  return {
    key,
    userId,
    body: reply.body,
    post: async () => {
      const threadId = await threadOf();
      const participants = await people();
      await deps.graph.replyToThread(token, reply.groupId, threadId, { post: buildPost(reply.body, participants) });
      return present(threadId, participants);
    },
    // A reply whose answer was lost is found among the thread's posts (own-post.ts says which is
    // ours), wherever Graph lists it (search-graph.ts).
    reconcile: async (since) => {
      const threadId = await threadOf();
      const me = await deps.graph.getMe(token);
      const mine = await threadHasOwnPost(deps.graph, token, reply.groupId, threadId, { me, since, body: reply.body });
      return mine ? present(threadId, await people()) : undefined;
    }
  };
}
