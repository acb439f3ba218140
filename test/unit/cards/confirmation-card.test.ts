import { buildConfirmationCard, type ConfirmationCardData } from '../../../src/cards';
import { say } from '../../../src/core/words';
import { assertValidCard } from '../../helpers/card-schema';
import { cardTexts, findInCard } from '../../helpers/card-readers';

type Node = Record<string, any>;

const data = (over: Partial<ConfirmationCardData> = {}): ConfirmationCardData => ({
  groupName: 'Marketing',
  topic: 'Launch plan',
  bodyPreview: 'First line\nsecond line…',
  participants: [
    { displayName: 'Ada Lovelace', address: 'ada@contoso.com' },
    { displayName: 'Alan Turing', address: 'alan@contoso.com' }
  ],
  conversationId: 'AAQkAGConv=',
  threadId: 'AAQkAGThread=',
  outlookUrl: 'https://outlook.office.com/mail/group/contoso.com/marketing/email',
  ...over
});

const texts = cardTexts;
// The whole OpenUrl actions (title and url), not only their urls.
const openUrls = (card: unknown) => findInCard<Node>(card, (n) => n.type === 'Action.OpenUrl');

describe('buildConfirmationCard', () => {
  it('says where it was posted, in the good colour, with topic and preview', () => {
    const card = buildConfirmationCard(data());
    const [header] = findInCard<Node>(card, (n) => n.type === 'TextBlock');
    expect(header).toMatchObject({ text: say('confirmation.title', { group: 'Marketing' }), color: 'Good' });
    expect(texts(card)).toEqual(expect.arrayContaining(['Launch plan', 'First line\nsecond line…']));
  });

  it('does not shorten the preview it is given', () => {
    const long = 'x'.repeat(5000);
    expect(texts(buildConfirmationCard(data({ bodyPreview: long })))).toContain(long);
  });

  it('lists participants as facts', () => {
    const [facts] = findInCard<Node>(buildConfirmationCard(data()), (n) => n.type === 'FactSet');
    expect(facts.facts).toEqual([
      { title: 'Ada Lovelace', value: 'ada@contoso.com' },
      { title: 'Alan Turing', value: 'alan@contoso.com' }
    ]);
  });

  it('says "None added" instead of an empty fact list when there are no participants', () => {
    const card = buildConfirmationCard(data({ participants: [] }));
    expect(findInCard(card, (n) => n.type === 'FactSet')).toEqual([]);
    expect(texts(card)).toEqual(
      expect.arrayContaining([say('confirmation.participants'), say('confirmation.noParticipants')])
    );
    expect(texts(buildConfirmationCard(data()))).not.toContain(say('confirmation.noParticipants'));
  });

  it('shows the conversation and thread ids small and subtle', () => {
    const card = buildConfirmationCard(data());
    const ids = findInCard<Node>(card, (n) => typeof n.text === 'string' && /AAQkAG/.test(n.text));
    expect(ids.map((n) => n.text)).toEqual([
      say('confirmation.conversationId', { id: 'AAQkAGConv=' }),
      say('confirmation.threadId', { id: 'AAQkAGThread=' })
    ]);
    expect(ids.map((n) => n.text)).toEqual([
      expect.stringContaining('AAQkAGConv='),
      expect.stringContaining('AAQkAGThread=')
    ]);
    for (const n of ids) expect(n).toMatchObject({ size: 'Small', isSubtle: true });
  });

  it('offers "Open in Outlook" only with a URL', () => {
    expect(openUrls(buildConfirmationCard(data()))).toEqual([
      { type: 'Action.OpenUrl', title: say('button.openInOutlook'), url: data().outlookUrl }
    ]);
    expect(openUrls(buildConfirmationCard(data({ outlookUrl: undefined })))).toEqual([]);
    expect(openUrls(buildConfirmationCard(data({ outlookUrl: '' })))).toEqual([]);
  });

  it('keeps user text literal and leaves no template syntax behind', () => {
    const card = buildConfirmationCard(
      data({
        groupName: '${groupName}',
        topic: '${topic} "q" \\',
        bodyPreview: '<script>alert(1)</script>',
        participants: [],
        outlookUrl: undefined
      })
    );
    expect(texts(card)).toEqual(
      expect.arrayContaining([
        say('confirmation.title', { group: '${groupName}' }),
        '${topic} "q" \\',
        '<script>alert(1)</script>'
      ])
    );
    expect(texts(card)[0]).toContain('${groupName}');
    const json = JSON.stringify(buildConfirmationCard(data({ participants: [], outlookUrl: undefined })));
    expect(json).not.toContain('${');
  });
});

describe('buildConfirmationCard schema conformance', () => {
  it('is valid with and without a URL and with zero participants', () => {
    assertValidCard(buildConfirmationCard(data()));
    assertValidCard(buildConfirmationCard(data({ outlookUrl: undefined })));
    assertValidCard(buildConfirmationCard(data({ participants: [] })));
    assertValidCard(buildConfirmationCard(data({ participants: [data().participants[0]] })));
  });
});
