// Every Action.Execute of every card the bot builds sits in an ActionSet with an Action.Submit
// fallback that sends the same verb and data (old Teams clients ignore `fallback` outside an
// ActionSet: PLATFORM-FACTS "Old clients"). The rule itself is card-action-rule.ts, which
// assertValidCard also applies to every card of every test.
import * as cards from '../../../src/cards';
import { executeActionProblems } from '../../helpers/card-action-rule';
import { assertValidCard } from '../../helpers/card-schema';
import { cardVariants } from '../../helpers/card-variants';
import { findInCard } from '../../helpers/card-readers';

const variants = cardVariants();
const all = Object.entries(variants).flatMap(([builder, byName]) =>
  Object.entries(byName).map(([name, card]) => [`${builder}: ${name}`, card] as const)
);

describe('every card builder, every variant', () => {
  it('has variants for every builder src/cards exports', () => {
    const builders = Object.keys(cards).filter((k) => k.startsWith('build'));
    expect(builders.filter((b) => !(b in variants))).toEqual([]);
  });

  it.each(all)('%s: each Action.Execute is in an ActionSet with a matching Action.Submit fallback', (_n, card) => {
    expect(executeActionProblems(card)).toEqual([]);
    // No button is left at the card level, where an old client would drop the fallback.
    expect((card as { actions?: unknown }).actions).toBeUndefined();
    assertValidCard(card);
  });

  it('the cards with buttons do have Action.Execute buttons (the walk sees them)', () => {
    const executes = all.filter(([, card]) => findInCard(card, (n) => n.type === 'Action.Execute').length > 0);
    expect(executes.length).toBeGreaterThanOrEqual(15);
  });

  it('"Check status" sends the original action again, also from its fallback', () => {
    const data = { draftId: 'd', topic: 'T', body: 'B' };
    const [check] = findInCard(cards.buildPostingCard('createConversation', data), (n) => n.type === 'Action.Execute');
    expect(check).toMatchObject({ verb: 'createConversation', data });
    expect(check.fallback).toEqual({
      type: 'Action.Submit',
      title: check.title,
      data: { ...data, verb: 'createConversation' }
    });
  });
});

describe('the rule can fail', () => {
  const execute = (extra: Record<string, unknown> = {}) => ({
    type: 'Action.Execute',
    title: 'Go',
    verb: 'go',
    data: { id: '1' },
    fallback: { type: 'Action.Submit', title: 'Go', data: { verb: 'go', id: '1' } },
    ...extra
  });
  const card = (body: unknown[], actions?: unknown[]) => ({ type: 'AdaptiveCard', version: '1.5', body, actions });
  const inSet = (action: unknown) => card([{ type: 'ActionSet', actions: [action] }]);

  it('accepts the right shape', () => {
    expect(executeActionProblems(inSet(execute()))).toEqual([]);
  });

  it("leaves a card's refresh.action alone (no button: the schema wants an Action.Execute there)", () => {
    const refreshing = {
      ...inSet(execute()),
      refresh: { action: execute({ fallback: undefined }), userIds: ['29:a'] }
    };
    expect(executeActionProblems(refreshing)).toEqual([]);
    // …but only there: the same action under another key is a button like any other.
    const elsewhere = { ...inSet(execute()), other: { action: execute({ fallback: undefined }) } };
    expect(executeActionProblems(elsewhere).join('\n')).toMatch(/no Action.Submit fallback/);
  });

  it.each([
    ['at the card level', card([], [execute()]), /not in an ActionSet/],
    ['as a selectAction', card([{ type: 'Container', items: [], selectAction: execute() }]), /not in an ActionSet/],
    ['without a fallback', inSet(execute({ fallback: undefined })), /no Action.Submit fallback/],
    ['with "drop" as fallback', inSet(execute({ fallback: 'drop' })), /no Action.Submit fallback/],
    [
      'with a fallback without the verb',
      inSet(execute({ fallback: { type: 'Action.Submit', title: 'Go', data: { id: '1' } } })),
      /data.verb/
    ],
    [
      'with a fallback sending other data',
      inSet(execute({ fallback: { type: 'Action.Submit', title: 'Go', data: { verb: 'go', id: '2' } } })),
      /other data/
    ],
    [
      'with a fallback sending inputs the button does not',
      inSet(execute({ associatedInputs: 'none' })),
      /other inputs/
    ],
    [
      'with a fallback under another title',
      inSet(execute({ fallback: { type: 'Action.Submit', title: 'Stop', data: { verb: 'go', id: '1' } } })),
      /another title/
    ]
  ])('refuses an Action.Execute %s', (_name, bad, problem) => {
    expect(executeActionProblems(bad).join('\n')).toMatch(problem);
  });
});
