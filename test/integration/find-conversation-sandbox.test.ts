// The compose box's search (issue 17, message extension `findConversation`) at the HTTP edge, in
// local mode against the Graph sandbox: the query's previews (words in topic or preview, most recent
// first, at most 10, Teams' paging), the card a chosen preview inserts (last sender and time, Reply,
// Open in Outlook), a person never finding a group they are not in, and the minute's cache.
import { useTestBot } from '../helpers/test-bot';
import { fixture, type Activity } from '../helpers/fixtures';
import { cardAction } from '../helpers/conversation-nock';
import { assertValidCard } from '../helpers/card-schema';
import { cardTexts, findAction, openUrls } from '../helpers/card-readers';
import { utf16Bytes, CARD_BUDGET_BYTES, TEAMS_MESSAGE_LIMIT_BYTES } from '../../src/cards/size-budget';
import { say } from '../../src/core/words';
import { QUERY_ANSWER_BUDGET_BYTES } from '../../src/teams/message-extension/find-conversation';
import { CURRENT_USER_ID, SEED_GROUP_IDS as G, SEED_USER_IDS as U } from '../../src/sandbox';
import { useVariantSandbox, type Control } from '../helpers/sandbox-control';
import { sandboxVariant } from '../helpers/sandbox-variant';

type Node = Record<string, any>;

/** What Teams sends as the person types in the search box (the manifest's parameter `query`). */
function query(text: string | undefined, options: Node = { skip: 0, count: 25 }): Activity {
  return fixture('invoke-message-action-fetch', (a) => {
    a.name = 'composeExtension/query';
    a.from.aadObjectId = CURRENT_USER_ID;
    a.value = {
      commandId: 'findConversation',
      parameters: [text === undefined ? { name: 'initialRun', value: 'true' } : { name: 'query', value: text }],
      queryOptions: options
    };
  });
}

function selectItem(tap: Node): Activity {
  return fixture('invoke-message-action-fetch', (a) => {
    a.name = 'composeExtension/selectItem';
    a.from.aadObjectId = CURRENT_USER_ID;
    a.value = tap;
  });
}

describe(`Local mode against the Graph sandbox: find a conversation from the compose box (${sandboxVariant().name})`, () => {
  const sb = useVariantSandbox({ reset: true });
  const control: Control = (...args) => sb.control(...args);

  // A fresh bot per test: the minute's cache of one test must not answer the next.
  const bot = useTestBot({ env: () => ({ GRAPH_BASE_URL: sb.baseUrl, ...sandboxVariant().botEnv }) });

  const conversationReads = async (): Promise<number> => {
    const stats = await control('GET', '/stats');
    return stats.byRoute['GET /groups/{id}/conversations'] ?? 0;
  };

  async function search(activity: Activity): Promise<Node> {
    const res = await bot.post('/api/messages', activity);
    expect(res.status).toBe(200);
    return res.body.composeExtension;
  }

  /** A conversation started by `as` in `groupId`, then the sandbox's answer {conversationId, threadId}. */
  const start = (groupId: string, as: string, topic: string, body: string) =>
    control('POST', `/groups/${groupId}/conversations`, { as, topic, body });

  it('finds the words in topics and previews of your own groups only, most recent first, as previews and cards', async () => {
    await start(G.marketing, U.megan, 'Q3 budget review', 'Numbers for the campaign budget are in.');
    await start(G.leadership, U.lynne, 'Offsite agenda', 'Please look at the budget before Friday.');
    // Alex is in neither: their words must never come back, whatever they say.
    await start(G.finance, U.megan, 'Budget forecast (private)', 'The private budget forecast.');
    await start(G.designGuild, U.adele, 'Budget for the design system', 'Public group, but Alex is not a member.');
    await start(G.marketing, U.adele, 'Launch party', 'Cake on Thursday.');
    await control('POST', '/stats/reset');

    const answer = await search(query('BUDGET'));
    expect(answer.type).toBe('result');
    expect(answer.attachmentLayout).toBe('list');
    const titles = answer.attachments.map((a: Node) => a.preview.content.title);
    // Leadership's was started after Marketing's: it is the more recent one.
    expect(titles).toEqual(['Offsite agenda', 'Q3 budget review']);
    // One read per group Alex is in (Contoso Team, Marketing, Product launch, Leadership), no other group.
    expect(await conversationReads()).toBe(4);

    const [offsite, review] = answer.attachments;
    expect(offsite.preview).toMatchObject({
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: {
        subtitle: expect.stringMatching(/^Leadership · /),
        text: 'Please look at the budget before Friday.'
      }
    });
    // The Agents Playground refuses a preview with a tap: local mode inserts the list's card as it is.
    expect(offsite.preview.content.tap).toBeUndefined();
    for (const a of answer.attachments) {
      expect(a.contentType).toBe('application/vnd.microsoft.card.adaptive');
      assertValidCard(a.content);
      expect(utf16Bytes(a.content)).toBeLessThan(CARD_BUDGET_BYTES);
    }
    expect(cardTexts(review.content).slice(0, 2)).toEqual([
      say('search.group', { group: 'Marketing' }),
      'Q3 budget review'
    ]);
    expect(openUrls(review.content)).toEqual(['https://outlook.office.com/mail/group/contoso.test/marketing/email']);

    // Two words: both must be there (in the topic or the preview).
    const both = await search(query('campaign review'));
    expect(both.attachments.map((a: Node) => a.preview.content.title)).toEqual(['Q3 budget review']);
    // The minute's cache: typing on costs no Graph read.
    expect(await conversationReads()).toBe(4);
  });

  it('says so when nothing matches; opening the search (initialRun) lists the most recent ones', async () => {
    await start(G.productLaunch, U.isaiah, 'Release checklist', 'Final steps.');
    const none = await search(query('zebra'));
    expect(none).toEqual({ type: 'message', text: say('search.nothingFound') });
    const opened = await search(query(undefined));
    expect(opened.attachments.map((a: Node) => a.preview.content.title)).toEqual(['Release checklist']);
  });

  it('answers at most 10 previews and pages with skip; every preview and its card stay within budget', async () => {
    await control('POST', '/conversations', {
      groupId: G.marketing,
      count: 24,
      senderId: U.megan,
      topicPrefix: `Weekly ${'update '.repeat(8).trim()}`
    });
    const first = await search(query('weekly', { skip: 0, count: 25 }));
    expect(first.attachments).toHaveLength(10);
    expect(first.attachments[0].preview.content.title).toMatch(/ 001$/);
    const third = await search(query('weekly', { skip: 20, count: 25 }));
    expect(third.attachments.map((a: Node) => a.preview.content.title.slice(-3))).toEqual(['021', '022', '023', '024']);
    const past = await search(query('weekly', { skip: 30, count: 25 }));
    expect(past).toEqual({ type: 'result', attachmentLayout: 'list', attachments: [] });
    expect(utf16Bytes(first)).toBeLessThan(TEAMS_MESSAGE_LIMIT_BYTES / 2);
  });

  it('mail of pathological text makes the list shorter, never an answer over its budget', async () => {
    for (let i = 0; i < 12; i++)
      await start(G.marketing, U.megan, `${'*_<&'.repeat(60)} ${i}`, '[x](y) <b>&amp; '.repeat(60));
    const answer = await search(query('x'));
    expect(answer.attachments.length).toBeGreaterThan(0);
    expect(answer.attachments.length).toBeLessThanOrEqual(10);
    expect(utf16Bytes(answer.attachments)).toBeLessThan(QUERY_ANSWER_BUDGET_BYTES + 2048);
    for (const a of answer.attachments) assertValidCard(a.content);
  });

  it('a chosen preview inserts the card with its last sender and time; its Reply posts as the presser', async () => {
    const { threadId } = await start(G.marketing, U.megan, 'Booth at the fair', 'Who staffs the booth?');
    // Graph's post times are to the second: the reply comes a second later, so it is the last one.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await control('POST', `/groups/${G.marketing}/threads/${threadId}/reply`, {
      as: U.adele,
      body: 'I can do Tuesday.'
    });
    const found = await search(query('booth'));
    // What Teams sends back from the preview's tap (Teams mode gives it one: teams-find-conversation.test.ts).
    const { groupId, conversationId } = findAction(found.attachments[0].content, 'openReply').data;
    const chosen = await search(selectItem({ commandId: 'findConversation', groupId, conversationId }));
    expect(chosen.type).toBe('result');
    expect(chosen.attachments).toHaveLength(1);
    const card = chosen.attachments[0].content;
    assertValidCard(card);
    const texts = JSON.stringify(card);
    expect(texts).toContain('Last post by Adele Vance, {{DATE(');
    const reply = findAction(card, 'openReply');
    expect(reply.data).toMatchObject({ groupId: G.marketing, threadId, topic: 'Booth at the fair' });

    // Whoever presses Reply gets the reply form for that thread (posting is the reply flow's own test).
    const pressed = await bot.post(
      '/api/messages',
      cardAction('openReply', reply.data, (a) => {
        a.from.aadObjectId = U.megan;
      })
    );
    expect(pressed.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(findAction(pressed.body.value, 'replyToThread').data).toMatchObject({ threadId });
  });

  it('a forged or stale tap finds nothing: only what your own scan found can be inserted', async () => {
    const { conversationId } = await start(G.finance, U.megan, 'Salaries', 'Private numbers.');
    const forged = await search(selectItem({ commandId: 'findConversation', groupId: G.finance, conversationId }));
    expect(forged).toEqual({ type: 'message', text: say('search.notFound') });
    const junk = await search(selectItem({ commandId: 'findConversation', groupId: 'x', conversationId: '../me' }));
    expect(junk).toEqual({ type: 'message', text: say('search.notFound') });
  });
});

describe('Local mode: a chosen result over the reads limit', () => {
  const sb = useVariantSandbox();
  const bot = useTestBot({ env: () => ({ GRAPH_BASE_URL: sb.baseUrl, READS_PER_MINUTE: '1' }) });

  it('the first selectItem reads the last post; the next one in the minute inserts the card without the sender', async () => {
    const { control } = sb;
    await control('POST', `/groups/${G.marketing}/conversations`, { as: U.megan, topic: 'Booth', body: 'Who?' });
    const found = (await bot.post('/api/messages', query('booth'))).body.composeExtension;
    const { groupId, conversationId } = findAction(found.attachments[0].content, 'openReply').data;
    const tap = { commandId: 'findConversation', groupId, conversationId };
    const first = (await bot.post('/api/messages', selectItem(tap))).body.composeExtension;
    expect(JSON.stringify(first.attachments[0].content)).toContain('Last post by Megan Bowen');
    const second = (await bot.post('/api/messages', selectItem(tap))).body.composeExtension;
    const texts = cardTexts(second.attachments[0].content);
    expect(texts[2]).toMatch(/^Last post \{\{DATE\(/);
    expect(texts).toContain('Who?');
  });
});
