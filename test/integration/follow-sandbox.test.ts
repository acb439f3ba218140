// Following a group in a channel (issue 16), the whole path in local mode against the Graph sandbox
// (no nock): `follow` subscribes as the person (the sandbox's handshake reaches the bot's
// notification URLs), another person's conversation and replies in the group arrive as Graph's
// change notifications and become one card per thread in the channel (a loopback Bot Connector),
// updated in place; bursts with duplicates, a `missed` event, forged notifications, renewal before
// expiry (bot and sandbox share one clock), renewal failure, unfollow rules and Reply as the presser.
import { useTestBot } from '../helpers/test-bot';
import { fixture, type Activity } from '../helpers/fixtures';
import { cardAction } from '../helpers/conversation-nock';
import { actionData, cardTexts, cardTitle, findAction } from '../helpers/card-readers';
import { startLoopbackConnector, type LoopbackConnector } from '../helpers/loopback-connector';
import { sandboxControl, type Control } from '../helpers/sandbox-control';
import { say } from '../../src/core/words';
import {
  createGraphSandbox,
  SEED_GROUP_IDS as G,
  SEED_TENANT_ID,
  SEED_USER_IDS as U,
  type GraphSandbox
} from '../../src/sandbox';

type Node = Record<string, any>;
const CHANNEL = '19:general-channel@thread.tacv2';
const MINUTE = 60_000;

let offset = 0;
const now = () => Date.now() + offset;
let sandbox: GraphSandbox;
let origin: string;
let baseUrl: string;
let control: Control;
let connector: LoopbackConnector;

beforeAll(async () => {
  sandbox = createGraphSandbox({ now, handshakeTimeoutMs: 2000 });
  ({ origin, baseUrl } = await sandbox.listen(0));
  control = sandboxControl(origin);
  connector = await startLoopbackConnector();
});
afterAll(async () => {
  await sandbox.close();
  await connector.close();
});
beforeEach(async () => {
  offset = 0;
  await control('POST', '/reset');
  connector.calls.length = 0;
});

const bot = useTestBot({ now, env: () => ({ GRAPH_BASE_URL: baseUrl }) });

/** A channel message from `user` (the team's own group known from channelData), answered inline. */
function inChannel(text: string, user: string = U.alex, name = 'Alex Wilber'): Activity {
  return fixture('channel-mention-new', (a) => {
    a.text = `<at>Group Conversations</at> ${text}`;
    a.from = { id: `29:${user}`, name, aadObjectId: user };
    a.conversation.tenantId = SEED_TENANT_ID;
    a.channelData.tenant.id = SEED_TENANT_ID;
    a.channelData.team.aadGroupId = G.contosoTeam;
    a.serviceUrl = connector.serviceUrl;
    a.deliveryMode = 'expectReplies';
  });
}

async function say_(text: string, user?: string, name?: string): Promise<Node> {
  const res = await bot.post('/api/messages', inChannel(text, user, name));
  expect(res.status).toBe(200);
  const cards = (res.body.activities as Node[]).flatMap((a) => (a.attachments ?? []).map((x: Node) => x.content));
  expect(cards).toHaveLength(1);
  return cards[0];
}

async function graph(method: string, path: string, user: string, body?: unknown): Promise<Node> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer sandbox.${user}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await res.text();
  expect(res.status).toBeLessThan(300);
  return text ? JSON.parse(text) : {};
}

const startConversation = (topic: string, text: string, user: string = U.megan, group: string = G.contosoTeam) =>
  graph('POST', `/groups/${group}/conversations`, user, {
    topic,
    threads: [{ posts: [{ body: { contentType: 'text', content: text } }] }]
  }) as Promise<{ id: string; threads: Array<{ id: string }> }>;

const reply = (threadId: string, text: string, user: string = U.isaiah, group: string = G.contosoTeam) =>
  graph('POST', `/groups/${group}/threads/${threadId}/reply`, user, {
    post: { body: { contentType: 'text', content: text } }
  });

/** Waits until the bot has nothing left to do with what Graph sent (deliveries are asynchronous). */
async function settled(): Promise<void> {
  const following = bot.bot.following;
  if (!following) throw new Error('the bot was built without following');
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 60));
    await following.worker.drain();
  }
}

const cardsSent = () => connector.calls.filter((c) => c.method === 'POST');
const threadCards = () => cardsSent().filter((c) => cardTexts(c.card).some((t) => t.startsWith('New in ')));

describe('follow, following, unfollow in a channel', () => {
  it('follow subscribes as the person to the team’s group, and says so in the channel', async () => {
    const confirmed = await say_('follow');
    expect(cardTitle(confirmed)).toBe(say('follow.confirmedTitle', { group: 'Contoso Team' }));
    expect(cardTexts(confirmed).join(' ')).toContain('Alex Wilber set this channel to follow Contoso Team');
    const { subscriptions } = await control('GET', '/subscriptions');
    expect(subscriptions).toHaveLength(1);
    const [s] = subscriptions;
    expect(s).toMatchObject({
      groupId: G.contosoTeam,
      resource: `groups('${G.contosoTeam}')/conversations`,
      changeType: 'created,updated',
      notificationUrl: `${bot.url}/api/notifications`,
      lifecycleNotificationUrl: `${bot.url}/api/notifications/lifecycle`,
      creatorId: U.alex,
      expired: false
    });
    expect(s.clientState).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // 4,200 minutes asked: within Graph's 4,230 for group conversations.
    expect(Date.parse(s.expirationDateTime) - now()).toBeGreaterThan(4190 * MINUTE);
    expect(Date.parse(s.expirationDateTime) - now()).toBeLessThanOrEqual(4200 * MINUTE);
    // The logs never show the secret.
    expect(bot.logs.join('\n')).not.toContain(s.clientState);

    const again = await say_('follow', U.megan, 'Megan Bowen');
    expect(cardTitle(again)).toBe(say('follow.alreadyTitle', { group: 'Contoso Team' }));
    expect((await control('GET', '/subscriptions')).subscriptions).toHaveLength(1);

    const listed = await say_('following', U.adele, 'Adele Vance');
    expect(cardTitle(listed)).toBe(say('following.title'));
    expect(cardTexts(listed).join(' ')).toContain('Contoso Team, set up by Alex Wilber');
  });

  it('a group the person is not in cannot be followed; follow outside a channel says where it works', async () => {
    // Adele is not in Leadership.
    const refused = await say_('follow Leadership', U.adele, 'Adele Vance');
    expect(cardTitle(refused)).toBe('No such group');
    expect((await control('GET', '/subscriptions')).subscriptions).toHaveLength(0);
    const personal = await bot.post(
      '/api/messages',
      fixture('message-new', (a) => {
        a.text = 'follow';
        a.from.aadObjectId = U.alex;
        a.deliveryMode = 'expectReplies';
      })
    );
    const [card] = (personal.body.activities as Node[]).map((a) => a.attachments?.[0]?.content);
    expect(cardTitle(card)).toBe(say('follow.channelOnlyTitle'));
  });

  it('unfollow: the follower may; someone else may not unless they own the team', async () => {
    await say_('follow Marketing', U.megan, 'Megan Bowen');
    // Adele is in Marketing too, but neither set it up nor owns the team.
    const refused = await say_('unfollow', U.adele, 'Adele Vance');
    expect(cardTitle(refused)).toBe(say('unfollow.notAllowedTitle', { group: 'Marketing' }));
    expect((await control('GET', '/subscriptions')).subscriptions).toHaveLength(1);
    // Alex owns the team's group (the sandbox's seed): a team owner may stop it.
    const stopped = await say_('unfollow marketing', U.alex, 'Alex Wilber');
    expect(cardTitle(stopped)).toBe(say('unfollow.doneTitle', { group: 'Marketing' }));
    // Deleted in Graph with the follower's own sign-in.
    expect((await control('GET', '/subscriptions')).subscriptions).toHaveLength(0);
    const none = await say_('following', U.adele, 'Adele Vance');
    expect(cardTitle(none)).toBe(say('following.noneTitle'));
  });
});

describe('what arrives in a followed group', () => {
  it('a new conversation becomes one card; replies update that card ("3 new replies")', async () => {
    await say_('follow');
    const c = await startConversation('Launch date', 'We ship on Monday.');
    await settled();
    expect(threadCards()).toHaveLength(1);
    const [first] = threadCards();
    expect(first.conversationId).toBe(CHANNEL);
    expect(cardTexts(first.card)).toEqual(expect.arrayContaining(['Launch date', 'We ship on Monday.']));
    expect(cardTexts(first.card).join(' ')).toContain('Megan Bowen');

    for (const text of ['Monday works.', 'Agreed', 'See you then']) {
      offset += 1000; // Graph's times are to the second: one reply a second, in order
      await reply(c.threads[0].id, text);
    }
    await settled();
    expect(threadCards()).toHaveLength(1);
    const updates = connector.calls.filter((call) => call.method === 'PUT');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    const cardId = `sent-${connector.calls.indexOf(first) + 1}`;
    expect(new Set(updates.map((u) => u.activityId))).toEqual(new Set([cardId]));
    const latest = updates.at(-1)?.card;
    expect(cardTexts(latest)).toEqual(expect.arrayContaining(['3 new replies', 'See you then']));
  });

  it('a burst of 50 notifications with duplicates: one card per thread, each updated to its replies', async () => {
    await say_('follow');
    await control('POST', '/notification-faults', { mode: 'duplicate', count: 50 });
    const threads: string[] = [];
    for (let i = 0; i < 10; i++) threads.push((await startConversation(`Topic ${i}`, `Opening ${i}`)).threads[0].id);
    for (const t of threads) for (let r = 0; r < 4; r++) await reply(t, `Reply ${r}`);
    await settled();
    expect(threadCards()).toHaveLength(10);
    // Each thread's card as the channel sees it last: its POST, or the last PUT replacing it. Every
    // one shows its four replies, and no thread got a second card.
    const shown = new Map<string, Node>();
    connector.calls.forEach((call, i) => {
      if (call.method === 'POST' && call.card) shown.set(`sent-${i + 1}`, call.card);
      if (call.method === 'PUT' && call.activityId && call.card) shown.set(call.activityId, call.card);
    });
    const threadViews = [...shown.values()].filter((card) => cardTexts(card).some((t) => t.startsWith('New in ')));
    expect(threadViews).toHaveLength(10);
    for (const card of threadViews) expect(cardTexts(card)).toContain('4 new replies');
    expect(new Set(threadViews.map((card) => cardTexts(card)[1]))).toEqual(
      new Set(Array.from({ length: 10 }, (_, i) => `Topic ${i}`))
    );
  });

  it('missed: what Graph could not deliver is caught up, once', async () => {
    await say_('follow');
    await control('POST', '/notification-faults', { mode: 'drop', count: 3 });
    for (let i = 0; i < 3; i++) await startConversation(`Dropped ${i}`, 'x');
    await settled();
    expect(threadCards()).toHaveLength(0);
    const [s] = (await control('GET', '/subscriptions')).subscriptions;
    await control('POST', `/subscriptions/${s.id}/lifecycle`, { event: 'missed' });
    await settled();
    expect(threadCards()).toHaveLength(3);
    // Graph repeats itself (a later missed): nothing new, nothing twice.
    offset += 1000;
    await control('POST', `/subscriptions/${s.id}/lifecycle`, { event: 'missed' });
    await settled();
    expect(threadCards()).toHaveLength(3);
  });

  it('reauthorizationRequired renews at once; subscriptionRemoved subscribes again and shows what came meanwhile', async () => {
    await say_('follow');
    const [s] = (await control('GET', '/subscriptions')).subscriptions;
    offset += 60 * MINUTE;
    await control('POST', `/subscriptions/${s.id}/lifecycle`, { event: 'reauthorizationRequired' });
    await settled();
    const [renewed] = (await control('GET', '/subscriptions')).subscriptions;
    expect(renewed.id).toBe(s.id);
    expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(Date.parse(s.expirationDateTime));

    // Graph drops the subscription; a conversation arrives while there is none.
    await control('POST', `/subscriptions/${s.id}/lifecycle`, { event: 'subscriptionRemoved' });
    await startConversation('While unsubscribed', 'x');
    await settled();
    const live = (await control('GET', '/subscriptions')).subscriptions.filter((x: Node) => !x.expired);
    expect(live).toHaveLength(1);
    expect(live[0].id).not.toBe(s.id);
    expect(live[0].clientState).not.toBe(s.clientState);
    expect(threadCards().map((c) => cardTexts(c.card)[1])).toEqual(['While unsubscribed']);
    // The old subscription's id is no longer trusted, the new one is.
    const c = await startConversation('After', 'y');
    await settled();
    expect(threadCards().map((x) => cardTexts(x.card)[1])).toEqual(['While unsubscribed', 'After']);
    expect(c.id).toEqual(expect.any(String));
  });

  it('forged notifications (wrong clientState, unknown subscription) are answered 202 and change nothing', async () => {
    await say_('follow');
    const [s] = (await control('GET', '/subscriptions')).subscriptions;
    const c = await startConversation('Real', 'x');
    await settled();
    const before = connector.calls.length;
    const forged = (subscriptionId: string, clientState: string) => ({
      value: [
        {
          subscriptionId,
          clientState,
          changeType: 'created',
          resource: `groups('${G.contosoTeam}')/conversations('${c.id}')`,
          subscriptionExpirationDateTime: s.expirationDateTime,
          tenantId: SEED_TENANT_ID,
          resourceData: { id: c.id }
        }
      ]
    });
    for (const body of [forged(s.id, 'guessed'), forged('7f105c7d-2dc5-4530-97cd-4e7ae6534c07', s.clientState)]) {
      const res = await fetch(`${bot.url}/api/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body)
      });
      expect(res.status).toBe(202);
    }
    await settled();
    expect(connector.calls.length).toBe(before);
    expect(bot.logs.join('\n')).toMatch(/client_state_mismatch/);
  });

  it('Reply on a channel card opens the form with the thread and posts as whoever pressed it', async () => {
    await say_('follow');
    const c = await startConversation('Question', 'Who owns the budget?');
    await settled();
    const [card] = threadCards();
    const press = (verb: string, data: Node) =>
      cardAction(verb, data, (a) => {
        a.from = { id: `29:${U.adele}`, name: 'Adele Vance', aadObjectId: U.adele };
        a.conversation = { id: `${CHANNEL};messageid=1`, conversationType: 'channel', tenantId: SEED_TENANT_ID };
        a.serviceUrl = connector.serviceUrl;
      });
    const open = await bot.post(
      '/api/messages',
      press('openReply', actionData(findAction(card.card as Node, 'openReply')))
    );
    const form = open.body.value;
    const post = findAction(form, 'replyToThread');
    expect(post.data.threadId).toBe(c.threads[0].id);
    const sent = await bot.post(
      '/api/messages',
      press('replyToThread', { ...post.data, body: 'Finance does.', participants: '', otherEmails: '' })
    );
    expect(sent.body.statusCode).toBe(200);
    const state = await control('GET', '/state');
    const thread = state.conversations.find((x: Node) => x.id === c.id).threads[0];
    expect(thread.posts.at(-1)).toMatchObject({ from: U.adele, body: { content: 'Finance does.' } });
  });
});

describe('renewal', () => {
  it('a Graph that forgot every subscription (the local sandbox started afresh): renewAll subscribes again', async () => {
    await say_('follow');
    await control('POST', '/reset'); // the tenant as seeded, no subscriptions
    const following = bot.bot.following;
    expect(await following.renewAll()).toEqual(['recreated']);
    const { subscriptions } = await control('GET', '/subscriptions');
    expect(subscriptions).toHaveLength(1);
    await startConversation('After the restart', 'x');
    await settled();
    expect(threadCards().map((c) => cardTexts(c.card)[1])).toEqual(['After the restart']);
  });

  it('renews before expiry with the follower’s sign-in, and stops with one notice when that is impossible', async () => {
    await say_('follow');
    const [s] = (await control('GET', '/subscriptions')).subscriptions;
    const following = bot.bot.following;
    if (!following) throw new Error('no following');
    expect(await following.renewDue()).toEqual([]);
    offset += 57 * 60 * MINUTE; // past 80 % of 70 hours
    expect(await following.renewDue()).toEqual(['renewed']);
    const [renewed] = (await control('GET', '/subscriptions')).subscriptions;
    expect(renewed.id).toBe(s.id);
    expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(Date.parse(s.expirationDateTime));

    // Alex leaves the group: Graph refuses the renewal as him, the follow stops, the channel is told once.
    await control('DELETE', `/groups/${G.contosoTeam}/members/${U.alex}`);
    offset += 57 * 60 * MINUTE;
    expect(await following.renewDue()).toEqual(['stopped']);
    offset += 60 * MINUTE;
    expect(await following.renewDue()).toEqual([]);
    const notices = cardsSent().filter(
      (c) => cardTitle(c.card) === say('follow.stoppedTitle', { group: 'Contoso Team' })
    );
    expect(notices).toHaveLength(1);
    const none = await say_('following', U.adele, 'Adele Vance');
    expect(cardTitle(none)).toBe(say('following.noneTitle'));
  });
});
