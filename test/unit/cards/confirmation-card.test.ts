import { buildConfirmationCard, type ConfirmationCardData } from '../../../src/cards';
import { assertValidCard, describeWithSchemas, findInCard } from '../../helpers/card-schema';

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

const texts = (card: unknown) => findInCard<Node>(card, (n) => n.type === 'TextBlock').map((n) => n.text as string);
const openUrls = (card: unknown) => findInCard<Node>(card, (n) => n.type === 'Action.OpenUrl');

describe('buildConfirmationCard', () => {
  it('says where it was posted, in the good colour, with topic and preview', () => {
    const card = buildConfirmationCard(data());
    const [header] = findInCard<Node>(card, (n) => n.type === 'TextBlock');
    expect(header).toMatchObject({ text: 'Posted to Marketing', color: 'Good' });
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
    expect(texts(card)).toContain('None added');
    expect(texts(buildConfirmationCard(data()))).not.toContain('None added');
  });

  it('shows the conversation and thread ids small and subtle', () => {
    const card = buildConfirmationCard(data());
    const ids = findInCard<Node>(card, (n) => typeof n.text === 'string' && /AAQkAG/.test(n.text));
    expect(ids.map((n) => n.text)).toEqual(['Conversation ID: AAQkAGConv=', 'Thread ID: AAQkAGThread=']);
    for (const n of ids) expect(n).toMatchObject({ size: 'Small', isSubtle: true });
  });

  it('offers "Open in Outlook" only with a URL', () => {
    expect(openUrls(buildConfirmationCard(data()))).toEqual([
      { type: 'Action.OpenUrl', title: 'Open in Outlook', url: data().outlookUrl }
    ]);
    expect(openUrls(buildConfirmationCard(data({ outlookUrl: undefined })))).toEqual([]);
    expect(openUrls(buildConfirmationCard(data({ outlookUrl: '' })))).toEqual([]);
  });

  it('keeps user text literal and leaves no template syntax behind', () => {
    const card = buildConfirmationCard(data({
      groupName: '${groupName}', topic: '${topic} "q" \\', bodyPreview: '<script>alert(1)</script>',
      participants: [], outlookUrl: undefined
    }));
    expect(texts(card)).toEqual(expect.arrayContaining(['Posted to ${groupName}', '${topic} "q" \\', '<script>alert(1)</script>']));
    const json = JSON.stringify(buildConfirmationCard(data({ participants: [], outlookUrl: undefined })));
    expect(json).not.toContain('${');
  });
});

describeWithSchemas('buildConfirmationCard schema conformance', () => {
  it('is valid with and without a URL and with zero participants', () => {
    assertValidCard(buildConfirmationCard(data()));
    assertValidCard(buildConfirmationCard(data({ outlookUrl: undefined })));
    assertValidCard(buildConfirmationCard(data({ participants: [] })));
    assertValidCard(buildConfirmationCard(data({ participants: [data().participants[0]] })));
  });
});
