// Graph's change and lifecycle notifications through the real HTTP server (issue 16): the
// validation handshake echoed exactly as text/plain, every parsed batch answered 202 with only
// the trusted items enqueued (once), malformed or oversized bodies a 4xx, never a 5xx. Graph, not
// Teams, calls these routes: no Bot Framework JWT in Teams mode; local mode's loopback rule holds.
import http from 'node:http';
import { MAX_BODY_BYTES } from '../../src/server';
import { MAX_SUBSCRIPTIONS_PER_BATCH } from '../../src/http/notification-routes';
import type { KnownSubscription } from '../../src/core/change-notifications';
import { useTestBot, type TestBot } from '../helpers/test-bot';

const SUB: KnownSubscription = {
  subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
  clientState: 'clientstate-known-only-to-the-bot',
  tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95'
};
const FORGED_STATE = 'clientstate-a-forger-guessed';
// What Graph's validation tokens look like: spaces, colons, and here characters that need encoding.
const TOKEN = 'Validation: Testing client application reachability for subscription Request-Id: 8e1c&a=b+é/?';

function notification(conversation: string, changes: Record<string, unknown> = {}) {
  return {
    subscriptionId: SUB.subscriptionId,
    clientState: SUB.clientState,
    changeType: 'created',
    resource: `groups('g1')/conversations('${conversation}')`,
    subscriptionExpirationDateTime: '2026-12-04T11:00:00.0000000Z',
    tenantId: SUB.tenantId,
    resourceData: { '@odata.type': '#Microsoft.Graph.conversation', id: conversation },
    ...changes
  };
}

async function send(bot: TestBot, path: string, body: string, contentType = 'application/json') {
  const res = await fetch(`${bot.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const postBatch = (bot: TestBot, value: unknown[], path = '/api/notifications') =>
  send(bot, path, JSON.stringify({ value }));

const queued = async (bot: TestBot) => bot.bot.notifications.queue.take(1000);

/** The edge trusts the subscriptions of the channels' active follows: one, as `follow` would save it. */
async function knownFollow(bot: TestBot): Promise<void> {
  const store = bot.bot.deps.follow?.store;
  if (!store) throw new Error('the bot was built without following');
  const at = Date.now();
  const record = {
    followId: 'f1',
    channelId: '19:general@thread.tacv2',
    groupId: 'c0ffee00-0000-4000-8000-000000000001',
    groupName: 'Marketing',
    groupMail: null,
    follower: { aadObjectId: 'a11ce000-0000-4000-8000-00000000a11c', name: 'Alice', tenantId: SUB.tenantId },
    reference: {},
    clientState: SUB.clientState,
    expiresAt: at + 3_600_000,
    renewAt: at + 3_000_000,
    lastSeenAt: at,
    createdAt: at,
    updatedAt: at,
    status: 'active' as const
  };
  await store.create(record);
  await store.put({ ...record, subscriptionId: SUB.subscriptionId });
}

describe('Graph notifications edge (local mode)', () => {
  // The worker is not woken: these tests read what the edge queued.
  const bot = useTestBot({ following: { kick: false, timers: false } });
  beforeEach(() => knownFollow(bot));

  it.each(['/api/notifications', '/api/notifications/lifecycle'])(
    'the validation handshake on %s: 200, text/plain, the decoded token exactly, nothing enqueued',
    async (path) => {
      // As Graph sends it: a POST with text/plain and no body.
      const res = await send(bot, `${path}?validationToken=${encodeURIComponent(TOKEN)}`, '', 'text/plain');
      expect(res).toEqual({ status: 200, type: 'text/plain; charset=utf-8', text: TOKEN });
      expect(await queued(bot)).toEqual([]);
    }
  );

  it('refuses a validation token that is too long, empty or repeated (400)', async () => {
    for (const query of [
      `validationToken=${'x'.repeat(1025)}`,
      'validationToken=',
      'validationToken=a&validationToken=b'
    ]) {
      const res = await send(bot, `/api/notifications?${query}`, '', 'text/plain');
      expect([query.slice(0, 30), res.status]).toEqual([query.slice(0, 30), 400]);
    }
  });

  it('202 for good, forged, foreign and repeated items together: only the good ones enqueued, once', async () => {
    const good = [notification('AAQkAGI='), notification('AAQkAGJ=')];
    const res = await postBatch(bot, [
      ...good,
      notification('forged', { clientState: FORGED_STATE }),
      notification('unknown', { subscriptionId: '00000000-0000-4000-8000-000000000000' }),
      notification('tenant', { tenantId: '11111111-1111-4111-8111-111111111111' }),
      notification('none', { clientState: undefined }),
      { not: 'a notification' },
      notification('AAQkAGI=')
    ]);
    expect(res.status).toBe(202);
    // Graph retries the batch: nothing new.
    expect((await postBatch(bot, good)).status).toBe(202);
    const items = await queued(bot);
    expect(items.map((i) => [i.kind, i.resourceId, i.changeType])).toEqual([
      ['change', 'AAQkAGI=', 'created'],
      ['change', 'AAQkAGJ=', 'created']
    ]);
    expect(items[0]).toMatchObject({ subscriptionId: SUB.subscriptionId, tenantId: SUB.tenantId });
    const counts = bot.logs.filter((l) => l.includes('notifications received')).map((l) => JSON.parse(l));
    expect(counts[0]).toMatchObject({
      received: 8,
      accepted: 3,
      enqueued: 2,
      malformed: 1,
      refused: { client_state_mismatch: 2, unknown_subscription: 1, tenant_mismatch: 1 }
    });
    expect(counts[1]).toMatchObject({ received: 2, accepted: 2, enqueued: 0 });
    // No clientState, ours or the forger's, in any log line.
    expect(bot.logs.filter((l) => l.includes(SUB.clientState) || l.includes(FORGED_STATE))).toEqual([]);
  });

  it('lifecycle notifications on their own route, enqueued as lifecycle items', async () => {
    const lifecycle = {
      subscriptionId: SUB.subscriptionId,
      clientState: SUB.clientState,
      lifecycleEvent: 'reauthorizationRequired',
      resource: "groups('g1')/conversations",
      subscriptionExpirationDateTime: '2026-12-04T11:00:00.0000000Z',
      tenantId: SUB.tenantId
    };
    expect(
      (await postBatch(bot, [lifecycle, { ...lifecycle, clientState: FORGED_STATE }], '/api/notifications/lifecycle'))
        .status
    ).toBe(202);
    // A change item on the lifecycle route is not one: dropped, still 202.
    expect((await postBatch(bot, [notification('c1')], '/api/notifications/lifecycle')).status).toBe(202);
    const items = await queued(bot);
    expect(items.map((i) => [i.kind, i.lifecycleEvent])).toEqual([['lifecycle', 'reauthorizationRequired']]);
  });

  it('malformed JSON or a body that is no collection → 400; not JSON → 415; nothing enqueued', async () => {
    for (const body of ['{"value": [', 'not json', '[]', '{"value": {}}', '"text"']) {
      const res = await send(bot, '/api/notifications', body);
      expect([body, res.status]).toEqual([body, 400]);
      expect(res.text).not.toMatch(/at .*\.js|stack/i);
    }
    expect((await send(bot, '/api/notifications', '{"value":[]}', 'text/plain')).status).toBe(415);
    expect(await queued(bot)).toEqual([]);
  });

  it(`a body larger than ${MAX_BODY_BYTES / 1024} KB → 413`, async () => {
    const value = Array.from({ length: 600 }, (_, i) => notification(`c${i}`, { resource: 'x'.repeat(500) }));
    const res = await postBatch(bot, value);
    expect(res.status).toBe(413);
    expect(await queued(bot)).toEqual([]);
  });

  it('a batch of 500 forged subscription ids costs at most 100 lookups, and the real item still counts', async () => {
    const lookup = jest.spyOn(bot.bot.notifications.subscriptions, 'get');
    const forged = Array.from({ length: 499 }, (_, i) =>
      notification(`f${i}`, { subscriptionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` })
    );
    expect((await postBatch(bot, [notification('real'), ...forged])).status).toBe(202);
    expect(lookup.mock.calls.length).toBeLessThanOrEqual(MAX_SUBSCRIPTIONS_PER_BATCH);
    lookup.mockRestore();
    expect((await queued(bot)).map((i) => i.resourceId)).toEqual(['real']);
  });

  it('a directory or queue that fails is logged, and Graph still gets 202 (never a 5xx)', async () => {
    const { subscriptions, queue } = bot.bot.notifications;
    const lookup = jest.spyOn(subscriptions, 'get').mockRejectedValueOnce(new Error('directory down'));
    expect((await postBatch(bot, [notification('c1')])).status).toBe(202);
    lookup.mockRestore();
    const enqueue = jest.spyOn(queue, 'enqueue').mockRejectedValueOnce(new Error('disk full'));
    expect((await postBatch(bot, [notification('c2')])).status).toBe(202);
    enqueue.mockRestore();
    expect(bot.logs.filter((l) => l.includes('notifications could not be enqueued'))).toHaveLength(2);
  });

  it('local mode: a caller that is not a local tool is refused like on every route (403)', async () => {
    const { port } = new URL(bot.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/notifications?validationToken=x`,
          headers: { host: `evil.example.test:${port}` }
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe('Graph notifications edge (Teams mode)', () => {
  const bot = useTestBot({ teams: true, following: { kick: false, timers: false } });

  it('needs no Bot Framework token: Graph sends none', async () => {
    await knownFollow(bot);
    const res = await send(bot, `/api/notifications?validationToken=${encodeURIComponent(TOKEN)}`, '', 'text/plain');
    expect([res.status, res.text]).toEqual([200, TOKEN]);
    expect((await postBatch(bot, [notification('c1')])).status).toBe(202);
    expect((await queued(bot)).map((i) => i.resourceId)).toEqual(['c1']);
  });
});
