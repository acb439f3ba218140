import { buildHelpCard, buildNoticeCard, buildWelcomeCard } from '../../../src/cards';
import { say } from '../../../src/core/words';
import { assertValidCard } from '../../helpers/card-schema';
import { actionTitles, cardTexts, cardTitle, findInCard } from '../../helpers/card-readers';

type Fact = { title: string; value: string };
const facts = (card: unknown) =>
  findInCard<{ facts: Fact[] }>(card, (n) => n.type === 'FactSet').flatMap((n) => n.facts);
const allText = (card: unknown) => [...cardTexts(card), ...facts(card).map((f) => `${f.title} ${f.value}`)].join('\n');

describe('buildHelpCard', () => {
  it('lists exactly the commands that exist', () => {
    const card = buildHelpCard();
    const commands = facts(card).map((f) => f.title);
    expect(commands).toEqual(['new', 'list', 'follow', 'subscribe', 'signout', 'help']);
    expect(facts(card).map((f) => f.value)).toEqual([
      say('help.new'),
      say('help.list'),
      say('help.follow'),
      say('help.subscribe'),
      say('help.signout'),
      say('help.help')
    ]);
    expect(cardTexts(card)).toEqual([
      say('help.title'),
      say('help.intro'),
      say('help.commands'),
      say('help.messageAction'),
      say('help.search')
    ]);
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
    expect(actionTitles(buildHelpCard())).toEqual([]);
  });
});

describe('buildWelcomeCard', () => {
  it('tells the person how to start', () => {
    expect(cardTexts(buildWelcomeCard())).toEqual([say('welcome.title'), say('welcome.intro'), say('welcome.start')]);
    expect(say('welcome.start')).toMatch(/\*\*new\*\*.*\*\*help\*\*/);
    expect(buildWelcomeCard().actions).toBeUndefined();
  });
});

describe('buildNoticeCard', () => {
  it('shows title and text verbatim', () => {
    const card = buildNoticeCard({ title: 'Cancelled ${title}', text: 'Nothing was posted.\n"ok" <b>' });
    const [title, text] = findInCard(card, (n) => n.type === 'TextBlock');
    expect(cardTitle(card)).toBe('Cancelled ${title}');
    expect(title).toMatchObject({ text: 'Cancelled ${title}', weight: 'Bolder' });
    expect(text).toMatchObject({ text: 'Nothing was posted.\n"ok" <b>', wrap: true });
  });
});

describe('help, welcome and notice schema conformance', () => {
  it('are valid 1.5 cards', () => {
    for (const card of [buildHelpCard(), buildWelcomeCard(), buildNoticeCard({ title: 'No groups', text: 'x' })]) {
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
      assertValidCard(card);
    }
  });
});
