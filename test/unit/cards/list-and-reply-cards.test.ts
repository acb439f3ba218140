// The list, group picker, reply form and reply-sent cards, and Reply on the confirmation: what
// each shows, what its buttons send back (ids and a cursor, never a URL), and schema validity.
import {
  buildConfirmationCard,
  buildListCard,
  buildPickGroupCard,
  buildReplyFormCard,
  buildReplySentCard,
  VERBS,
  type ConversationRow,
  type ListCardData,
  type ReplyFormCardData
} from '../../../src/cards';
import { markdownSafe } from '../../../src/core/markdown-safe';
import { say } from '../../../src/core/words';
import { assertValidCard } from '../../helpers/card-schema';
import {
  banner,
  cardTexts,
  cardTitle,
  findAction,
  findInCard,
  findInput,
  inputValues
} from '../../helpers/card-readers';

type Node = Record<string, any>;

const GROUP_ID = 'c0ffee00-0000-4000-8000-000000000001';
const REF = { groupId: GROUP_ID, conversationId: 'AAQkConv1=', threadId: 'AAQkThread1=', topic: 'Launch plan' };
const rowOf = (n: number, over: Partial<ConversationRow> = {}): ConversationRow => ({
  conversationId: `AAQkConv${n}=`,
  topic: `Topic ${n}`,
  preview: `Preview ${n}`,
  when: 'Nov 27, 2026, 10:00 AM UTC',
  senders: ['Alex Wilber'],
  hasAttachments: false,
  ...over
});
const list = (over: Partial<ListCardData> = {}): ListCardData => ({
  groupId: GROUP_ID,
  groupName: 'Marketing',
  conversations: [1, 2].map((n) => rowOf(n)),
  ...over
});
const form = (over: Partial<ReplyFormCardData> = {}): ReplyFormCardData => ({
  draftId: 'd0000000-0000-4000-8000-00000000000a',
  conversation: REF,
  values: { body: '', participants: '', otherEmails: '' },
  ...over
});

const texts = cardTexts;
const executes = (card: unknown, verb?: string) =>
  findInCard<Node>(card, (n) => n.type === 'Action.Execute' && (verb === undefined || n.verb === verb));
const inputs = (card: unknown) => findInCard<Node>(card, (n) => String(n.type).startsWith('Input.'));

/** Every Execute has a Submit fallback with the same data plus the verb. */
function expectFallbacks(card: unknown): void {
  for (const action of executes(card)) {
    expect(action.fallback).toMatchObject({ type: 'Action.Submit', title: action.title });
    expect(action.fallback.data).toEqual({ verb: action.verb, ...(action.data ?? {}) });
  }
}

describe('buildListCard', () => {
  it('shows each conversation with topic, preview, time and senders, and a Reply that carries ids only', () => {
    const card = buildListCard(
      list({
        conversations: [
          rowOf(1, { senders: ['A', 'B', 'C', 'D', 'E'], hasAttachments: true }),
          rowOf(2, { senders: [] })
        ]
      })
    );
    expect(texts(card)).toEqual(
      expect.arrayContaining([
        say('list.title', { group: 'Marketing' }),
        say('list.newest'),
        'Topic 1',
        'Preview 1',
        [
          'Nov 27, 2026, 10:00 AM UTC',
          say('list.from', { names: ['A', 'B', 'C'], more: 2 }),
          say('list.hasAttachments')
        ].join(' · '),
        'Nov 27, 2026, 10:00 AM UTC'
      ])
    );
    const replies = executes(card, VERBS.openReply);
    expect(replies.map((r) => r.data)).toEqual([
      { groupId: GROUP_ID, conversationId: 'AAQkConv1=', topic: 'Topic 1' },
      { groupId: GROUP_ID, conversationId: 'AAQkConv2=', topic: 'Topic 2' }
    ]);
    expect(replies.map((r) => r.title)).toEqual([say('button.reply'), say('button.reply')]);
    expectFallbacks(card);
  });

  it('offers More with the group id and the next cursor; none on the last page', () => {
    const more = findAction(buildListCard(list({ nextCursor: 'RFNwdAIAAQ_2' })), VERBS.listConversations);
    expect(more).toMatchObject({
      type: 'Action.Execute',
      title: say('button.more'),
      data: { groupId: GROUP_ID, cursor: 'RFNwdAIAAQ_2' }
    });
    expect(executes(buildListCard(list()), VERBS.listConversations)).toEqual([]);
    const { body, actions } = buildListCard(list({ nextCursor: 'abc' }));
    expect(JSON.stringify({ body, actions })).not.toMatch(/https?:/);
  });

  it('says when there is nothing (first page) or nothing more (later page)', () => {
    expect(texts(buildListCard(list({ conversations: [] })))).toEqual([
      say('list.title', { group: 'Marketing' }),
      say('list.empty')
    ]);
    expect(texts(buildListCard(list({ conversations: [], cursor: 'abc' })))).toEqual([
      say('list.title', { group: 'Marketing' }),
      say('list.noMore')
    ]);
    expect(texts(buildListCard(list({ cursor: 'abc' })))).toContain(say('list.older'));
    expect(texts(buildListCard(list({ cursor: 'abc' })))).not.toContain(say('list.newest'));
  });

  it('with an error: the banner and Try again for the same page, no rows', () => {
    const card = buildListCard(list({ groupName: '', cursor: 'abc', error: { title: 'Too many', text: 'Later.' } }));
    expect(texts(card)).toEqual([say('list.title', { group: say('list.thisGroup') }), 'Too many', 'Later.']);
    expect(banner(card)).toEqual({ title: 'Too many', text: 'Later.' });
    const retry = findAction(card, VERBS.listConversations);
    expect(retry).toMatchObject({ title: say('button.tryAgain'), data: { groupId: GROUP_ID, cursor: 'abc' } });
    expect(executes(card, VERBS.openReply)).toEqual([]);
    expectFallbacks(card);
  });

  it('a page that cannot be asked for again: the banner and Show the latest (the first page), no cursor', () => {
    const card = buildListCard(
      list({ groupName: '', cursor: 'abc', error: { title: 'Gone', text: 'Old.' }, startOver: true })
    );
    expect(banner(card)).toEqual({ title: 'Gone', text: 'Old.' });
    const latest = findAction(card, VERBS.listConversations);
    expect(latest.title).toBe(say('button.latest'));
    expect(latest.data).toEqual({ groupId: GROUP_ID });
    expectFallbacks(card);
  });

  it('keeps text from Graph literal, bounds the topic a Reply carries, and leaves no template syntax', () => {
    const card = buildListCard(
      list({ conversations: [rowOf(1, { topic: `\${groupName} ${'x'.repeat(400)}`, preview: '<b>${x}</b>' })] })
    );
    expect(texts(card)).toContain(markdownSafe('<b>${x}</b>'));
    expect(texts(buildListCard(list({ conversations: [rowOf(1, { topic: '' })] })))).toContain(say('list.noTopic'));
    expect(executes(card, VERBS.openReply)[0].data.topic).toHaveLength(255);
    expect(JSON.stringify(buildListCard(list()))).not.toContain('${');
  });
});

describe('buildPickGroupCard', () => {
  it('lists the groups as a required choice and sends them to listConversations', () => {
    const card = buildPickGroupCard({
      title: 'Which group?',
      text: 'Pick one.',
      groups: [
        { id: GROUP_ID, displayName: 'Marketing' },
        { id: 'g2', displayName: '' }
      ]
    });
    const choice = findInput(card, 'groupId') as Node;
    expect(inputs(card)).toEqual([choice]);
    expect(texts(card)).toEqual(['Which group?', 'Pick one.']);
    expect(choice).toMatchObject({
      type: 'Input.ChoiceSet',
      isRequired: true,
      value: '',
      label: say('input.group.label'),
      placeholder: say('input.group.placeholder'),
      errorMessage: say('field.group.missing')
    });
    expect(choice.choices).toEqual([
      { title: 'Marketing', value: GROUP_ID },
      { title: 'g2', value: 'g2' }
    ]);
    const show = findAction(card, VERBS.listConversations);
    expect(show.title).toBe(say('button.showConversations'));
    expect(show.fallback.title).toBe(say('button.showConversations'));
    expect(show.fallback.data).toEqual({ verb: VERBS.listConversations });
  });

  it('preselects the only group', () => {
    expect(
      findInput(
        buildPickGroupCard({ title: 't', text: 'x', groups: [{ id: GROUP_ID, displayName: 'Marketing' }] }),
        'groupId'
      )?.value
    ).toBe(GROUP_ID);
  });
});

describe('buildReplyFormCard', () => {
  it('has the message, the people picker and other emails, and Post/Cancel', () => {
    const card = buildReplyFormCard(form());
    expect(cardTitle(card)).toBe(say('reply.title', { topic: 'Launch plan' }));
    expect(inputs(card).map((i) => i.id)).toEqual(['body', 'participants', 'otherEmails']);
    expect(findInput(card, 'body')).toMatchObject({
      isMultiline: true,
      maxLength: 32000,
      isRequired: true,
      label: say('input.message.label'),
      errorMessage: say('field.message.missing')
    });
    expect(findInput(card, 'participants')).toMatchObject({
      isMultiSelect: true,
      label: say('input.addParticipants.label'),
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' }
    });
    expect(findInput(card, 'otherEmails')).toMatchObject({
      label: say('input.otherEmails.label'),
      placeholder: say('input.otherEmails.placeholder')
    });
    const post = findAction(card, VERBS.replyToThread);
    expect(post).toMatchObject({
      title: say('button.post'),
      data: { draftId: 'd0000000-0000-4000-8000-00000000000a', ...REF }
    });
    const cancel = findAction(card, VERBS.cancel);
    expect(cancel).toMatchObject({ title: say('button.cancel'), associatedInputs: 'none' });
    expect(cardTitle(buildReplyFormCard(form({ conversation: { ...REF, topic: '' } })))).toBe(
      say('reply.title', { topic: say('reply.theConversation') })
    );
    expectFallbacks(card);
  });

  it('without a known thread the Post carries the conversation only', () => {
    const [post] = executes(
      buildReplyFormCard(form({ conversation: { ...REF, threadId: undefined } })),
      VERBS.replyToThread
    );
    expect(post.data).toEqual({
      draftId: 'd0000000-0000-4000-8000-00000000000a',
      groupId: GROUP_ID,
      conversationId: 'AAQkConv1=',
      topic: 'Launch plan'
    });
  });

  it('as a retry form: the banner, every input kept, field errors, Try again', () => {
    const values = {
      body: 'Hi ${x}\n<b>',
      participants: 'b0b00000-0000-4000-8000-000000000b0b',
      otherEmails: 'x@y.test'
    };
    const invalid = say('field.otherEmails.invalid', { addresses: ['x'], more: false });
    const card = buildReplyFormCard(
      form({ values, error: { title: 'Oops', text: 'Later' }, fieldErrors: { otherEmails: invalid } })
    );
    expect(inputValues(card)).toEqual(values);
    expect(banner(card)).toEqual({ title: 'Oops', text: 'Later' });
    const body = card.body as Node[];
    expect(body[body.findIndex((n) => n.id === 'otherEmails') + 1]).toMatchObject({
      type: 'TextBlock',
      text: invalid,
      color: 'Attention'
    });
    expect(findAction(card, VERBS.replyToThread).title).toBe(say('button.tryAgain'));
  });
});

describe('buildReplySentCard', () => {
  it('says where the reply went, previews it, lists added people, and offers Reply again', () => {
    const card = buildReplySentCard({
      conversation: REF,
      bodyPreview: 'Thanks all',
      participants: [{ displayName: 'Megan Bowen', address: 'meganb@contoso.test' }]
    });
    const [heading] = findInCard<Node>(card, (n) => n.type === 'TextBlock');
    expect(heading).toMatchObject({ text: say('replySent.title', { topic: 'Launch plan' }), color: 'Good' });
    expect(texts(card)).toEqual([
      say('replySent.title', { topic: 'Launch plan' }),
      'Thanks all',
      say('replySent.added')
    ]);
    expect(findInCard<Node>(card, (n) => n.type === 'FactSet')[0].facts).toEqual([
      { title: 'Megan Bowen', value: 'meganb@contoso.test' }
    ]);
    const again = findAction(card, VERBS.openReply);
    expect(again).toMatchObject({ title: say('button.replyAgain'), data: REF });
    expectFallbacks(card);
    const none = buildReplySentCard({ conversation: { ...REF, topic: '' }, bodyPreview: 'x', participants: [] });
    expect(findInCard(none, (n) => n.type === 'FactSet')).toEqual([]);
    expect(texts(none)).toEqual([say('replySent.title', { topic: say('reply.theConversation') }), 'x']);
  });
});

describe('buildConfirmationCard: Reply', () => {
  const posted = {
    groupName: 'Marketing',
    topic: 'Launch plan',
    bodyPreview: 'x',
    participants: [],
    conversationId: 'AAQkConv1=',
    threadId: 'AAQkThread1='
  };
  it('with the group id, Reply opens the thread the post created', () => {
    const card = buildConfirmationCard({ ...posted, groupId: GROUP_ID });
    const reply = findAction(card, VERBS.openReply);
    expect(reply).toMatchObject({ title: say('button.reply'), data: REF });
    expectFallbacks(card);
  });
  it('without it, no Reply', () => {
    expect(executes(buildConfirmationCard(posted))).toEqual([]);
  });
});

describe('list and reply cards: schema conformance', () => {
  it('are valid Teams cards in every variant', () => {
    const cards = [
      buildListCard(list()),
      buildListCard(list({ nextCursor: 'abc', cursor: 'xyz' })),
      buildListCard(list({ conversations: [] })),
      buildListCard(list({ conversations: [rowOf(1, { preview: '' })] })),
      buildListCard(list({ error: { title: 't', text: 'x' }, cursor: 'abc' })),
      buildPickGroupCard({ title: 't', text: 'x', groups: [{ id: GROUP_ID, displayName: 'Marketing' }] }),
      buildReplyFormCard(form()),
      buildReplyFormCard(
        form({ error: { title: 't', text: 'x' }, fieldErrors: { body: say('field.message.missing') } })
      ),
      buildReplySentCard({
        conversation: REF,
        bodyPreview: 'x',
        participants: [{ displayName: 'A', address: 'a@b.test' }]
      }),
      buildConfirmationCard({
        groupId: GROUP_ID,
        groupName: 'M',
        topic: 't',
        bodyPreview: 'x',
        participants: [],
        conversationId: 'c',
        threadId: 't'
      })
    ];
    for (const card of cards) {
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
      assertValidCard(card);
    }
  });

  it('a full page with long previews and topics stays far below the size limit', () => {
    const rows = [1, 2, 3, 4, 5].map((n) =>
      rowOf(n, {
        topic: 't'.repeat(255),
        preview: 'p'.repeat(255),
        senders: ['x'.repeat(100), 'y'.repeat(100), 'z'.repeat(100), 'w']
      })
    );
    const card = buildListCard(list({ conversations: rows, nextCursor: 'c'.repeat(2048) }));
    assertValidCard(card);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(20 * 1024);
  });
});

describe('text from Graph is shown literally, not as Markdown', () => {
  const link = '[Reset your password](https://evil.example)';
  /** No text keeps a link's `](`, a heading, a list marker or a mention unescaped. */
  const live = (texts: string[]) =>
    texts.filter((t) => /(^|[^\\])\]\(|^#|^- |^1\. |(^|[^\\])<at>|(^|[^\\])\*\*/.test(t));

  it('list: group name, topics, previews and senders', () => {
    const card = buildListCard(
      list({
        groupName: link,
        conversations: [
          rowOf(1, { topic: link, preview: '# Heading', senders: ['**Boss**', '<at>Megan</at>'] }),
          rowOf(2, { topic: '- list', preview: '1. item' })
        ]
      })
    );
    expect(live(texts(card))).toEqual([]);
    expect(texts(card)).toEqual(
      expect.arrayContaining([
        say('list.title', { group: markdownSafe(link) }),
        markdownSafe(link),
        markdownSafe('# Heading'),
        markdownSafe('- list'),
        markdownSafe('1. item')
      ])
    );
    expect(texts(card).join('\n')).toContain(
      say('list.from', { names: ['\\*\\*Boss\\*\\*', '\\<at>Megan\\</at>'], more: 0 })
    );
    // Reply still carries the topic as Graph has it: it is data, not shown text.
    expect(executes(card, VERBS.openReply)[0].data.topic).toBe(link);
  });

  it('ordinary text reads the same', () => {
    const card = buildListCard(
      list({ groupName: 'C# 10 team', conversations: [rowOf(1, { topic: 'a_b 👍🏽 שלום' })] })
    );
    expect(texts(card)).toEqual(expect.arrayContaining([say('list.title', { group: 'C# 10 team' }), 'a_b 👍🏽 שלום']));
  });

  it('reply form and reply sent: the topic, preview and names', () => {
    const conversation = { ...REF, topic: link };
    expect(live(texts(buildReplyFormCard(form({ conversation }))))).toEqual([]);
    expect(texts(buildReplyFormCard(form({ conversation })))[0]).toBe(
      say('reply.title', { topic: markdownSafe(link) })
    );
    const sent = buildReplySentCard({
      conversation,
      bodyPreview: '**x**',
      participants: [{ displayName: link, address: 'a@b.test' }]
    });
    expect(live(texts(sent))).toEqual([]);
    expect(texts(sent)).toEqual(
      expect.arrayContaining([say('replySent.title', { topic: markdownSafe(link) }), markdownSafe('**x**')])
    );
    expect(findInCard<Record<string, string>>(sent, (n) => n.type === 'FactSet')[0]).toMatchObject({
      facts: [{ title: markdownSafe(link), value: 'a@b.test' }]
    });
  });
});
