// The last post of a group conversation: who sent it and when, for the card the compose box's
// search inserts (issue 17). Graph promises no order for threads or posts, so both are sorted
// here; the thread with the latest delivery is the one Reply answers. Bounded: one thread list and
// at most MAX_POST_PAGES pages of that thread's posts.
import type { GraphClient, PostSummary } from '../graph/graph-client';

const MAX_POST_PAGES = 3;

export interface LatestPost {
  threadId: string;
  sender?: string;
  /** ISO 8601 (UTC). */
  sentAt?: string;
}

export async function latestPost(
  graph: GraphClient,
  token: string,
  groupId: string,
  conversationId: string
): Promise<LatestPost | undefined> {
  const threads = await graph.listConversationThreads(token, groupId, conversationId);
  const thread = [...threads].sort((a, b) => at(b.lastDeliveredDateTime) - at(a.lastDeliveredDateTime))[0];
  if (!thread) return undefined;
  const posts: PostSummary[] = [];
  let page: string | undefined;
  for (let n = 0; n < MAX_POST_PAGES; n++) {
    const got = await graph.listThreadPosts(token, groupId, thread.id, page === undefined ? {} : { page });
    posts.push(...got.posts);
    page = got.nextLink;
    if (page === undefined) break;
  }
  // Graph's times can be to the second: of posts in the same second, the one listed later is taken
  // (lists come oldest first where they have an order at all).
  let last: PostSummary | undefined;
  for (const p of posts) if (!last || at(p.createdDateTime) >= at(last.createdDateTime)) last = p;
  if (!last) return { threadId: thread.id };
  const sender = last.senderName ?? last.senderAddresses[0];
  return {
    threadId: thread.id,
    ...(sender ? { sender } : {}),
    ...(last.createdDateTime ? { sentAt: last.createdDateTime } : {})
  };
}

function at(iso: string | null | undefined): number {
  return Date.parse(iso ?? '') || 0;
}
