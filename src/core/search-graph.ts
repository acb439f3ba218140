// Looking for an uncertain post in Graph, as Graph really lists: in no promised order, a page at a
// time, as far as a bound. A search that stops before it has seen everything that could be the
// post has not proved the post absent, so it never answers "absent" then: it throws
// post_status_unknown and the person is told honestly (Try again searches again). Saying "absent"
// too early is how a post gets made twice.
import { AppError } from './errors';
import { deliveredCutoff, isOwnPost, type Attempt, type Sighting } from './own-post';
import type { ConversationSummary, GraphClient, PostSummary } from '../graph/graph-client';

/** Pages read per search (conversations of a group, or posts of a thread) before giving up as unknown. */
export const MAX_SEARCH_PAGES = 10;

function incomplete(what: string): AppError {
  return new AppError('post_status_unknown', `searched ${MAX_SEARCH_PAGES} pages of ${what} without reaching the end`);
}

/**
 * The first conversation, as Graph lists them, that `fits` says may be the attempt's. The search
 * ends early only when Graph has kept the order it was asked for (newest delivery first) on every
 * row seen so far and a row older than the attempt (minus clock skew) has come: later rows are
 * older still. A row out of order (Graph ignored $orderby) or without a time, or a page read
 * without $orderby, means nothing about the unseen rows: then only the last page ends it.
 */
export async function findConversationRow(
  graph: GraphClient,
  token: string,
  groupId: string,
  attempt: Pick<Attempt, 'since'>,
  fits: (row: ConversationSummary) => Promise<boolean>
): Promise<ConversationSummary | undefined> {
  const cutoff = deliveredCutoff(attempt);
  let ordered = true;
  let previous = Number.POSITIVE_INFINITY;
  let page: string | undefined;
  for (let read = 0; read < MAX_SEARCH_PAGES; read++) {
    const found = await graph.listConversations(token, groupId, { page, fields: 'match' });
    ordered &&= found.orderedByDelivery;
    let pastCutoff = false;
    for (const row of found.conversations) {
      const at = row.lastDeliveredDateTime === null ? Number.NaN : Date.parse(row.lastDeliveredDateTime);
      if (!(at <= previous)) ordered = false; // NaN compares false too
      previous = at;
      if (at < cutoff) pastCutoff = true;
      if (await fits(row)) return row;
    }
    if (found.nextLink === undefined || (ordered && pastCutoff)) return undefined;
    page = found.nextLink;
  }
  throw incomplete('conversations');
}

/** Every post of the thread, page by page, until `visit` says stop (true); bounded like the rest. */
async function eachPost(
  graph: GraphClient,
  token: string,
  groupId: string,
  threadId: string,
  visit: (post: PostSummary) => boolean
): Promise<void> {
  let page: string | undefined;
  for (let read = 0; read < MAX_SEARCH_PAGES; read++) {
    const found = await graph.listThreadPosts(token, groupId, threadId, { page });
    for (const post of found.posts) if (visit(post)) return;
    if (found.nextLink === undefined) return;
    page = found.nextLink;
  }
  throw incomplete('posts');
}

/** The thread's earliest post (posts come in no promised order, so all of them are looked at). */
export async function firstPostOf(
  graph: GraphClient,
  token: string,
  groupId: string,
  threadId: string
): Promise<PostSummary | undefined> {
  let first: PostSummary | undefined;
  const time = (p: PostSummary) => (p.createdDateTime === null ? Number.NaN : Date.parse(p.createdDateTime));
  await eachPost(graph, token, groupId, threadId, (post) => {
    // A post without a time cannot be shown to be first; one with a time beats it.
    if (first === undefined || time(post) < time(first) || Number.isNaN(time(first))) first = post;
    return false;
  });
  return first;
}

/** Whether the thread holds the attempt's post (own-post.ts), wherever Graph lists it. */
export async function threadHasOwnPost(
  graph: GraphClient,
  token: string,
  groupId: string,
  threadId: string,
  attempt: Attempt
): Promise<boolean> {
  let mine = false;
  await eachPost(graph, token, groupId, threadId, (p) => {
    const seen: Sighting = { senders: p.senderAddresses, at: p.createdDateTime, body: p.body };
    mine = isOwnPost(seen, attempt);
    return mine;
  });
  return mine;
}
