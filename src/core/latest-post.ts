// The last post of a group conversation: who sent it and when, for the card the compose box's
// search inserts (issue 17). Graph promises no order for threads or posts, so both are sorted
// here; the thread with the latest delivery is the one Reply answers. Bounded: one thread list and
// at most MAX_POST_PAGES pages of that thread's posts. threadPosts is also what a followed
// thread's card reads (teams/follow/thread-cards.ts).
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
  const thread = [...threads].sort((a, b) => isoMs(b.lastDeliveredDateTime) - isoMs(a.lastDeliveredDateTime))[0];
  if (!thread) return undefined;
  // Oldest first, so of posts in the same second the one listed later is taken (lists come oldest
  // first where they have an order at all).
  const posts = await threadPosts(graph, token, groupId, thread.id, MAX_POST_PAGES);
  const last = posts[posts.length - 1];
  if (!last) return { threadId: thread.id };
  const sender = last.senderName ?? last.senderAddresses[0];
  return {
    threadId: thread.id,
    ...(sender ? { sender } : {}),
    ...(last.createdDateTime ? { sentAt: last.createdDateTime } : {})
  };
}

/**
 * A thread's posts, oldest first, from at most `maxPages` of Graph's pages. Graph promises no
 * order, so they are sorted here by creation (a stable sort: ties keep Graph's order).
 */
export async function threadPosts(
  graph: GraphClient,
  token: string,
  groupId: string,
  threadId: string,
  maxPages: number
): Promise<PostSummary[]> {
  const posts: PostSummary[] = [];
  let page: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const got = await graph.listThreadPosts(token, groupId, threadId, page === undefined ? {} : { page });
    posts.push(...got.posts);
    page = got.nextLink;
    if (page === undefined) break;
  }
  return posts.sort((a, b) => isoMs(a.createdDateTime) - isoMs(b.createdDateTime));
}

/** An ISO time as ms since the epoch; 0 when absent or unreadable (sorts first). */
export function isoMs(iso: string | null | undefined): number {
  return Date.parse(iso ?? '') || 0;
}
