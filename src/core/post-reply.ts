// Send one validated reply into a group conversation's thread as the person, exactly once per
// reply form and person (the same ledger as new conversations, under its own key space).
import { collapse, htmlToText, previewOf } from './body-html';
import { buildPost, resolveParticipants } from './participants';
import type { RateLimiter } from './rate-limiter';
import { postOnce, type PostOutcome } from './post-once';
import type { ValidReply } from './validate-reply';
import type { GraphClient } from '../graph/graph-client';
import type { DraftLedger, PostedConversation } from '../storage/draft-ledger';

export interface PostReplyDeps {
  graph: GraphClient;
  ledger: DraftLedger;
  now: () => number;
  rateLimiter?: RateLimiter;
  reconcileGraceMs?: number;
}

export async function postReply(deps: PostReplyDeps, userId: string, token: string, reply: ValidReply): Promise<PostOutcome> {
  // `reply:` keeps reply drafts apart from conversation drafts: a conversation form's draftId sent
  // with the reply verb must not come back as "already sent".
  const key = `${userId.toLowerCase()}:reply:${reply.draftId}`;
  // A form opened while the thread lookup failed carries no thread id: find it when needed.
  const threadOf = async () => reply.threadId ?? (await deps.graph.getConversationThreadId(token, reply.groupId, reply.conversationId));
  const present = (threadId: string, participants: PostedConversation['participants']): PostedConversation => ({
    groupId: reply.groupId,
    // Not looked up: the reply card names the conversation, not the group.
    groupName: '',
    conversationId: reply.conversationId,
    threadId,
    topic: reply.topic,
    bodyPreview: previewOf(reply.body),
    participants
  });
  return postOnce(deps, {
    key,
    userId,
    body: reply.body,
    post: async () => {
      const threadId = await threadOf();
      const participants = await resolveParticipants(deps.graph, token, reply.participantIds, reply.otherEmails);
      await deps.graph.replyToThread(token, reply.groupId, threadId, { post: buildPost(reply.body, participants) });
      return present(threadId, participants);
    },
    // A reply whose answer was lost is found among the thread's posts: from this person, since
    // the attempt started (5 minutes' clock skew allowed), saying what this reply says. Sender and
    // time alone would also match the person's own earlier post in the thread (the conversation
    // they started a minute ago, their previous reply) and report an unsent reply as sent.
    reconcile: async (since) => {
      const threadId = await threadOf();
      const [me, posts] = await Promise.all([deps.graph.getMe(token), deps.graph.listThreadPosts(token, reply.groupId, threadId, 50)]);
      const typed = collapse(reply.body);
      const mine = posts.some(
        (p) =>
          p.fromAddress?.toLowerCase() === me.address.toLowerCase() &&
          p.createdDateTime !== null &&
          Date.parse(p.createdDateTime) >= since - 5 * 60_000 &&
          // Without a body (not read, or Graph gave none) the text cannot be told apart: as before.
          (!p.body || (p.body.contentType.toLowerCase() === 'text' ? collapse(p.body.content) : htmlToText(p.body.content)).includes(typed))
      );
      return mine ? present(threadId, await resolveParticipants(deps.graph, token, reply.participantIds, reply.otherEmails)) : undefined;
    }
  });
}
