// A page of a group's conversations, five to a card, each with Reply: `More`, `Try again` and
// the group picker's `Show conversations` (data {groupId, cursor?}). `list` opens the first page.
import { buildListCard, buildNoticeCard, type AdaptiveCard } from '../../cards';
import { parseListRequest } from '../../core/conversation-ref';
import { describeError } from '../../core/describe-error';
import { formatWhen } from '../../core/format-when';
import type { ConversationSummary, GraphClient, GroupSummary } from '../../graph/graph-client';
import { cursorRefusal, type PageCursor } from '../../storage/page-cursor-store';
import type { Handler } from '../app/outcome';
import type { Turn } from '../app/turn';
import { runAsThePerson } from './run-as-the-person';
import { notice } from '../../core/words';

const PAGE_SIZE = 5;

/** listConversations: a page of the group's conversations. */
export const showConversations: Handler = async (turn) => {
  const request = parseListRequest(turn.data);
  if (!request) {
    turn.log.info('list request failed validation');
    return { kind: 'card', result: 'invalid', card: buildNoticeCard(notice('notice.pickGroup')) };
  }
  let from: PageCursor | undefined;
  if (request.cursor !== undefined) {
    from = await turn.deps.pageCursors.load(request.cursor, turn.deps.now());
    const refused = from ? cursorRefusal(from, turn.person.aadObjectId, request.groupId) : 'expired';
    if (refused) {
      // Another person's card (a shared chat), data pointed at another group, or simply old: the
      // page is not theirs to continue, but the group's latest conversations are one press away.
      turn.log.info({ refused }, 'page cursor refused');
      return { kind: 'card', result: 'invalid', card: pageGoneCard(request.groupId) };
    }
  }
  return runAsThePerson(turn, {
    what: 'list',
    // The group's name is not known without Graph: the banner and Try again say enough.
    retryCard: (err) =>
      buildListCard({
        groupId: request.groupId,
        groupName: '',
        conversations: [],
        cursor: request.cursor,
        error: describeError(err, 'list')
      }),
    failure: { message: 'could not list conversations', fields: { groupId: request.groupId } },
    run: async (token) => ({
      card: await conversationsCard(turn, token, request.groupId, { from, cursor: request.cursor }),
      result: 'shown'
    })
  });
};

function pageGoneCard(groupId: string): AdaptiveCard {
  return buildListCard({
    groupId,
    groupName: '',
    conversations: [],
    error: notice('notice.pageGone'),
    startOver: true
  });
}

/**
 * One card of the group's conversations: PAGE_SIZE rows from where `from` says (the first page
 * when absent). Graph's pages are whatever size Graph chooses ($top is not relied on), so a card
 * may take the rest of one page and the start of the next, and More may resume mid-page; its
 * cursor is kept on the server (page-cursor-store.ts). `known` saves a lookup when the group was
 * just listed; `cursor` is the id the pressed More carried (Try again asks for the same rows).
 */
export async function conversationsCard(
  turn: Turn,
  token: string,
  groupId: string,
  page: { known?: GroupSummary; from?: PageCursor; cursor?: string } = {}
): Promise<AdaptiveCard> {
  const { deps, person, clock } = turn;
  // The name usually comes from the directory's cache (the person's groups were just listed).
  const [group, found] = await Promise.all([
    page.known ?? deps.groups.describe(token, person.aadObjectId, groupId),
    readRows(deps.graph, token, groupId, page.from)
  ]);
  const nextCursor = found.next
    ? await deps.pageCursors.save({ person: person.aadObjectId, groupId, ...found.next }, deps.now())
    : undefined;
  return buildListCard({
    groupId,
    groupName: group.displayName,
    cursor: page.cursor,
    nextCursor,
    conversations: found.rows.map((c) => ({
      conversationId: c.id,
      topic: c.topic,
      preview: c.preview,
      when: formatWhen(c.lastDeliveredDateTime, clock),
      senders: c.uniqueSenders,
      hasAttachments: c.hasAttachments
    }))
  });
}

/** Graph pages read for one card at most: a run of empty pages must not hold the person's turn. */
const MAX_PAGES_PER_CARD = 3;

async function readRows(
  graph: GraphClient,
  token: string,
  groupId: string,
  from: PageCursor | undefined
): Promise<{ rows: ConversationSummary[]; next?: { page?: string; skip: number } }> {
  const rows: ConversationSummary[] = [];
  let page = from?.page;
  let skip = from?.skip ?? 0;
  for (let read = 0; read < MAX_PAGES_PER_CARD; read++) {
    const found = await graph.listConversations(token, groupId, page === undefined ? {} : { page });
    const taken = found.conversations.slice(skip, skip + PAGE_SIZE - rows.length);
    rows.push(...taken);
    skip += taken.length;
    // Rows of this page are left: More resumes here. (The same link reads the same page again.)
    if (skip < found.conversations.length) return { rows: newestFirst(rows), next: { page, skip } };
    if (found.nextLink === undefined) return { rows: newestFirst(rows) };
    page = found.nextLink;
    skip = 0;
    if (rows.length === PAGE_SIZE) break;
  }
  return { rows: newestFirst(rows), next: { page, skip } };
}

/** Within a card, latest first: Graph's order is not promised, and the card reads best this way. */
function newestFirst(rows: ConversationSummary[]): ConversationSummary[] {
  const at = (c: ConversationSummary) => (c.lastDeliveredDateTime ? Date.parse(c.lastDeliveredDateTime) : 0);
  return [...rows].sort((a, b) => at(b) - at(a));
}
