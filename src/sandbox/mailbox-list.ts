// One page of a group mailbox list (a group's conversations or threads, a conversation's threads, a
// thread's posts) under the sandbox's config: which query options the list takes, its order
// (list-order.ts), $filter (conversation-filter.ts), the page size and the paging style. The steps
// follow Graph's: filter, then sort, then page, so a nextLink continues the same sorted list.
import { matchesFilter, parseConversationFilter, type FilterableConversation } from './conversation-filter';
import { contextUrl, selectSuffix, type GraphContext } from './graph-route';
import { newestFirst, parseOrderBy, sortByTime, unspecifiedOrder, type OrderBy } from './list-order';
import { allowOptions, outlookRefusal, paginate, parseSelect, parseTop, project } from './odata-query';
import type { RouteResult } from './sandbox-http';

/**
 * `conversations` and `groupThreads` may be sorted by `$orderby` (config `orderby`); only
 * `conversations` filter. A conversation's threads and a thread's posts document neither
 * (conversation-list-threads.md, conversationthread-list-posts.md): both are always refused there.
 */
export type MailboxList = 'conversations' | 'groupThreads' | 'conversationThreads' | 'posts';

export interface MailboxListSpec<T> {
  list: MailboxList;
  /** The @odata.context fragment, e.g. `groups('…')/conversations`. */
  fragment: string;
  rows: readonly T[];
  idOf(row: T): string;
  /** lastDeliveredDateTime for conversations and threads, createdDateTime for posts. */
  timeOf(row: T): string;
  toJson(row: T): Record<string, unknown>;
  props: string[];
  typeName: string;
}

/** Outlook's page-size ceiling for `$top` (the sandbox's `pageSize` caps the page further). */
const MAX_TOP = 1000;

export function mailboxListPage<T>(ctx: GraphContext, spec: MailboxListSpec<T>): RouteResult {
  const config = ctx.config;
  const q = ctx.query.params;
  const sortable = spec.list === 'conversations' || spec.list === 'groupThreads';
  const allowed = ['$select', '$top', config.paging === 'skip' ? '$skip' : '$skiptoken'];
  if (sortable && config.orderby !== false) allowed.push('$orderby');
  if (spec.list === 'conversations') allowed.push('$filter');
  // A client must follow nextLinks as given: the other paging style's option is refused.
  allowOptions(q, allowed, outlookRefusal);
  const select = parseSelect(q, spec.props, spec.typeName);
  // Graph may return fewer items than $top asks; group-list-conversations.md does not even
  // document $top. A page is never larger than pageSize.
  const size = Math.min(parseTop(q, config.pageSize, MAX_TOP), config.pageSize);

  const json = new Map<T, Record<string, unknown>>();
  const toJson = (row: T) => {
    const known = json.get(row);
    if (known !== undefined) return known;
    const made = spec.toJson(row);
    json.set(row, made);
    return made;
  };

  let rows = spec.rows;
  const filter = q.get('$filter');
  if (filter !== null) {
    const comparisons = parseConversationFilter(filter, spec.props);
    rows = rows.filter((r) => matchesFilter(toJson(r) as unknown as FilterableConversation, comparisons));
  }
  const rawOrderBy = q.get('$orderby');
  // Validated in `ignored` mode too: what is ignored is the sort, not a malformed request.
  const orderBy: OrderBy | undefined =
    rawOrderBy === null ? undefined : parseOrderBy(rawOrderBy, spec.props, spec.typeName);

  let ordered: T[];
  if (orderBy && config.orderby === true) ordered = sortByTime(rows, spec.idOf, spec.timeOf, orderBy);
  else if (config.order === 'newest') ordered = spec.list === 'posts' ? [...rows] : newestFirst(rows, spec.timeOf);
  else ordered = unspecifiedOrder(newestFirst(rows, spec.timeOf), spec.idOf, spec.timeOf, config.orderSeed);

  const { page, nextLink } = paginate(ordered, size, ctx.query, config.paging);
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.serviceRoot, `${spec.fragment}${selectSuffix(select)}`),
      value: page.map((row) => project(toJson(row), select)),
      ...(nextLink ? { '@odata.nextLink': nextLink } : {})
    }
  };
}
