// The group picker shared by the form and "Which group?": a few dozen static choices (the caller
// orders them most useful first) and, when the person has more groups, a typeahead over all of
// them (Data.Query on the bot's own dataset, answered by the `application/search` invoke).
import { DATASETS, type AdaptiveCard, type GroupChoice } from './card-types';
import { fitList } from './size-budget';

/** How many groups a picker lists statically; the rest are reached by the typeahead or `list <name>`. */
export const MAX_STATIC_GROUPS = 30;

/**
 * The choices to list: at most MAX_STATIC_GROUPS, the selected ones first (a retry form whose group
 * came from the typeahead shows it again, and cutting the list to fit never drops it; the 1:1
 * chat's picker may hold several, comma-joined), as `{id, displayName}` with no holes.
 */
export function staticChoices(groups: readonly GroupChoice[], selectedId = ''): GroupChoice[] {
  const clean = groups.map((g) => ({ id: g.id ?? '', displayName: g.displayName || g.id || '' }));
  const selected = new Set(selectedId.toLowerCase().split(',').filter(Boolean));
  const first = clean.filter((g) => selected.has(g.id.toLowerCase()));
  const rest = clean.filter((g) => !selected.has(g.id.toLowerCase()));
  return [...first, ...rest].slice(0, MAX_STATIC_GROUPS);
}

/**
 * Builds the card with `choices`, cut further while it is over the size budget (long names), the
 * selected group kept first; with `search`, the `groupId` ChoiceSet gets the typeahead.
 */
export function withGroupPicker(
  choices: readonly GroupChoice[],
  search: boolean,
  build: (choices: readonly GroupChoice[]) => AdaptiveCard
): AdaptiveCard {
  return fitList(choices, (some) => {
    const card = build(some);
    if (search) addGroupSearch(card);
    return card;
  });
}

function addGroupSearch(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) addGroupSearch(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.type === 'Input.ChoiceSet' && o.id === 'groupId') {
    o['choices.data'] = { type: 'Data.Query', dataset: DATASETS.myGroups };
    return;
  }
  for (const v of Object.values(o)) addGroupSearch(v);
}
