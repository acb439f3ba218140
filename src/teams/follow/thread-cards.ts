// A followed group's conversation, shown in the channel (issue 16): one card per thread, sent the
// first time the thread is seen and updated in place as posts arrive ("3 new replies"). The card's
// state (its activity id, the posts it shows) is in the follow store, so a notification Graph
// repeats, or one a restart makes the bot work on again, finds the card as it is and changes
// nothing, and two changes of one thread never make two cards.
import { buildFollowedThreadCard, type ThreadPostView } from '../../cards';
import { htmlToText } from '../../core/body-html';
import { outlookGroupUrl } from '../../core/outlook-link';
import { threadStep } from '../../core/follow-plan';
import type { PostSummary, ThreadSummary } from '../../graph/graph-client';
import type { FollowRecord, ThreadCard } from '../../storage/follow-store';
import type { FollowDeps } from './follow-deps';
import { isoMs, threadPosts } from '../../core/latest-post';

/** A thread longer than this many pages of posts is counted from its first pages only. */
const MAX_POST_PAGES = 10;
const SECOND_MS = 1000;

export interface ShownThreads {
  sent: number;
  updated: number;
  /** The newest lastDeliveredDateTime among the threads looked at (ms), for the follow's lastSeenAt. */
  lastDeliveredAt: number;
}

export async function showConversation(
  deps: FollowDeps,
  follow: FollowRecord,
  token: string,
  conversationId: string
): Promise<ShownThreads> {
  const shown: ShownThreads = { sent: 0, updated: 0, lastDeliveredAt: 0 };
  const threads = await deps.graph.listConversationThreads(token, follow.groupId, conversationId);
  for (const thread of threads) {
    const delivered = Date.parse(thread.lastDeliveredDateTime ?? '') || 0;
    shown.lastDeliveredAt = Math.max(shown.lastDeliveredAt, delivered);
    const card = await deps.store.getThread(follow.followId, thread.id);
    // Older than what the card shows: no need to read the posts. (Graph's times are to the second, so
    // the same second may hold a newer post: that is read.)
    if (card?.activityId !== undefined && delivered > 0 && delivered < card.lastDeliveredAt) continue;
    const posts = await threadPosts(deps.graph, token, follow.groupId, thread.id, MAX_POST_PAGES);
    if (posts.length === 0) continue;
    const done = await writeCard(deps, follow, conversationId, thread, posts, card, delivered);
    if (done === 'sent') shown.sent += 1;
    if (done === 'updated') shown.updated += 1;
  }
  return shown;
}

async function writeCard(
  deps: FollowDeps,
  follow: FollowRecord,
  conversationId: string,
  thread: ThreadSummary,
  posts: PostSummary[],
  card: ThreadCard | undefined,
  delivered: number
): Promise<'sent' | 'updated' | 'none'> {
  const step = threadStep(card, posts.length);
  if (step.kind === 'none') return 'none';
  // "New" replies are the ones since the card was first shown; a thread first seen long after it
  // began counts from the follow's start (what was there before was never "new" here).
  // (Graph's times are to the second: a post of the follow's own second counts as new.)
  const before = follow.createdAt - SECOND_MS;
  const postsAtStart = card?.postsAtStart ?? Math.max(1, posts.filter((p) => postedAt(p) < before).length);
  const newReplies = Math.max(0, posts.length - postsAtStart);
  const latest = latestOf(posts, card?.latestPostId);
  const view = buildFollowedThreadCard({
    groupName: follow.groupName,
    followerName: follow.follower.name,
    groupId: follow.groupId,
    conversationId,
    threadId: thread.id,
    topic: thread.topic,
    first: postView(posts[0]),
    newReplies,
    latest: newReplies > 0 ? postView(latest) : undefined,
    outlookUrl: outlookGroupUrl(follow.groupMail)
  });
  const activityId = step.kind === 'update' ? card?.activityId : undefined;
  const sentId = await deps.pace.run(follow.channelId, () =>
    deps.updateCard({ reference: follow.reference, ...(activityId ? { activityId } : {}) }, view)
  );
  await deps.store.putThread({
    followId: follow.followId,
    threadId: thread.id,
    conversationId,
    activityId: activityId ?? sentId,
    postsAtStart,
    postsSeen: posts.length,
    lastDeliveredAt: delivered,
    latestPostId: latest.id
  });
  return step.kind === 'send' ? 'sent' : 'updated';
}

/**
 * The newest post (of `posts`, oldest first). Graph's times are to the second and its lists have no
 * order, so a reply in the same second as the one the card shows may sort before it: of the posts
 * in the newest second, one the card did not show yet is the newer.
 */
function latestOf(posts: PostSummary[], shownId: string | undefined): PostSummary {
  const last = posts[posts.length - 1] as PostSummary;
  if (shownId === undefined || last.id !== shownId) return last;
  const tied = posts.filter((p) => p.id !== shownId && postedAt(p) === postedAt(last));
  return tied[tied.length - 1] ?? last;
}

function postedAt(p: PostSummary): number {
  return isoMs(p.createdDateTime);
}

function postView(p: PostSummary): ThreadPostView {
  const body = p.body;
  const text = !body ? '' : body.contentType.toLowerCase() === 'text' ? body.content : htmlToText(body.content);
  return {
    sender: p.senderName ?? p.senderAddresses[0] ?? '',
    ...(p.createdDateTime ? { sentAt: p.createdDateTime } : {}),
    text
  };
}
