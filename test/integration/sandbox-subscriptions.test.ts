// The Graph sandbox's change-notification subscriptions (issue 16): create with the validation
// handshake, its failure, expiry and membership rules, notifications on a new conversation and a
// reply (Graph's payload, clientState echoed), none after expiry, renew, delete, lifecycle events,
// and the drop/duplicate fault mode. A tiny node:http receiver on 127.0.0.1 plays the bot's endpoint.
import type http from 'node:http';
import { startNotificationReceiver, subscriptionRequest } from '../helpers/notification-receiver';
import { createGraphSandbox, SEED_GROUP_IDS as G, SEED_TENANT_ID, SEED_USER_IDS as U } from '../../src/sandbox';
import type { GraphSandbox } from '../../src/sandbox';
import { sandboxCall, type SandboxCall } from '../helpers/sandbox-control';

const MINUTE = 60_000;
let clock = Date.UTC(2026, 11, 1, 12, 0, 0);
let sandbox: GraphSandbox;
let origin: string;

interface Received {
  path: string;
  body: any;
}
let received: Received[] = [];
/** How the receiver answers the handshake: echo (as Graph requires) or refuse. */
let handshake: 'echo' | 'refuse' | 'wrong' | 'silent' = 'echo';
let receiver: http.Server;
let hook: string;

beforeAll(async () => {
  sandbox = createGraphSandbox({ now: () => clock, handshakeTimeoutMs: 500 });
  ({ origin } = await sandbox.listen(0));
  ({ server: receiver, hook } = await startNotificationReceiver({
    received: (r) => received.push(r),
    handshake: () => handshake
  }));
});
afterAll(async () => {
  await sandbox.close();
  receiver.closeAllConnections(); // the silent handshake left one open
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(async () => {
  await call('POST', '/_sandbox/reset');
  received = [];
  handshake = 'echo';
  clock = Date.UTC(2026, 11, 1, 12, 0, 0);
});

const call: SandboxCall = (...args) => sandboxCall(origin, U.alex)(...args);

const inMinutes = (m: number) => new Date(clock + m * MINUTE).toISOString();
const subscribe = (over: Record<string, unknown> = {}, user: string = U.alex) =>
  call(
    'POST',
    '/v1.0/subscriptions',
    { ...subscriptionRequest(hook, G.marketing, inMinutes(4000), 'secret-from-the-test'), ...over },
    user
  );

const newConversation = (user: string = U.megan) =>
  call(
    'POST',
    `/v1.0/groups/${G.marketing}/conversations`,
    { topic: 'Launch', threads: [{ posts: [{ body: { contentType: 'text', content: 'Hello' } }] }] },
    user
  );

async function until(count: number, at = '/api/notifications'): Promise<Received[]> {
  for (let i = 0; i < 200; i++) {
    const got = received.filter((r) => r.path === at);
    if (got.length >= count) return got;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`expected ${count} deliveries to ${at}, got ${received.filter((r) => r.path === at).length}`);
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('POST /v1.0/subscriptions', () => {
  it('performs the handshake on both URLs and answers 201 with the subscription', async () => {
    const created = await subscribe();
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      resource: `groups('${G.marketing}')/conversations`,
      changeType: 'created,updated',
      clientState: 'secret-from-the-test',
      notificationUrl: `${hook}/api/notifications`,
      lifecycleNotificationUrl: `${hook}/api/lifecycle`,
      creatorId: U.alex
    });
    expect(Date.parse(created.json.expirationDateTime)).toBe(clock + 4000 * MINUTE);
    const listed = await call('GET', '/_sandbox/subscriptions');
    expect(listed.json.subscriptions).toHaveLength(1);
    expect((await call('GET', `/v1.0/subscriptions/${created.json.id}`)).json.id).toBe(created.json.id);
    expect((await subscribe({ resource: `/groups/${G.marketing}/conversations` })).status).toBe(201);
  });

  it('400 "Subscription validation request failed" when the endpoint does not echo the token', async () => {
    handshake = 'refuse';
    const res = await subscribe();
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('ValidationError');
    expect(res.json.error.message).toMatch(/^Subscription validation request failed/);
    expect((await call('GET', '/_sandbox/subscriptions')).json.subscriptions).toHaveLength(0);
  });

  it('400 when the echo differs, and 400 "timed out" when the endpoint does not answer in time', async () => {
    handshake = 'wrong';
    const wrong = await subscribe();
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.message).toMatch(/Response must exactly match validationToken/);
    handshake = 'silent';
    const silent = await subscribe();
    expect(silent.status).toBe(400);
    expect(silent.json.error).toMatchObject({
      code: 'InvalidRequest',
      message: 'Subscription validation request timed out.'
    });
  });

  it('400 for an expiry past 4230 minutes or in the past, and for a bad body', async () => {
    const late = await subscribe({ expirationDateTime: inMinutes(4231) });
    expect(late.status).toBe(400);
    expect(late.json.error.message).toBe('Subscription expiration can only be 4230 minutes in the future.');
    expect((await subscribe({ expirationDateTime: inMinutes(-1) })).status).toBe(400);
    expect((await subscribe({ changeType: 'renamed' })).status).toBe(400);
    expect((await subscribe({ resource: 'me/messages' })).status).toBe(400);
    expect((await subscribe({ extra: 1 })).status).toBe(400);
  });

  it('refuses non-loopback notification URLs: the sandbox must never call out', async () => {
    const res = await subscribe({ notificationUrl: 'https://example.com/api/notifications' });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/loopback/);
  });

  it('403 when the caller is not a member of the group', async () => {
    const res = await subscribe({}, U.isaiah);
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: 'ExtensionError', message: 'The user is not a member of the group.' });
  });
});

describe('change notifications', () => {
  it('on a created conversation and on a reply, in Graph shape with the clientState', async () => {
    const sub = (await subscribe()).json;
    const created = await newConversation();
    expect(created.status).toBe(201);
    const conversationId = created.json.id as string;
    const [first] = await until(1);
    const resource = `groups('${G.marketing}')/conversations('${conversationId}')`;
    expect(first?.body).toEqual({
      value: [
        {
          subscriptionId: sub.id,
          subscriptionExpirationDateTime: sub.expirationDateTime,
          changeType: 'created',
          resource,
          resourceData: {
            id: conversationId,
            '@odata.type': '#Microsoft.Graph.Conversation',
            '@odata.id': resource,
            // Outlook's version of what changed: new on each change (resources/resourcedata.md).
            '@odata.etag': expect.stringMatching(/^W\/"[^"]+"$/)
          },
          clientState: 'secret-from-the-test',
          tenantId: SEED_TENANT_ID
        }
      ]
    });
    const threadId = created.json.threads[0].id as string;
    const reply = await call(
      'POST',
      `/v1.0/groups/${G.marketing}/threads/${threadId}/reply`,
      { post: { body: { contentType: 'text', content: 'Re' } } },
      U.adele
    );
    expect(reply.status).toBe(202);
    const second = (await until(2))[1];
    expect(second?.body.value[0]).toMatchObject({ changeType: 'updated', resource, subscriptionId: sub.id });
    // A reply to the same conversation is a new version: a receiver does not take it for a repeat.
    expect(second?.body.value[0].resourceData['@odata.etag']).not.toBe(
      first?.body.value[0].resourceData['@odata.etag']
    );
  });

  it('on conversations added through the control API as another person', async () => {
    await subscribe();
    const added = await call('POST', '/_sandbox/conversations', { groupId: G.marketing, count: 2, senderId: U.megan });
    expect(added.status).toBe(201);
    const got = await until(2);
    expect(got.map((r) => r.body.value[0].resourceData.id).sort()).toEqual(
      added.json.conversations.map((c: { id: string }) => c.id).sort()
    );
  });

  it('none once the subscription has expired; PATCH renews, within the same limit', async () => {
    const sub = (await subscribe({ expirationDateTime: inMinutes(10) })).json;
    clock += 11 * MINUTE;
    await newConversation();
    await settle();
    expect(received.filter((r) => r.path === '/api/notifications')).toHaveLength(0);
    expect((await call('PATCH', `/v1.0/subscriptions/${sub.id}`, { expirationDateTime: inMinutes(60) })).status).toBe(
      404
    );

    const live = (await subscribe({ expirationDateTime: inMinutes(10) })).json;
    const tooLate = await call('PATCH', `/v1.0/subscriptions/${live.id}`, { expirationDateTime: inMinutes(5000) });
    expect(tooLate.status).toBe(400);
    const other = await call('PATCH', `/v1.0/subscriptions/${live.id}`, { expirationDateTime: inMinutes(60) }, U.megan);
    expect(other.status).toBe(403);
    const renewed = await call('PATCH', `/v1.0/subscriptions/${live.id}`, { expirationDateTime: inMinutes(4230) });
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.json.expirationDateTime)).toBe(clock + 4230 * MINUTE);
    clock += 60 * MINUTE;
    await newConversation();
    expect((await until(1))[0]?.body.value[0].subscriptionId).toBe(live.id);
  });

  it('DELETE stops them (only the creator may)', async () => {
    const sub = (await subscribe()).json;
    expect((await call('DELETE', `/v1.0/subscriptions/${sub.id}`, undefined, U.megan)).status).toBe(403);
    expect((await call('DELETE', `/v1.0/subscriptions/${sub.id}`)).status).toBe(204);
    expect((await call('GET', `/v1.0/subscriptions/${sub.id}`)).status).toBe(404);
    await newConversation();
    await settle();
    expect(received).toHaveLength(0);
  });

  it('drops or duplicates the next notifications when the fault mode says so', async () => {
    await subscribe();
    expect((await call('POST', '/_sandbox/notification-faults', { mode: 'drop', count: 1 })).status).toBe(201);
    const dropped = (await newConversation()).json.id;
    await newConversation();
    const kept = await until(1);
    await settle();
    expect(kept).toHaveLength(1);
    expect(kept[0]?.body.value[0].resourceData.id).not.toBe(dropped);

    received = [];
    await call('POST', '/_sandbox/notification-faults', { mode: 'duplicate', count: 1 });
    const twice = (await newConversation()).json.id;
    const got = await until(2);
    expect(got.map((r) => r.body.value[0].resourceData.id)).toEqual([twice, twice]);
    expect((await call('GET', '/_sandbox/subscriptions')).json.notificationFault).toBeNull();
  });
});

describe('lifecycle events', () => {
  it('sends each event to the lifecycle URL; subscriptionRemoved removes the subscription', async () => {
    const sub = (await subscribe()).json;
    const sent = await call('POST', `/_sandbox/subscriptions/${sub.id}/lifecycle`, { event: 'missed' });
    expect(sent).toEqual({ status: 200, json: { status: 202 } });
    const [event] = await until(1, '/api/lifecycle');
    expect(event?.body.value[0]).toMatchObject({
      subscriptionId: sub.id,
      lifecycleEvent: 'missed',
      clientState: 'secret-from-the-test',
      tenantId: SEED_TENANT_ID
    });
    await call('POST', `/_sandbox/subscriptions/${sub.id}/lifecycle`, { event: 'subscriptionRemoved' });
    expect((await call('GET', `/v1.0/subscriptions/${sub.id}`)).status).toBe(404);
    expect((await call('POST', `/_sandbox/subscriptions/${sub.id}/lifecycle`, { event: 'bogus' })).status).toBe(400);
  });
});
