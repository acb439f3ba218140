// The compose box's search (issue 17, message extension query `findConversation`): which of the
// conversations the bot scanned match what the person typed. Pure: conversation-scan.ts reads
// Graph, this decides. Graph offers no search over group posts (`GET /groups/{id}/conversations`
// documents only $select and $filter, and $filter not on topic), so the bot scans a bounded set of
// recent conversations and matches here.
import type { ConversationSummary, GroupSummary } from '../graph/graph-client';
import { isoMs } from './latest-post';
import { foldText, wholeNumber } from './search-text';

/** Teams' result list: up to 10 previews per query (the issue's number; Teams pages with skip). */
export const MAX_FOUND = 10;
/** The person's groups scanned: their most recently used first, then the rest, at most this many. */
export const MAX_SCANNED_GROUPS = 20;
/** Conversations kept per group: its most recent ones, as far as Graph's order lets us know. */
export const MAX_CONVERSATIONS_PER_GROUP = 50;
/** Longer text finds nothing a shorter one would not; the rest is ignored. */
export const MAX_QUERY_CHARS = 200;

export interface FoundConversation {
  group: GroupSummary;
  conversation: ConversationSummary;
}

export interface FoundPage {
  skip?: unknown;
  count?: unknown;
}

/**
 * The conversations whose topic or preview contains every word typed (any case, accents as typed),
 * most recent first; an empty text lists the most recent ones. `skip`/`count` are Teams'
 * queryOptions (it asks for more as the person scrolls), `count` at most MAX_FOUND.
 */
export function matchConversations(
  rows: readonly FoundConversation[],
  text: string,
  page: FoundPage = {}
): FoundConversation[] {
  const words = foldText(text.slice(0, MAX_QUERY_CHARS)).split(' ').filter(Boolean);
  const matching = rows.filter(({ conversation: c }) => {
    if (words.length === 0) return true;
    const haystack = foldText(`${c.topic} ${c.preview}`);
    return words.every((w) => haystack.includes(w));
  });
  const skip = wholeNumber(page.skip, 0);
  const count = Math.min(Math.max(wholeNumber(page.count, MAX_FOUND), 1), MAX_FOUND);
  return [...matching].sort(newestFirst).slice(skip, skip + count);
}

/** Graph's summary can hold the same conversation twice across pages; the newest copy stands. */
export function distinctConversations(rows: readonly FoundConversation[]): FoundConversation[] {
  const seen = new Map<string, FoundConversation>();
  for (const row of rows) {
    const key = `${row.group.id.toLowerCase()} ${row.conversation.id}`;
    const kept = seen.get(key);
    if (!kept || newestFirst(row, kept) < 0) seen.set(key, row);
  }
  return [...seen.values()];
}

/**
 * A group's most recent conversations out of what its pages gave: sorted here, because Graph
 * promises no order (the `$orderby` the bot asks for may be ignored), then cut to the bound.
 */
export function mostRecent(conversations: readonly ConversationSummary[], max = MAX_CONVERSATIONS_PER_GROUP) {
  return [...conversations].sort((a, b) => deliveredAt(b) - deliveredAt(a)).slice(0, max);
}

function newestFirst(a: FoundConversation, b: FoundConversation): number {
  return deliveredAt(b.conversation) - deliveredAt(a.conversation);
}

function deliveredAt(c: ConversationSummary): number {
  return isoMs(c.lastDeliveredDateTime);
}
