// The notification worker's rules (issue 16), with the real SQLite stores and a fake Graph: an item
// is acted on only for what its subscription watches, a failure that passes leaves it queued for a
// later take, a stopped follow's items are done without a look, and a burst about one conversation
// is one look.
import { GraphRequestError } from '../../../src/core/errors';
import type { GraphClient } from '../../../src/graph/graph-client';
import { createLogger } from '../../../src/logger';
import { createSqliteNotificationQueue, type NotificationItem } from '../../../src/storage/notification-queue';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteFollowStore } from '../../../src/storage/sqlite-follow-store';
import type { FollowRecord } from '../../../src/storage/follow-store';
import { createChannelPace } from '../../../src/teams/follow/channel-pace';
import type { FollowDeps } from '../../../src/teams/follow/follow-deps';
import { createNotificationWorker } from '../../../src/teams/follow/notification-worker';
import { NO_FOLLOW_CALLS, NO_MAIL_SUBSCRIPTION_CALLS, NO_OUTLOOK_VISIBILITY_CALLS } from '../../helpers/graph-fakes';
import { parseFollowSettings } from '../../../src/config-follow';

const GROUP = 'c0ffee00-0000-4000-8000-000000000001';
const OTHER = 'c0ffee00-0000-4000-8000-000000000002';
const SUB = '7f105c7d-2dc5-4530-97cd-4e7ae6534c07';
const T0 = Date.parse('2026-12-01T10:00:00Z');

type Posts = Awaited<ReturnType<GraphClient['listThreadPosts']>>['posts'];
const MEGAN_POST: Posts = [
  { id: 'p1', senderName: 'Megan', senderAddresses: [], createdDateTime: '2026-12-01T10:05:00Z', body: null }
];

/** `posts`: what the thread holds, in Graph's order; a test may change it between takes. */
function setup(threads: GraphClient['listConversationThreads'], posts: Posts = MEGAN_POST) {
  const db = openDatabase(undefined, 'x');
  const store = createSqliteFollowStore(db);
  const clock = { now: T0 };
  const queue = createSqliteNotificationQueue(db, { now: () => clock.now, leaseMs: 60_000 });
  const calls: string[] = [];
  const cards: unknown[] = [];
  const notExpected = () => Promise.reject(new Error('not expected'));
  const graph: GraphClient = {
    ...NO_FOLLOW_CALLS,
    ...NO_MAIL_SUBSCRIPTION_CALLS,
    ...NO_OUTLOOK_VISIBILITY_CALLS,
    getMe: notExpected,
    listMyGroups: notExpected,
    getGroup: notExpected,
    resolveUsers: notExpected,
    createConversation: notExpected,
    listConversations: notExpected,
    getConversationThreadId: notExpected,
    replyToThread: notExpected,
    async listConversationThreads(token, groupId, conversationId) {
      calls.push(`threads ${groupId} ${conversationId}`);
      return threads(token, groupId, conversationId);
    },
    async listThreadPosts(_token, _groupId, threadId) {
      calls.push(`posts ${threadId}`);
      return { posts: [...posts] };
    }
  };
  const deps: FollowDeps = {
    graph,
    store,
    offline: { keep: async () => true, token: async () => 'token', forget: async () => undefined },
    updateCard: async (_spot, card) => {
      cards.push(card);
      return `sent-${cards.length}`;
    },
    pace: createChannelPace({ gapMs: 0, now: () => T0, sleep: async () => undefined }),
    settings: parseFollowSettings((_n, fallback) => fallback),
    notificationUrls: () => undefined,
    now: () => T0,
    newId: () => 'f1',
    logger: createLogger('silent')
  };
  const follow: FollowRecord = {
    followId: 'f1',
    channelId: '19:c@thread.tacv2',
    groupId: GROUP,
    groupName: 'Marketing',
    groupMail: null,
    follower: { aadObjectId: 'a11ce000-0000-4000-8000-00000000a11c', name: 'Alice', tenantId: 't' },
    reference: {},
    subscriptionId: SUB,
    clientState: 'secret',
    expiresAt: T0 + 3_600_000,
    renewAt: T0 + 3_000_000,
    lastSeenAt: T0 - 60_000,
    createdAt: T0 - 60_000,
    updatedAt: T0,
    status: 'active'
  };
  const item = (n: number, resource: string): NotificationItem => ({
    key: `k${n}`,
    kind: 'change',
    subscriptionId: SUB.toUpperCase(),
    tenantId: 't',
    resource,
    changeType: 'updated',
    receivedAt: T0
  });
  return { store, queue, clock, deps, calls, cards, follow, item, worker: createNotificationWorker(deps, queue) };
}

const ours = (c: string) => `groups('${GROUP}')/conversations('${c}')`;

describe('notification worker', () => {
  it('a burst about one conversation is one look and one card; the queue is empty after', async () => {
    const t = setup(async () => [{ id: 'th1', topic: 'Launch', lastDeliveredDateTime: '2026-12-01T10:05:00Z' }]);
    await t.store.create(t.follow);
    await t.queue.enqueue(Array.from({ length: 50 }, (_, i) => t.item(i, ours('AAQk1='))));
    await t.worker.drain();
    expect(t.calls).toEqual([`threads ${GROUP} AAQk1=`, 'posts th1']);
    expect(t.cards).toHaveLength(1);
    expect(await t.queue.take(100)).toEqual([]);
    expect((await t.store.getThread('f1', 'th1'))?.activityId).toBe('sent-1');
  });

  it('a reply in the same second as the latest shown, listed before it, is the one the card calls latest', async () => {
    const text = (content: string) => ({ contentType: 'text', content });
    const at = '2026-12-01T10:05:00Z';
    const posts: Posts = [
      {
        id: 'p1',
        senderName: 'Megan',
        senderAddresses: [],
        createdDateTime: '2026-12-01T10:04:00Z',
        body: text('Agenda')
      },
      { id: 'p2', senderName: 'Megan', senderAddresses: [], createdDateTime: at, body: text('Added the dinner.') }
    ];
    const t = setup(async () => [{ id: 'th1', topic: 'Offsite', lastDeliveredDateTime: at }], posts);
    await t.store.create(t.follow);
    await t.queue.enqueue([t.item(1, ours('AAQk1='))]);
    await t.worker.drain();
    expect(JSON.stringify(t.cards[0])).toContain('Added the dinner.');
    expect((await t.store.getThread('f1', 'th1'))?.latestPostId).toBe('p2');
    // Alex answers within that second; Graph's order (none promised) lists his reply before Megan's.
    posts.splice(1, 0, {
      id: 'p3',
      senderName: 'Alex',
      senderAddresses: [],
      createdDateTime: at,
      body: text('Count me in.')
    });
    await t.queue.enqueue([{ ...t.item(2, ours('AAQk1=')), key: 'k-again' }]);
    await t.worker.drain();
    const last = JSON.stringify(t.cards[t.cards.length - 1]);
    expect(last).toContain('2 new replies');
    expect(last).toContain('Latest from Alex');
    expect(last).toContain('Count me in.');
  });

  it('never acts on a resource its subscription does not watch (another group, another kind)', async () => {
    const t = setup(async () => []);
    await t.store.create(t.follow);
    await t.queue.enqueue([
      t.item(1, `groups('${OTHER}')/conversations('AAQk1=')`),
      t.item(2, `groups('${GROUP}')/threads('AAQk1=')`),
      t.item(3, 'users/x/messages/y')
    ]);
    await t.worker.drain();
    expect(t.calls).toEqual([]);
    expect(await t.queue.take(100)).toEqual([]);
  });

  it('a stopped follow’s items are done without a look', async () => {
    const t = setup(async () => []);
    await t.store.create({ ...t.follow, status: 'stopped' });
    await t.queue.enqueue([t.item(1, ours('AAQk1='))]);
    await t.worker.drain();
    expect(t.calls).toEqual([]);
    expect(await t.queue.take(100)).toEqual([]);
  });

  it('Graph unavailable: the item stays queued (taken again when its lease ends), nothing sent', async () => {
    const t = setup(async () => {
      throw new GraphRequestError('graph_unavailable', { status: 503 });
    });
    await t.store.create(t.follow);
    await t.queue.enqueue([t.item(1, ours('AAQk1='))]);
    await t.worker.drain();
    expect(t.cards).toEqual([]);
    // Still leased by the failed attempt: a take now finds nothing, one after the lease finds it.
    expect(await t.queue.take(100)).toEqual([]);
    t.clock.now += 61_000;
    expect((await t.queue.take(100)).map((i) => i.key)).toEqual(['k1']);
  });

  it('a conversation Graph no longer has is done (it cannot come back)', async () => {
    const t = setup(async () => {
      throw new GraphRequestError('conversation_not_found', { status: 404 });
    });
    await t.store.create(t.follow);
    await t.queue.enqueue([t.item(1, ours('AAQk1='))]);
    await t.worker.drain();
    expect(t.cards).toEqual([]);
    t.clock.now += 61_000;
    expect(await t.queue.take(100)).toEqual([]);
  });
});
