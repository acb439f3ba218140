// The src side of the size budget: cards whose data can grow (the group picker's choices, Graph
// text in a list, a retry form's echo) are built within 80 KB of UTF-16 by construction.
import {
  buildFormCard,
  buildListCard,
  buildPickGroupCard,
  DATASETS,
  type ConversationRow,
  type GroupChoice
} from '../../../src/cards';
import { MAX_STATIC_GROUPS } from '../../../src/cards/group-picker';
import { CARD_BUDGET_BYTES, clip, fitList, utf16Bytes } from '../../../src/cards/size-budget';
import { say } from '../../../src/core/words';
import { assertValidCard } from '../../helpers/card-schema';
import { findInput } from '../../helpers/card-readers';

type Node = Record<string, any>;

const groupsOf = (n: number, name = (i: number) => `Group ${String(i).padStart(4, '0')}`): GroupChoice[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `c0ffee00-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    displayName: name(i + 1)
  }));
const empty = { groupId: '', topic: '', body: '', participants: '', otherEmails: '' };
const picker = (card: unknown) => findInput(card, 'groupId') as Node;

describe('utf16Bytes, clip and fitList', () => {
  it('counts two bytes per UTF-16 code unit of the JSON, as Teams does', () => {
    expect(utf16Bytes('ab')).toBe(8); // "ab" with its quotes: 4 code units
    expect(utf16Bytes('é')).toBe(6);
    expect(utf16Bytes('😀')).toBe(8); // a surrogate pair: 2 code units
    expect(utf16Bytes({ a: 1 })).toBe(14);
    expect(utf16Bytes(undefined)).toBe(0);
  });

  it('clips long text with an ellipsis and leaves short text alone', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abcd', 4)).toBe('abcd');
  });

  it('drops entries from the end until the card fits, keeping at least the first', () => {
    const build = (items: readonly string[]) => ({ type: 'AdaptiveCard' as const, version: '1.5', items });
    const big = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(1000, 'x'));
    const card = fitList(big, build) as Node;
    expect(utf16Bytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(card.items[0]).toBe(big[0]);
    expect(card.items.length).toBeLessThan(100);
    expect((fitList(['y'.repeat(60_000)], build) as Node).items).toHaveLength(1);
  });
});

describe('the group picker of the form and of "Which group?"', () => {
  it('lists at most 30 of 1,000 groups and offers the typeahead over all of them on the bot dataset', () => {
    const card = buildFormCard({ draftId: 'd', groups: groupsOf(1000), values: empty, searchGroups: true });
    assertValidCard(card);
    const input = picker(card);
    expect(input.choices).toHaveLength(MAX_STATIC_GROUPS);
    expect(input.choices[0]).toEqual({ title: 'Group 0001', value: groupsOf(1)[0]?.id });
    expect(input['choices.data']).toEqual({ type: 'Data.Query', dataset: DATASETS.myGroups });
    expect(input.placeholder).toBe(say('input.group.searchPlaceholder'));
  });

  it('without more groups than it lists, it is the plain picker (no typeahead)', () => {
    const input = picker(buildFormCard({ draftId: 'd', groups: groupsOf(4), values: empty }));
    expect(input.choices).toHaveLength(4);
    expect(input['choices.data']).toBeUndefined();
    expect(input.placeholder).toBe(say('input.group.placeholder'));
  });

  it('keeps the selected group (found by the typeahead) listed first, even far down the list', () => {
    const groups = groupsOf(1000);
    const chosen = groups[876] as GroupChoice;
    const input = picker(
      buildFormCard({ draftId: 'd', groups, values: { ...empty, groupId: chosen.id }, searchGroups: true })
    );
    expect(input.value).toBe(chosen.id);
    expect(input.choices[0]).toEqual({ title: chosen.displayName, value: chosen.id });
    expect(input.choices).toHaveLength(MAX_STATIC_GROUPS);
  });

  it('a retry form with long names and a long message still fits, the selected group kept', () => {
    const groups = groupsOf(30, (i) => `${i} ${'Ü'.repeat(250)}`);
    const chosen = groups[20] as GroupChoice;
    const body = 'x'.repeat(30_000);
    const card = buildFormCard({
      draftId: 'd',
      groups,
      values: { ...empty, groupId: chosen.id, topic: 't', body },
      error: { title: 'Failed', text: 'Try again' },
      searchGroups: true
    });
    expect(utf16Bytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    assertValidCard(card);
    const input = picker(card);
    expect(input.choices[0].value).toBe(chosen.id);
    expect(input.choices.length).toBeLessThan(30);
  });

  it('"Which group?" caps its choices and offers the typeahead the same way', () => {
    const card = buildPickGroupCard({ title: 't', text: 'x', groups: groupsOf(700), searchGroups: true });
    assertValidCard(card);
    expect(picker(card).choices).toHaveLength(MAX_STATIC_GROUPS);
    expect(picker(card)['choices.data']).toEqual({ type: 'Data.Query', dataset: DATASETS.myGroups });
    expect(utf16Bytes(card)).toBeLessThan(20 * 1024);
  });
});

describe('the list card with Graph text of any length', () => {
  it('stays within the budget with five rows of huge topics, previews and sender names', () => {
    const row = (n: number): ConversationRow => ({
      conversationId: `AAQkConv${n}=`,
      topic: 'T'.repeat(20_000),
      preview: 'P'.repeat(50_000),
      when: 'Nov 27, 2026',
      senders: ['S'.repeat(5_000), 'S'.repeat(5_000), 'S'.repeat(5_000)],
      hasAttachments: true
    });
    const card = buildListCard({
      groupId: 'c0ffee00-0000-4000-8000-000000000001',
      groupName: 'Marketing',
      conversations: [1, 2, 3, 4, 5].map(row),
      nextCursor: 'next'
    });
    expect(utf16Bytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    assertValidCard(card);
  });
});
