// An uncertain post looked for in a busy group mailbox that lists in no promised order (the real
// Graph sandbox in this jest project's configuration): 32 conversations already there, older and
// newer than the attempt, some by the same person; the post that committed is found and never
// made twice; a search that cannot see everything within its page bound stays "unknown" and
// never posts; a reply that committed is found among a long thread's posts.
import { randomUUID } from 'node:crypto';
import { useTestBot, type TestBot } from '../helpers/test-bot';
import { cardAction } from '../helpers/conversation-nock';
import { banner, cardTitle } from '../helpers/card-readers';
import { createInvoke, type Activity } from '../helpers/fixtures';
import { startVariantSandbox, type Control } from '../helpers/sandbox-control';
import { sandboxVariant } from '../helpers/sandbox-variant';
import { CURRENT_USER_ID, SEED_USER_IDS, type GraphSandbox } from '../../src/sandbox';
import { MAX_SEARCH_PAGES } from '../../src/core/search-graph';
import { notice, say } from '../../src/core/words';

type Node = Record<string, any>;
const UNCONFIRMED = notice('error.post_status_unknown', {}).title;
const LIST_ROUTE = 'GET /groups/{id}/conversations';
const asAlex = (a: Activity) => {
  a.from.aadObjectId = CURRENT_USER_ID;
};

let sandbox: GraphSandbox;
let baseUrl: string;
let control: Control;

beforeAll(async () => {
  ({ sandbox, baseUrl, control } = await startVariantSandbox());
});
afterAll(() => sandbox.close());

async function newGroup(conversations: { senderId: string; count: number; newestInMinutes: number }[]) {
  const { groups } = await control('POST', '/groups', { count: 1, memberIds: [CURRENT_USER_ID, SEED_USER_IDS.megan] });
  const group = groups[0] as { id: string; displayName: string };
  for (const batch of conversations) {
    await control('POST', '/conversations', {
      groupId: group.id,
      count: batch.count,
      senderId: batch.senderId,
      topicPrefix: `Earlier ${batch.senderId.slice(0, 4)}`,
      newestAt: new Date(Date.now() + batch.newestInMinutes * 60_000).toISOString(),
      spacingMinutes: 20
    });
  }
  return group;
}

const stored = async (topic: string) =>
  ((await control('GET', '/state')).conversations as Node[]).filter((c) => c.topic === topic).length;
const listReads = async () => ((await control('GET', '/stats')).byRoute[LIST_ROUTE] as number | undefined) ?? 0;

async function press(bot: TestBot, activity: Activity): Promise<Node> {
  const res = await bot.post('/api/messages', activity);
  expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  return res.body.value;
}

describe(`reconciling in a busy, unordered mailbox (${sandboxVariant().name})`, () => {
  const bot = useTestBot({
    per: 'describe',
    env: () => ({
      GRAPH_BASE_URL: baseUrl,
      RECONCILE_GRACE_MS: '0',
      POSTS_PER_MINUTE: '1000',
      ...sandboxVariant().botEnv
    })
  });

  it('a create that committed but whose answer was lost is found among 32 others, and posted once', async () => {
    // Alex's own older and newer conversations too: sender and time alone would match them.
    const group = await newGroup([
      { senderId: CURRENT_USER_ID, count: 16, newestInMinutes: 180 },
      { senderId: SEED_USER_IDS.megan, count: 16, newestInMinutes: 90 }
    ]);
    const topic = `Busy mailbox ${randomUUID().slice(0, 8)}`;
    const form = {
      draftId: randomUUID(),
      groupId: group.id,
      topic,
      body: 'Agenda attached.',
      participants: '',
      otherEmails: ''
    };
    await control('POST', '/faults', {
      method: 'POST',
      path: `^/v1\\.0/groups/${group.id}/conversations$`,
      status: 504,
      afterCommit: true
    });
    const first = await press(bot, createInvoke(form, asAlex));
    expect(cardTitle(first)).toBe(say('confirmation.title', { group: group.displayName }));
    const again = await press(bot, createInvoke(form, asAlex));
    expect(cardTitle(again)).toBe(say('confirmation.title', { group: group.displayName }));
    expect(await stored(topic)).toBe(1);
  });

  it('a create that did not commit: unknown first, then found absent and posted once', async () => {
    const group = await newGroup([{ senderId: SEED_USER_IDS.megan, count: 30, newestInMinutes: 120 }]);
    const topic = `Not committed ${randomUUID().slice(0, 8)}`;
    const form = {
      draftId: randomUUID(),
      groupId: group.id,
      topic,
      body: 'Second try.',
      participants: '',
      otherEmails: ''
    };
    await control('POST', '/faults', {
      method: 'POST',
      path: `^/v1\\.0/groups/${group.id}/conversations$`,
      status: 504
    });
    expect(banner(await press(bot, createInvoke(form, asAlex)))?.title).toBe(UNCONFIRMED);
    expect(cardTitle(await press(bot, createInvoke(form, asAlex)))).toBe(
      say('confirmation.title', { group: group.displayName })
    );
    expect(await stored(topic)).toBe(1);
  });

  it(`more than ${MAX_SEARCH_PAGES} unordered pages: unknown, said so, and Try again searches again but never posts`, async () => {
    const group = await newGroup([{ senderId: SEED_USER_IDS.megan, count: 130, newestInMinutes: 60 }]);
    const before = (await control('GET', '/config')) as Node;
    // No $orderby on this Graph: nothing says where the post would be, so only the end proves absence.
    await control('POST', '/config', { orderby: false });
    try {
      const topic = `Too far ${randomUUID().slice(0, 8)}`;
      const form = { draftId: randomUUID(), groupId: group.id, topic, body: 'x', participants: '', otherEmails: '' };
      await control('POST', '/faults', {
        method: 'POST',
        path: `^/v1\\.0/groups/${group.id}/conversations$`,
        status: 504
      });
      expect(banner(await press(bot, createInvoke(form, asAlex)))?.title).toBe(UNCONFIRMED);
      const reads = await listReads();
      expect(banner(await press(bot, createInvoke(form, asAlex)))?.title).toBe(UNCONFIRMED);
      // The whole bound was searched again (each page: one refused $orderby read at most, plus the read).
      expect((await listReads()) - reads).toBeGreaterThanOrEqual(MAX_SEARCH_PAGES);
      expect(await stored(topic)).toBe(0);
    } finally {
      await control('POST', '/config', { orderby: before.orderby });
    }
  });

  it("a reply that committed is found among a long thread's posts, wherever Graph lists it", async () => {
    const group = await newGroup([{ senderId: SEED_USER_IDS.megan, count: 1, newestInMinutes: -30 }]);
    const state = (await control('GET', '/state')) as Node;
    const conversation = state.conversations.find((c: Node) => c.groupId === group.id);
    const threadId = conversation.threads[0].id as string;
    // 24 replies by Megan first: the thread pages several times in every configuration.
    for (let i = 0; i < 24; i++) {
      const res = await fetch(`${baseUrl}/groups/${group.id}/threads/${encodeURIComponent(threadId)}/reply`, {
        method: 'POST',
        headers: { authorization: `Bearer sandbox.${SEED_USER_IDS.megan}`, 'content-type': 'application/json' },
        body: JSON.stringify({ post: { body: { contentType: 'text', content: `Megan ${i}` } } })
      });
      expect(res.status).toBe(202);
    }
    await control('POST', '/faults', {
      method: 'POST',
      path: `^/v1\\.0/groups/${group.id}/threads/[^/]+/reply$`,
      status: 502,
      afterCommit: true
    });
    const data = {
      groupId: group.id,
      conversationId: conversation.id,
      threadId,
      topic: conversation.topic,
      draftId: randomUUID(),
      body: `Alex's answer ${randomUUID().slice(0, 8)}`,
      participants: '',
      otherEmails: ''
    };
    const sent = await press(bot, cardAction('replyToThread', data, asAlex));
    expect(cardTitle(sent)).toBe(say('replySent.title', { topic: conversation.topic }));
    await press(bot, cardAction('replyToThread', data, asAlex));
    const after = (await control('GET', '/state')) as Node;
    const posts = after.conversations.find((c: Node) => c.id === conversation.id).threads[0].posts as Node[];
    expect(posts.filter((p) => p.from === CURRENT_USER_ID)).toHaveLength(1);
  });
});
