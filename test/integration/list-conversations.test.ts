// `list` over HTTP in local mode (anonymous Bot Framework, LocalTokenProvider) against nock'd
// Graph: which group, the page of five, More, the picker, and failures. Every card is validated.
import nock from 'nock';
import { useTestBot } from '../helpers/test-bot';
import { ALICE } from '../helpers/entra';
import { cardAttachments, fixture, type Activity } from '../helpers/fixtures';
import { GRAPH, nockGetGroup, nockMyGroups, type Group } from '../helpers/graph-nock';
import {
  cardAction,
  conversation,
  conversationsNextLink,
  executeCardAction,
  nockListConversations
} from '../helpers/conversation-nock';
import { isCursorId } from '../../src/storage/page-cursor-store';
import { assertValidCard } from '../helpers/card-schema';
import { buttonsFor, cardTexts, cardTitle, findAction, findActions, findInput } from '../helpers/card-readers';
import { describeError } from '../../src/core/describe-error';
import { AppError } from '../../src/core/errors';
import { notice, say } from '../../src/core/words';

const TOKEN = `sandbox.${ALICE.aadObjectId}`;
const TEAM_GROUP_ID = 'c0ffee00-0000-4000-8000-0000000000c2';
const MARKETING: Group = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  displayName: 'Marketing',
  mail: 'marketing@contoso.test'
};
const GROUPS: Group[] = [
  { id: 'c0ffee00-0000-4000-8000-000000000003', displayName: 'Product launch' },
  { id: TEAM_GROUP_ID, displayName: 'Engineering' },
  MARKETING,
  { id: 'c0ffee00-0000-4000-8000-000000000004', displayName: 'Marketing EMEA' },
  { id: 'c0ffee00-0000-4000-8000-000000000002', displayName: 'accounting' }
];
const PAGE_ONE = [1, 2, 3, 4, 5].map((n) =>
  conversation(n, n === 2 ? { uniqueSenders: ['Alice Wong', 'Bob Stone'], hasAttachments: true } : {})
);

type Node = Record<string, any>;
/** The Action.Execute buttons for `verb` (each with its Submit fallback counted once). */
const executes = (card: unknown, verb: string) => {
  const buttons = buttonsFor(card, verb);
  for (const b of buttons) expect(b.type).toBe('Action.Execute');
  return buttons;
};

function message(text: string, patch: (a: Activity) => void = () => undefined): Activity {
  return fixture('message-new', (a) => {
    a.text = text;
    a.deliveryMode = 'expectReplies';
    patch(a);
  });
}

describe('Local mode: list', () => {
  const bot = useTestBot({ env: { GRAPH_BASE_URL: `${GRAPH}/v1.0` } });

  async function reply(activity: Activity): Promise<Node> {
    const res = await bot.post('/api/messages', activity);
    expect(res.status).toBe(200);
    const cards = cardAttachments(res.body.activities);
    expect(cards).toHaveLength(1);
    assertValidCard(cards[0]);
    return cards[0];
  }

  /** An Action.Execute: the invoke answer must be a card (it replaces the one pressed). */
  const act = (verb: string, data: Record<string, unknown>) => executeCardAction(bot, verb, data);

  it('"list" in a 1:1 chat → a picker with the person\'s groups, sorted, and Show conversations', async () => {
    const groups = nockMyGroups(TOKEN, GROUPS);
    const card = await reply(message('list'));
    expect(groups.isDone()).toBe(true);
    const choice = findInput(card, 'groupId');
    expect(choice?.type).toBe('Input.ChoiceSet');
    expect(choice?.choices.map((c: Node) => c.title)).toEqual([
      'accounting',
      'Engineering',
      'Marketing',
      'Marketing EMEA',
      'Product launch'
    ]);
    expect(executes(card, 'listConversations')).toHaveLength(1);
  });

  it(
    '"list Marketing" → that group\'s five latest, ' +
      "in the reader's time zone, each with Reply; More carries only a cursor",
    async () => {
      nockMyGroups(TOKEN, GROUPS);
      const list = nockListConversations(TOKEN, MARKETING.id, { value: PAGE_ONE, next: 'RFNwdAIAAQ_page2' });
      // The fixture's clientInfo says Europe/Berlin; the exact (case-insensitive) name wins over "Marketing EMEA".
      const card = await reply(message('list MARKETING'));
      expect(list.isDone()).toBe(true);
      expect(cardTitle(card)).toBe(say('list.title', { group: 'Marketing' }));
      expect(cardTexts(card)).toEqual(
        expect.arrayContaining([
          'Topic 1',
          'Preview of conversation 1',
          `Nov 11, 2026, 10:30 AM GMT+1 · ${say('list.from', { names: ['Alice Wong'], more: 0 })}`
        ])
      );
      expect(cardTexts(card)).toContain(
        [
          'Nov 12, 2026, 10:30 AM GMT+1',
          say('list.from', { names: ['Alice Wong', 'Bob Stone'], more: 0 }),
          say('list.hasAttachments')
        ].join(' · ')
      );
      // Latest first within the card, whatever order Graph gave them in.
      const replies = executes(card, 'openReply');
      expect(replies.map((r) => r.data)).toEqual(
        [...PAGE_ONE].reverse().map((c) => ({ groupId: MARKETING.id, conversationId: c.id, topic: c.topic }))
      );
      const more = findAction(card, 'listConversations');
      expect(more).toMatchObject({
        type: 'Action.Execute',
        title: say('button.more'),
        data: { groupId: MARKETING.id }
      });
      // Only the id of a cursor kept on the server: no URL, no Graph token.
      expect(isCursorId(more.data.cursor)).toBe(true);
      expect(JSON.stringify(card)).not.toContain('https://');
      expect(JSON.stringify(card)).not.toContain('RFNwdAIAAQ');
    }
  );

  it("More → the next page replaces the card: Graph's nextLink is followed exactly as given", async () => {
    nockMyGroups(TOKEN, GROUPS);
    nockListConversations(TOKEN, MARKETING.id, { value: PAGE_ONE, next: 'RFNwdAIAAQ_page2' });
    const first = await reply(message('list marketing'));
    const page2 = nockListConversations(TOKEN, MARKETING.id, {
      page: conversationsNextLink(MARKETING.id, 'RFNwdAIAAQ_page2'),
      value: [conversation(6)]
    });
    // The group's name comes from the list made a moment ago: no GET /groups/{id}.
    const card = await act('listConversations', findAction(first, 'listConversations').data);
    expect(page2.isDone()).toBe(true);
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([say('list.title', { group: 'Marketing' }), say('list.older'), 'Topic 6'])
    );
    expect(findActions(card, 'listConversations')).toEqual([]);
    expect(executes(card, 'openReply')).toHaveLength(1);
  });

  it('more than five on a page ($top not relied on): five shown, More shows the rest, then the next page', async () => {
    nockMyGroups(TOKEN, GROUPS);
    const seven = [1, 2, 3, 4, 5, 6, 7].map((n) => conversation(n));
    nockListConversations(TOKEN, MARKETING.id, { value: seven, next: 'p2' });
    const first = await reply(message('list marketing'));
    const topics = (card: Node) => executes(card, 'openReply').map((r) => r.data.topic);
    expect(topics(first)).toEqual(['Topic 5', 'Topic 4', 'Topic 3', 'Topic 2', 'Topic 1']);
    // The rest of the same page: Graph is asked for it again (a card holds no Graph data).
    const again = nockListConversations(TOKEN, MARKETING.id, { value: seven, next: 'p2' });
    const page2 = nockListConversations(TOKEN, MARKETING.id, {
      page: conversationsNextLink(MARKETING.id, 'p2'),
      value: [8, 9, 10, 11].map((n) => conversation(n))
    });
    const second = await act('listConversations', findAction(first, 'listConversations').data);
    expect(again.isDone() && page2.isDone()).toBe(true);
    expect(topics(second)).toEqual(['Topic 10', 'Topic 9', 'Topic 8', 'Topic 7', 'Topic 6']);
    // And the last one of page 2, from that page's link.
    const rest = nockListConversations(TOKEN, MARKETING.id, {
      page: conversationsNextLink(MARKETING.id, 'p2'),
      value: [8, 9, 10, 11].map((n) => conversation(n))
    });
    const third = await act('listConversations', findAction(second, 'listConversations').data);
    expect(rest.isDone()).toBe(true);
    expect(topics(third)).toEqual(['Topic 11']);
    expect(findActions(third, 'listConversations')).toEqual([]);
  });

  it("another person's More, another group's, or a cursor never made → Show the latest, no page", async () => {
    nockMyGroups(TOKEN, GROUPS);
    nockListConversations(TOKEN, MARKETING.id, { value: PAGE_ONE, next: 'p2' });
    const first = await reply(message('list marketing'));
    const { cursor } = findAction(first, 'listConversations').data;
    const anyGraph = nock(GRAPH).get(/.*/).reply(200, { value: [] });
    const megan = (a: Activity) => {
      a.from = { ...a.from, id: '29:megan', aadObjectId: '7c60c286-b211-4eea-95a0-90bc0c2e0ebf', name: 'Megan Bowen' };
    };
    const cases = [
      await bot.post('/api/messages', cardAction('listConversations', { groupId: MARKETING.id, cursor }, megan)),
      await bot.post('/api/messages', cardAction('listConversations', { groupId: GROUPS[0].id, cursor })),
      await bot.post(
        '/api/messages',
        cardAction('listConversations', { groupId: MARKETING.id, cursor: 'A'.repeat(22) })
      )
    ];
    for (const res of cases) {
      const card = res.body.value;
      const { title, text } = notice('notice.pageGone');
      expect(cardTexts(card)).toEqual([say('list.title', { group: say('list.thisGroup') }), title, text]);
      const latest = findAction(card, 'listConversations');
      expect(latest.title).toBe(say('button.latest'));
      expect(latest.data.cursor).toBeUndefined();
    }
    expect(anyGraph.isDone()).toBe(false);
    expect(bot.logs.filter((l) => l.includes('page cursor refused'))).toHaveLength(3);
    expect(bot.logs.some((l) => l.includes('"refused":"another_person"'))).toBe(true);
    expect(bot.logs.some((l) => l.includes('"refused":"another_group"'))).toBe(true);
  });

  it('a name several groups start with → a picker with just those', async () => {
    nockMyGroups(TOKEN, GROUPS);
    const card = await reply(message('list mark'));
    expect(cardTexts(card)).toContain(say('list.severalMatch', { name: 'mark' }));
    const choice = findInput(card, 'groupId');
    expect(choice?.type).toBe('Input.ChoiceSet');
    expect(choice?.choices.map((c: Node) => c.title)).toEqual(['Marketing', 'Marketing EMEA']);
  });

  it('a unique substring is enough ("launch" → Product launch)', async () => {
    nockMyGroups(TOKEN, GROUPS);
    const list = nockListConversations(TOKEN, GROUPS[0].id, { value: [] });
    const card = await reply(message('list launch'));
    expect(list.isDone()).toBe(true);
    expect(cardTexts(card)).toEqual([say('list.title', { group: 'Product launch' }), say('list.empty')]);
  });

  it('a name that matches nothing → a clear message, no list request', async () => {
    nockMyGroups(TOKEN, GROUPS);
    const list = nock(GRAPH)
      .get(/conversations/)
      .reply(200, { value: [] });
    const card = await reply(message('list Finance'));
    const { title, text } = notice('notice.noSuchGroup', { name: 'Finance' });
    expect(cardTexts(card)).toEqual([title, text]);
    expect(list.isDone()).toBe(false);
  });

  it('@mention "list" in a team channel → the team\'s group directly', async () => {
    const group = nockGetGroup(TOKEN, { id: TEAM_GROUP_ID, displayName: 'Engineering' });
    const list = nockListConversations(TOKEN, TEAM_GROUP_ID, { value: [conversation(1)] });
    const card = await reply(
      fixture('channel-mention-new', (a) => {
        a.deliveryMode = 'expectReplies';
        a.text = '<at>Group Conversations</at> list';
      })
    );
    expect(group.isDone()).toBe(true);
    expect(list.isDone()).toBe(true);
    expect(cardTitle(card)).toBe(say('list.title', { group: 'Engineering' }));
    // No time zone on this activity: UTC, said so.
    expect(cardTexts(card)).toContain(
      `Nov 11, 2026, 9:30 AM UTC · ${say('list.from', { names: ['Alice Wong'], more: 0 })}`
    );
  });

  it("the picker's Show conversations (groupId from the input) → the list", async () => {
    const group = nockGetGroup(TOKEN, MARKETING);
    const list = nockListConversations(TOKEN, MARKETING.id, { value: PAGE_ONE.slice(0, 2) });
    const card = await act('listConversations', { groupId: MARKETING.id.toUpperCase() });
    expect(group.isDone()).toBe(true);
    expect(list.isDone()).toBe(true);
    expect(executes(card, 'openReply')).toHaveLength(2);
  });

  it.each([
    ['a URL as the cursor', { groupId: MARKETING.id, cursor: 'https://evil.example.test/v1.0/groups/x/conversations' }],
    ['a cursor with query syntax', { groupId: MARKETING.id, cursor: 'x&$filter=y' }],
    ['a Graph skiptoken as the cursor', { groupId: MARKETING.id, cursor: 'RFNwdAIAAQ_page2' }],
    ['a group id that is not a GUID', { groupId: '../users', cursor: 'abc' }],
    ['no group (nothing picked)', {}]
  ])('More with %s → a notice, and no request to Graph', async (_name, data) => {
    const anyGraph = nock(GRAPH).get(/.*/).reply(200, { value: [] });
    const evil = nock('https://evil.example.test').get(/.*/).reply(200, {});
    const card = await act('listConversations', data);
    expect(cardTitle(card)).toBe(notice('notice.pickGroup').title);
    expect(anyGraph.isDone()).toBe(false);
    expect(evil.isDone()).toBe(false);
  });

  it('More refused by Graph (403) → the list card with the banner and Try again for the same page', async () => {
    nockMyGroups(TOKEN, GROUPS);
    nockListConversations(TOKEN, MARKETING.id, { value: PAGE_ONE, next: 'p2' });
    const first = await reply(message('list marketing'));
    const { cursor } = findAction(first, 'listConversations').data;
    nockListConversations(TOKEN, MARKETING.id, { page: conversationsNextLink(MARKETING.id, 'p2'), status: 403 });
    const card = await act('listConversations', { groupId: MARKETING.id, cursor });
    const { title, text } = describeError(new AppError('access_denied', 'x'), 'list');
    expect(cardTexts(card)).toEqual([say('list.title', { group: say('list.thisGroup') }), title, text]);
    expect(findAction(card, 'listConversations')).toMatchObject({
      type: 'Action.Execute',
      title: say('button.tryAgain'),
      data: { groupId: MARKETING.id, cursor }
    });
    expect(bot.logs.some((l) => l.includes('could not list conversations'))).toBe(true);
  });

  it('"list Marketing" throttled on every attempt → a notice saying to type list again', async () => {
    nockMyGroups(TOKEN, GROUPS);
    // Reads are retried on 429 after Retry-After: offer the same answer to every attempt.
    nockListConversations(TOKEN, MARKETING.id, { status: 429, headers: { 'Retry-After': '0' }, times: 4 });
    const card = await reply(message('list Marketing'));
    const { title, text } = notice('error.throttled.open', { command: 'list' });
    expect(cardTexts(card)).toEqual([title, text]);
  });

  it('an unknown verb still answers 400', async () => {
    const res = await bot.post('/api/messages', cardAction('listEverything', { groupId: MARKETING.id }));
    expect(res.body).toMatchObject({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'unknown_action' }
    });
    const proto = await bot.post('/api/messages', cardAction('toString', {}));
    expect(proto.body).toMatchObject({ statusCode: 400 });
  });
});
