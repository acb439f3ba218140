// The Graph sandbox's inbox subscription (issue 17): subscribeByMail / unsubscribeByMail as the
// caller (members only, Microsoft 365 groups only, no body, 200 or 204 with Prefer: return=minimal),
// and isSubscribedByMail on GET /groups/{id} only when $select names it, per caller.
import { createGraphSandbox, SEED_GROUP_IDS as G, SEED_USER_IDS as U } from '../../src/sandbox';
import type { GraphSandbox } from '../../src/sandbox';
import { sandboxCall, type SandboxCall } from '../helpers/sandbox-control';

let sandbox: GraphSandbox;
let origin: string;

beforeAll(async () => {
  sandbox = createGraphSandbox();
  ({ origin } = await sandbox.listen(0));
});
afterAll(() => sandbox.close());
beforeEach(() => call('POST', '/_sandbox/reset'));

const call: SandboxCall = (...args) => sandboxCall(origin, U.alex)(...args);

async function post(path: string, headers: Record<string, string> = {}, body?: string, user: string = U.alex) {
  const res = await fetch(`${origin}/v1.0${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer sandbox.${user}`, ...headers },
    body
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

const state = async (groupId: string, user: string = U.alex) =>
  (await call('GET', `/v1.0/groups/${groupId}?$select=isSubscribedByMail`, undefined, user)).json;

describe('POST /groups/{id}/subscribeByMail and unsubscribeByMail', () => {
  it('subscribes and unsubscribes the caller alone, as the state read and the control API say', async () => {
    expect(await state(G.marketing)).toEqual(expect.objectContaining({ id: G.marketing, isSubscribedByMail: false }));
    const on = await post(`/groups/${G.marketing}/subscribeByMail`);
    expect(on.status).toBe(200);
    expect(on.json).toBeUndefined();
    expect((await state(G.marketing)).isSubscribedByMail).toBe(true);
    // Megan is in Marketing too: her own setting is untouched
    expect((await state(G.marketing, U.megan)).isSubscribedByMail).toBe(false);
    const control = await call('GET', '/_sandbox/state');
    const marketing = control.json.groups.find((g: { id: string }) => g.id === G.marketing);
    expect(marketing.mailSubscribers).toEqual([U.alex]);

    const off = await post(`/groups/${G.marketing}/unsubscribeByMail`, { Prefer: 'return=minimal' });
    expect(off.status).toBe(204);
    expect(off.headers.get('preference-applied')).toBe('return=minimal');
    expect((await state(G.marketing)).isSubscribedByMail).toBe(false);
  });

  it('is idempotent, and a reset or leaving the group ends the subscription', async () => {
    await post(`/groups/${G.productLaunch}/subscribeByMail`);
    expect((await post(`/groups/${G.productLaunch}/subscribeByMail`)).status).toBe(200);
    await call('POST', '/_sandbox/reset');
    expect((await state(G.productLaunch)).isSubscribedByMail).toBe(false);
    await post(`/groups/${G.productLaunch}/subscribeByMail`);
    expect((await call('DELETE', `/_sandbox/groups/${G.productLaunch}/members/${U.alex}`)).status).toBe(204);
    expect((await state(G.productLaunch)).isSubscribedByMail).toBe(false);
  });

  it('refuses a non-member (public group or private), an unknown group, a security group and a body', async () => {
    const publicGroup = await post(`/groups/${G.designGuild}/subscribeByMail`);
    expect(publicGroup.status).toBe(403);
    expect(publicGroup.json.error.code).toBe('ErrorAccessDenied');
    expect((await post(`/groups/${G.finance}/unsubscribeByMail`)).status).toBe(403);
    expect((await state(G.designGuild)).isSubscribedByMail).toBe(false);

    const unknown = await post('/groups/00000000-0000-4000-8000-000000000000/subscribeByMail');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('Request_ResourceNotFound');
    expect((await post('/groups/not-a-guid/subscribeByMail')).status).toBe(400);
    expect((await post(`/groups/${G.allStaffSecurity}/subscribeByMail`)).status).toBe(404);
    const body = await post(`/groups/${G.marketing}/subscribeByMail`, { 'Content-Type': 'application/json' }, '{}');
    expect(body.status).toBe(400);
    expect((await state(G.marketing)).isSubscribedByMail).toBe(false);
  });
});

describe('isSubscribedByMail on the group', () => {
  it('is returned only when $select names it, on the single-group request', async () => {
    await post(`/groups/${G.marketing}/subscribeByMail`);
    const plain = await call('GET', `/v1.0/groups/${G.marketing}`);
    expect(plain.json).not.toHaveProperty('isSubscribedByMail');
    const other = await call('GET', `/v1.0/groups/${G.marketing}?$select=displayName`);
    expect(other.json).not.toHaveProperty('isSubscribedByMail');
    const both = await call('GET', `/v1.0/groups/${G.marketing}?$select=displayName,isSubscribedByMail`);
    expect(both.json).toEqual(
      expect.objectContaining({ id: G.marketing, displayName: 'Marketing', isSubscribedByMail: true })
    );
    // Not a property a list can select
    const list = await call(
      'GET',
      `/v1.0/me/memberOf/microsoft.graph.group?$select=id,isSubscribedByMail&$count=true&$filter=${encodeURIComponent(
        "groupTypes/any(c:c eq 'Unified')"
      )}`
    );
    expect(list.status).toBe(400);
  });
});
