// Which of a person's groups a picker lists statically, and which ones a typed text finds (the
// picker's typeahead). Pure: the directory lists the groups, the recent-groups store says which
// ones the person used last.
import type { GroupSummary } from '../graph/graph-client';
import { foldText, wholeNumber } from './search-text';

/** Teams shows at most 15 typeahead results; asking for more gets 15. */
export const MAX_SEARCH_RESULTS = 15;

/**
 * The team's own group first (when the person is in it), then the groups the person used most
 * recently (`recentIds`, newest first), then the rest in the order given (the directory's, by name).
 * Only groups in `groups` are ever returned: a recent id the person is no longer in is skipped.
 */
export function orderGroups(
  groups: readonly GroupSummary[],
  first: { teamGroupId?: string; recentIds?: readonly string[] }
): GroupSummary[] {
  const byId = new Map(groups.map((g) => [g.id.toLowerCase(), g]));
  const ordered = new Map<string, GroupSummary>();
  for (const id of [first.teamGroupId, ...(first.recentIds ?? [])]) {
    const group = id ? byId.get(id.toLowerCase()) : undefined;
    if (group) ordered.set(group.id.toLowerCase(), group);
  }
  for (const g of groups) if (!ordered.has(g.id.toLowerCase())) ordered.set(g.id.toLowerCase(), g);
  return [...ordered.values()];
}

export interface SearchPage {
  skip?: number;
  top?: number;
}

/**
 * The person's groups whose name contains `text` (any case, runs of spaces as one), names that
 * start with it first, then in the order given; `skip`/`top` page through them, `top` at most 15.
 */
export function searchGroups(groups: readonly GroupSummary[], text: string, page: SearchPage = {}): GroupSummary[] {
  const wanted = foldText(text);
  const starts: GroupSummary[] = [];
  const contains: GroupSummary[] = [];
  for (const g of groups) {
    const name = foldText(g.displayName);
    if (name.startsWith(wanted)) starts.push(g);
    else if (name.includes(wanted)) contains.push(g);
  }
  const skip = wholeNumber(page.skip, 0);
  const top = Math.min(wholeNumber(page.top, MAX_SEARCH_RESULTS), MAX_SEARCH_RESULTS);
  return [...starts, ...contains].slice(skip, skip + top);
}
