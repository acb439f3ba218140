// The Graph sandbox's pieces for following a group (issue 16): group owners (listing, paging,
// $select), renewal refused once the caller left the group, posting as another person through the
// control API (same store rows and notifications as Graph), and Graph's retries of a failed
// delivery ending in one `missed`. A node:http receiver on 127.0.0.1 plays the bot's endpoint.
import type http from 'node:http';
import { createGraphSandbox, SEED_GROUP_IDS as G, SEED_USER_IDS as U } from '../../src/sandbox';
import type { GraphSandbox } from '../../src/sandbox';
import { sandboxCall, type SandboxCall } from '../helpers/sandbox-control';
import { startNotificationReceiver, subscriptionRequest } from '../helpers/notification-receiver';

let sandbox: GraphSandbox;
let origin: string;
let receiver: http.Server;
let hook: string;
let received: Array<{ path: string; body: any }> = [];
/** Statuses the notification path answers, one per request; 202 once they run out. */
let answers: number[] = [];

beforeAll(async () => {
  sandbox = createGraphSandbox({ handshakeTimeoutMs: 500, deliveryRetryDelaysMs: [20, 40] });
  ({ origin } = await sandbox.listen(0));
  ({ server: receiver, hook } = await startNotificationReceiver({
    received: (r) => received.push(r),
    status: (path) => (path === '/api/notifications' ? (answers.shift() ?? 202) : 202)
  }));
});
afterAll(async () => {
  await sandbox.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(async () => {
  await call('POST', '/_sandbox/reset');
  received = [];
  answers = [];
});

const call: SandboxCall = (...args) => sandboxCall(origin, U.alex)(...args);

const subscribe = (user: string = U.alex, groupId: string = G.marketing) =>
  call(
    'POST',
    '/v1.0/subscriptions',
    subscriptionRequest(hook, groupId, new Date(Date.now() + 60 * 60_000).toISOString(), 'state-from-the-test'),
    user
  );

const at = (path: string) => received.filter((r) => r.path === path);
async function until(count: number, path = '/api/notifications') {
  for (let i = 0; i < 300; i++) {
    if (at(path).length >= count) return at(path);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`expected ${count} requests to ${path}, got ${at(path).length}`);
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('GET /v1.0/groups/{id}/owners', () => {
  it("lists the group's owners as typed users to anyone in the tenant, member or not", async () => {
    const team = await call('GET', `/v1.0/groups/${G.contosoTeam}/owners`);
    expect(team.status).toBe(200);
    expect(team.json.value).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.user',
        id: U.alex,
        displayName: 'Alex Wilber',
        mail: 'alexw@contoso.test',
        userPrincipalName: 'alexw@contoso.test'
      })
    ]);
    // Finance is private and Alex is not in it: Group.Read.All still reads its owners
    const finance = await call('GET', `/v1.0/groups/${G.finance}/owners`);
    expect(finance.json.value.map((o: { id: string }) => o.id)).toEqual([U.lynne]);
  });

  it('honours $select and pages with an opaque nextLink past $top', async () => {
    const first = await call('GET', `/v1.0/groups/${G.marketing}/owners?$select=id&$top=1`);
    expect(first.json.value).toHaveLength(1);
    expect(Object.keys(first.json.value[0]).sort()).toEqual(['@odata.type', 'id']);
    const next = first.json['@odata.nextLink'] as string;
    expect(next).toMatch(/\$skiptoken=/);
    const second = await call('GET', next.slice(next.indexOf('/v1.0')));
    expect(second.json['@odata.nextLink']).toBeUndefined();
    expect([first.json.value[0].id, second.json.value[0].id].sort()).toEqual([U.alex, U.megan].sort());
    expect((await call('GET', `/v1.0/groups/${G.marketing}/owners?$top=0`)).status).toBe(400);
    expect((await call('GET', `/v1.0/groups/${G.marketing}/owners?$select=nope`)).status).toBe(400);
  });

  it('404 for an unknown group; POST /_sandbox/groups sets owners, who become members', async () => {
    expect((await call('GET', '/v1.0/groups/00000000-0000-4000-8000-000000000000/owners')).status).toBe(404);
    const added = await call('POST', '/_sandbox/groups', { count: 1, memberIds: [U.megan], ownerIds: [U.patti] });
    expect(added.status).toBe(201);
    const id = added.json.groups[0].id as string;
    const owners = await call('GET', `/v1.0/groups/${id}/owners`);
    expect(owners.json.value.map((o: { id: string }) => o.id)).toEqual([U.patti]);
    const state = await call('GET', '/_sandbox/state');
    const group = state.json.groups.find((g: { id: string }) => g.id === id);
    expect(group.members.sort()).toEqual([U.megan, U.patti].sort());
    const unknown = '00000000-0000-4000-8000-000000000001';
    expect((await call('POST', '/_sandbox/groups', { count: 1, ownerIds: [unknown] })).status).toBe(404);
  });
});

describe('membership on renewal', () => {
  it('PATCH by a caller no longer in the group is 403 and leaves the subscription as it was', async () => {
    const sub = (await subscribe(U.megan)).json;
    const removed = await call('DELETE', `/_sandbox/groups/${G.marketing}/members/${U.megan}`);
    expect(removed.status).toBe(204);
    const later = new Date(Date.now() + 120 * 60_000).toISOString();
    const patch = await call('PATCH', `/v1.0/subscriptions/${sub.id}`, { expirationDateTime: later }, U.megan);
    expect(patch.status).toBe(403);
    expect(patch.json.error).toMatchObject({
      code: 'ExtensionError',
      message: 'The user is not a member of the group.'
    });
    const kept = await call('GET', `/v1.0/subscriptions/${sub.id}`, undefined, U.megan);
    expect(kept.json.expirationDateTime).toBe(sub.expirationDateTime);
    // Removing again, or from an unknown group, is 404
    expect((await call('DELETE', `/_sandbox/groups/${G.marketing}/members/${U.megan}`)).status).toBe(404);
    const noGroup = await call('DELETE', `/_sandbox/groups/00000000-0000-4000-8000-000000000000/members/${U.alex}`);
    expect(noGroup.status).toBe(404);
  });
});

describe('posting as another person', () => {
  it('a conversation and a reply reach a live subscription, stored as that person', async () => {
    const sub = (await subscribe()).json;
    const made = await call('POST', `/_sandbox/groups/${G.marketing}/conversations`, {
      as: U.megan,
      topic: 'Budget',
      body: 'Numbers are in.'
    });
    expect(made.status).toBe(201);
    const { conversationId, threadId } = made.json;
    const resource = `groups('${G.marketing}')/conversations('${conversationId}')`;
    const [created] = await until(1);
    expect(created?.body.value[0]).toMatchObject({ subscriptionId: sub.id, changeType: 'created', resource });

    const replied = await call('POST', `/_sandbox/groups/${G.marketing}/threads/${threadId}/reply`, {
      as: U.adele,
      body: { contentType: 'html', content: '<p>Thanks</p>' }
    });
    expect(replied.status).toBe(201);
    const updated = (await until(2))[1];
    expect(updated?.body.value[0]).toMatchObject({ changeType: 'updated', resource });

    const state = (await call('GET', '/_sandbox/state')).json;
    const posts = state.conversations.find((c: { id: string }) => c.id === conversationId).threads[0].posts;
    expect(posts.map((p: { from: string }) => p.from)).toEqual([U.megan, U.adele]);
    expect(posts[1].id).toBe(replied.json.postId);
    // What Graph answers about the posts: the sender is the person, not the caller of the control API
    const listed = await call('GET', `/v1.0/groups/${G.marketing}/threads/${threadId}/posts`);
    expect(listed.json.value.map((p: any) => p.sender.emailAddress.address).sort()).toEqual(
      ['adelev@contoso.test', 'meganb@contoso.test'].sort()
    );
  });

  it('403 for a non-member of a private group, 404 for an unknown group or thread, 400 for a bad body', async () => {
    const private403 = await call('POST', `/_sandbox/groups/${G.finance}/conversations`, {
      as: U.alex,
      topic: 'x',
      body: 'y'
    });
    expect(private403.status).toBe(403);
    const unknownGroup = '00000000-0000-4000-8000-000000000000';
    const conv = { as: U.alex, topic: 'x', body: 'y' };
    expect((await call('POST', `/_sandbox/groups/${unknownGroup}/conversations`, conv)).status).toBe(404);
    const noThread = await call('POST', `/_sandbox/groups/${G.marketing}/threads/AAQkNoSuchThread/reply`, {
      as: U.alex,
      body: 'y'
    });
    expect(noThread.status).toBe(404);
    const bad = await call('POST', `/_sandbox/groups/${G.marketing}/conversations`, { as: U.alex, topic: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/body/);
    expect((await call('POST', `/_sandbox/groups/${G.marketing}/conversations`, { ...conv, extra: 1 })).status).toBe(
      400
    );
    expect((await call('GET', '/_sandbox/state')).json.conversations).toHaveLength(0);
  });
});

describe('delivery retries', () => {
  const post = () =>
    call('POST', `/_sandbox/groups/${G.marketing}/conversations`, { as: U.megan, topic: 'T', body: 'B' });

  it('a receiver answering 500 twice then 202 gets the item three times, and no missed', async () => {
    await subscribe();
    answers = [500, 500];
    const { conversationId } = (await post()).json;
    const got = await until(3);
    expect(got.map((r) => r.body.value[0].resourceData.id)).toEqual([conversationId, conversationId, conversationId]);
    await settle();
    expect(at('/api/notifications')).toHaveLength(3);
    expect(at('/api/lifecycle')).toHaveLength(0);
    const listed = (await call('GET', '/_sandbox/subscriptions')).json;
    expect(listed.subscriptions[0].deliveries).toEqual({ sent: 1, failed: 0, retried: 2 });
    expect(listed.deliveries).toEqual({ sent: 1, failed: 0, retried: 2 });
  });

  it('a receiver that always fails gets every try, then one missed on the lifecycle URL', async () => {
    const sub = (await subscribe()).json;
    answers = [503, 503, 503, 503, 503];
    await post();
    const [missed] = await until(1, '/api/lifecycle');
    expect(missed?.body.value[0]).toMatchObject({ subscriptionId: sub.id, lifecycleEvent: 'missed' });
    await settle();
    expect(at('/api/notifications')).toHaveLength(3); // the first try and two retries
    expect(at('/api/lifecycle')).toHaveLength(1);
    const listed = (await call('GET', '/_sandbox/subscriptions')).json;
    expect(listed.deliveries).toEqual({ sent: 0, failed: 1, retried: 2 });
  });
});
