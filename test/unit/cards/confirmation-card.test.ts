import { buildConfirmationCard, type ConfirmationCardData } from '../../../src/cards';
import { markdownSafe } from '../../../src/core/markdown-safe';
import { say } from '../../../src/core/words';
import { assertValidCard } from '../../helpers/card-schema';
import { cardButtons, cardTexts, findInCard } from '../../helpers/card-readers';

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
    // On one line, as Markdown would show it anyway (markdownSafe collapses whitespace).
    expect(texts(card)).toEqual(expect.arrayContaining(['Launch plan', 'First line second line…']));
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

  it('keeps the ids out of sight, behind a "Details" toggle (support still finds them there)', () => {
    const card = buildConfirmationCard(data({ groupId: 'c0ffee00-0000-4000-8000-000000000001' }));
    const [details] = findInCard<Node>(card, (n) => n.type === 'Container' && n.isVisible === false);
    expect(cardTexts(details)).toEqual([
      say('confirmation.conversationId', { id: 'AAQkAGConv=' }),
      say('confirmation.threadId', { id: 'AAQkAGThread=' })
    ]);
    // Nowhere else on the card.
    const visible = cardTexts({ ...card, body: (card.body as Node[]).filter((n) => n !== details) });
    expect(visible.filter((t) => t.includes('AAQkAG'))).toEqual([]);
    const [toggle] = findInCard<Node>(card, (n) => n.type === 'Action.ToggleVisibility');
    expect(toggle).toEqual({
      type: 'Action.ToggleVisibility',
      title: say('button.details'),
      targetElements: [details.id]
    });
    expect(cardButtons(card).map((a) => a.title)).toEqual([
      say('button.reply'),
      say('button.subscribeByMail'),
      say('button.openInOutlook'),
      say('button.details')
    ]);
    assertValidCard(card);
  });

  it('shows group, topic, preview and names from Graph literally, not as Markdown', () => {
    const hostile = '[Reset your password](https://evil.example)';
    const card = buildConfirmationCard(
      data({
        groupName: hostile,
        topic: '**Urgent**',
        bodyPreview: '# Heading',
        participants: [{ displayName: hostile, address: 'x_@contoso.com' }]
      })
    );
    expect(texts(card)).toEqual(
      expect.arrayContaining([
        say('confirmation.title', { group: markdownSafe(hostile) }),
        markdownSafe('**Urgent**'),
        markdownSafe('# Heading')
      ])
    );
    expect(findInCard<Node>(card, (n) => n.type === 'FactSet')[0].facts).toEqual([
      { title: markdownSafe(hostile), value: markdownSafe('x_@contoso.com') }
    ]);
    // No text or fact keeps a link's `](` unescaped.
    const shown = [
      ...texts(card),
      ...findInCard<Node>(card, (n) => n.type === 'FactSet')[0].facts.map((f: Node) => f.title)
    ];
    expect(shown.filter((t) => /(^|[^\\])\]\(/.test(t))).toEqual([]);
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
        // Literal: the tags escaped so no renderer reads them as markup.
        markdownSafe('<script>alert(1)</script>')
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
