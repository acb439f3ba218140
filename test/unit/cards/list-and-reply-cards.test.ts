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
import { assertValidCard, describeWithSchemas, findInCard } from '../../helpers/card-schema';

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
const list = (over: Partial<ListCardData> = {}): ListCardData => ({ groupId: GROUP_ID, groupName: 'Marketing', conversations: [1, 2].map((n) => rowOf(n)), ...over });
const form = (over: Partial<ReplyFormCardData> = {}): ReplyFormCardData => ({
  draftId: 'd0000000-0000-4000-8000-00000000000a',
  conversation: REF,
  values: { body: '', participants: '', otherEmails: '' },
  ...over
});

const texts = (card: unknown) => findInCard<Node>(card, (n) => n.type === 'TextBlock').map((n) => n.text as string);
const executes = (card: unknown, verb?: string) => findInCard<Node>(card, (n) => n.type === 'Action.Execute' && (verb === undefined || n.verb === verb));
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
    const card = buildListCard(list({ conversations: [rowOf(1, { senders: ['A', 'B', 'C', 'D', 'E'], hasAttachments: true }), rowOf(2, { senders: [] })] }));
    expect(texts(card)).toEqual(
      expect.arrayContaining([
        'Conversations in Marketing',
        'Most recent first',
        'Topic 1',
        'Preview 1',
        'Nov 27, 2026, 10:00 AM UTC · from A, B, C and 2 more · has attachments',
        'Nov 27, 2026, 10:00 AM UTC'
      ])
    );
    const replies = executes(card, VERBS.openReply);
    expect(replies.map((r) => r.data)).toEqual([
      { groupId: GROUP_ID, conversationId: 'AAQkConv1=', topic: 'Topic 1' },
      { groupId: GROUP_ID, conversationId: 'AAQkConv2=', topic: 'Topic 2' }
    ]);
    expect(replies.map((r) => r.title)).toEqual(['Reply', 'Reply']);
    expectFallbacks(card);
  });

  it('offers More with the group id and the next cursor; none on the last page', () => {
    const more = executes(buildListCard(list({ nextCursor: 'RFNwdAIAAQ_2' })), VERBS.listConversations);
    expect(more).toHaveLength(1);
    expect(more[0]).toMatchObject({ title: 'More', data: { groupId: GROUP_ID, cursor: 'RFNwdAIAAQ_2' } });
    expect(executes(buildListCard(list()), VERBS.listConversations)).toEqual([]);
    const { body, actions } = buildListCard(list({ nextCursor: 'abc' }));
    expect(JSON.stringify({ body, actions })).not.toMatch(/https?:/);
  });

  it('says when there is nothing (first page) or nothing more (later page)', () => {
    expect(texts(buildListCard(list({ conversations: [] })))).toContain('No conversations yet. Type **new** to start one.');
    expect(texts(buildListCard(list({ conversations: [], cursor: 'abc' })))).toContain('No more conversations.');
    expect(texts(buildListCard(list({ cursor: 'abc' })))).toContain('Older conversations');
  });

  it('with an error: the banner and Try again for the same page, no rows', () => {
    const card = buildListCard(list({ groupName: '', cursor: 'abc', error: { title: 'Too many requests right now', text: 'Later.' } }));
    expect(texts(card)).toEqual(['Conversations in this group', 'Too many requests right now', 'Later.']);
    const [retry] = executes(card, VERBS.listConversations);
    expect(retry).toMatchObject({ title: 'Try again', data: { groupId: GROUP_ID, cursor: 'abc' } });
    expect(executes(card, VERBS.openReply)).toEqual([]);
    expectFallbacks(card);
  });

  it('keeps text from Graph literal, bounds the topic a Reply carries, and leaves no template syntax', () => {
    const card = buildListCard(list({ conversations: [rowOf(1, { topic: '${groupName} ' + 'x'.repeat(400), preview: '<b>${x}</b>' })] }));
    expect(texts(card)).toContain('<b>${x}</b>');
    expect(executes(card, VERBS.openReply)[0].data.topic).toHaveLength(255);
    expect(JSON.stringify(buildListCard(list()))).not.toContain('${');
  });
});

describe('buildPickGroupCard', () => {
  it('lists the groups as a required choice and sends them to listConversations', () => {
    const card = buildPickGroupCard({ title: 'Which group?', text: 'Pick one.', groups: [{ id: GROUP_ID, displayName: 'Marketing' }, { id: 'g2', displayName: '' }] });
    const [choice] = inputs(card);
    expect(choice).toMatchObject({ type: 'Input.ChoiceSet', id: 'groupId', isRequired: true, value: '' });
    expect(choice.choices).toEqual([{ title: 'Marketing', value: GROUP_ID }, { title: 'g2', value: 'g2' }]);
    const [show] = executes(card, VERBS.listConversations);
    expect(show.title).toBe('Show conversations');
    expect(show.fallback.data).toEqual({ verb: VERBS.listConversations });
  });

  it('preselects the only group', () => {
    expect(inputs(buildPickGroupCard({ title: 't', text: 'x', groups: [{ id: GROUP_ID, displayName: 'Marketing' }] }))[0].value).toBe(GROUP_ID);
  });
});

describe('buildReplyFormCard', () => {
  it('has the message, the people picker and other emails, and Post/Cancel', () => {
    const card = buildReplyFormCard(form());
    expect(texts(card)[0]).toBe('Reply to Launch plan');
    expect(inputs(card).map((i) => i.id)).toEqual(['body', 'participants', 'otherEmails']);
    expect(inputs(card)[0]).toMatchObject({ isMultiline: true, maxLength: 32000, isRequired: true, label: 'Message' });
    expect(inputs(card)[1]).toMatchObject({ isMultiSelect: true, 'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' } });
    const [post] = executes(card, VERBS.replyToThread);
    expect(post).toMatchObject({ title: 'Post', data: { draftId: 'd0000000-0000-4000-8000-00000000000a', ...REF } });
    const [cancel] = executes(card, VERBS.cancel);
    expect(cancel).toMatchObject({ title: 'Cancel', associatedInputs: 'none' });
    expectFallbacks(card);
  });

  it('without a known thread the Post carries the conversation only', () => {
    const [post] = executes(buildReplyFormCard(form({ conversation: { ...REF, threadId: undefined } })), VERBS.replyToThread);
    expect(post.data).toEqual({ draftId: 'd0000000-0000-4000-8000-00000000000a', groupId: GROUP_ID, conversationId: 'AAQkConv1=', topic: 'Launch plan' });
  });

  it('as a retry form: the banner, every input kept, field errors, Try again', () => {
    const values = { body: 'Hi ${x}\n<b>', participants: 'b0b00000-0000-4000-8000-000000000b0b', otherEmails: 'x@y.test' };
    const card = buildReplyFormCard(form({ values, error: { title: 'Oops', text: 'Later' }, fieldErrors: { otherEmails: 'Not a valid email address: x' } }));
    expect(Object.fromEntries(inputs(card).map((i) => [i.id, i.value]))).toEqual(values);
    expect(texts(card)).toEqual(expect.arrayContaining(['Oops', 'Later', 'Not a valid email address: x']));
    expect(executes(card, VERBS.replyToThread)[0].title).toBe('Try again');
  });
});

describe('buildReplySentCard', () => {
  it('says where the reply went, previews it, lists added people, and offers Reply again', () => {
    const card = buildReplySentCard({ conversation: REF, bodyPreview: 'Thanks all', participants: [{ displayName: 'Megan Bowen', address: 'meganb@contoso.test' }] });
    const [heading] = findInCard<Node>(card, (n) => n.type === 'TextBlock');
    expect(heading).toMatchObject({ text: 'Reply sent to Launch plan', color: 'Good' });
    expect(texts(card)).toContain('Thanks all');
    expect(findInCard<Node>(card, (n) => n.type === 'FactSet')[0].facts).toEqual([{ title: 'Megan Bowen', value: 'meganb@contoso.test' }]);
    const [again] = executes(card, VERBS.openReply);
    expect(again).toMatchObject({ title: 'Reply again', data: REF });
    expectFallbacks(card);
    expect(findInCard(buildReplySentCard({ conversation: REF, bodyPreview: 'x', participants: [] }), (n) => n.type === 'FactSet')).toEqual([]);
  });
});

describe('buildConfirmationCard: Reply', () => {
  const posted = { groupName: 'Marketing', topic: 'Launch plan', bodyPreview: 'x', participants: [], conversationId: 'AAQkConv1=', threadId: 'AAQkThread1=' };
  it('with the group id, Reply opens the thread the post created', () => {
    const card = buildConfirmationCard({ ...posted, groupId: GROUP_ID });
    const [reply] = executes(card, VERBS.openReply);
    expect(reply).toMatchObject({ title: 'Reply', data: REF });
    expectFallbacks(card);
  });
  it('without it, no Reply', () => {
    expect(executes(buildConfirmationCard(posted))).toEqual([]);
  });
});

describeWithSchemas('list and reply cards: schema conformance', () => {
  it('are valid Teams cards in every variant', () => {
    const cards = [
      buildListCard(list()),
      buildListCard(list({ nextCursor: 'abc', cursor: 'xyz' })),
      buildListCard(list({ conversations: [] })),
      buildListCard(list({ conversations: [rowOf(1, { preview: '' })] })),
      buildListCard(list({ error: { title: 't', text: 'x' }, cursor: 'abc' })),
      buildPickGroupCard({ title: 't', text: 'x', groups: [{ id: GROUP_ID, displayName: 'Marketing' }] }),
      buildReplyFormCard(form()),
      buildReplyFormCard(form({ error: { title: 't', text: 'x' }, fieldErrors: { body: 'Write a message.' } })),
      buildReplySentCard({ conversation: REF, bodyPreview: 'x', participants: [{ displayName: 'A', address: 'a@b.test' }] }),
      buildConfirmationCard({ groupId: GROUP_ID, groupName: 'M', topic: 't', bodyPreview: 'x', participants: [], conversationId: 'c', threadId: 't' })
    ];
    for (const card of cards) {
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
      assertValidCard(card);
    }
  });

  it('a full page with long previews and topics stays far below the size limit', () => {
    const rows = [1, 2, 3, 4, 5].map((n) => rowOf(n, { topic: 't'.repeat(255), preview: 'p'.repeat(255), senders: ['x'.repeat(100), 'y'.repeat(100), 'z'.repeat(100), 'w'] }));
    const card = buildListCard(list({ conversations: rows, nextCursor: 'c'.repeat(2048) }));
    assertValidCard(card);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(20 * 1024);
  });
});
