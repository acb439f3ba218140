import { buildHelpCard, buildNoticeCard, buildWelcomeCard } from '../../../src/cards';
import { assertValidCard, describeWithSchemas, findInCard } from '../../helpers/card-schema';

type Fact = { title: string; value: string };
const facts = (card: unknown) =>
  findInCard<{ facts: Fact[] }>(card, (n) => n.type === 'FactSet').flatMap((n) => n.facts);
const allText = (card: unknown) =>
  [
    ...findInCard(card, (n) => n.type === 'TextBlock').map((n) => String(n.text)),
    ...facts(card).map((f) => `${f.title} ${f.value}`)
  ].join('\n');

describe('buildHelpCard', () => {
  it('lists exactly the commands that exist', () => {
    const card = buildHelpCard();
    const commands = facts(card).map((f) => f.title);
    expect(commands).toEqual(['new', 'list', 'signout', 'help']);
    const text = allText(card);
    expect(text).toMatch(/\bpost\b/);
    expect(text).toMatch(/new conversation/);
    // list takes a group name and leads to Reply; there is no reply or cancel command to type.
    expect(facts(card)[1]?.value).toMatch(/list <group name>/);
    expect(facts(card)[1]?.value).toMatch(/\breply\b/);
    expect(text).not.toMatch(/\bcancel\b/i);
  });

  it('has no buttons', () => {
    expect(buildHelpCard().actions).toBeUndefined();
    expect(findInCard(buildHelpCard(), (n) => String(n.type).startsWith('Action.'))).toEqual([]);
  });
});

describe('buildWelcomeCard', () => {
  it('tells the person how to start', () => {
    expect(allText(buildWelcomeCard())).toContain('Type **new** to start a group conversation, **help** for more.');
    expect(buildWelcomeCard().actions).toBeUndefined();
  });
});

describe('buildNoticeCard', () => {
  it('shows title and text verbatim', () => {
    const card = buildNoticeCard({ title: 'Cancelled ${title}', text: 'Nothing was posted.\n"ok" <b>' });
    const [title, text] = findInCard(card, (n) => n.type === 'TextBlock');
    expect(title).toMatchObject({ text: 'Cancelled ${title}', weight: 'Bolder' });
    expect(text).toMatchObject({ text: 'Nothing was posted.\n"ok" <b>', wrap: true });
  });
});

describeWithSchemas('help, welcome and notice schema conformance', () => {
  it('are valid 1.5 cards', () => {
    for (const card of [buildHelpCard(), buildWelcomeCard(), buildNoticeCard({ title: 'No groups', text: 'x' })]) {
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
      assertValidCard(card);
    }
  });
});
