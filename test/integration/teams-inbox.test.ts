// Following a group in one's inbox (issue 17) in Teams mode, as Entra ID and Graph would be asked
// (nock): the "Get these by email" button exchanges the presser's SSO token on-behalf-of, reads
// the state with $select=isSubscribedByMail on the single group, and POSTs subscribeByMail with
// that person's Graph token, no body and Prefer: return=minimal; Stop emails POSTs unsubscribeByMail.
import nock from 'nock';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { ALICE, oboTokenResponse, ssoTokenFor, TENANT_ID } from '../helpers/entra';
import { createInvoke } from '../helpers/fixtures';
import { expectOnBehalfOf, GRAPH, nockTokenEndpoint, type OboRequest } from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { cardTitle, findAction } from '../helpers/card-readers';
import { say } from '../../src/core/words';

const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const GRAPH_TOKEN = 'graph-access-token-for-alice';
const SELECT = 'id,displayName,mail,visibility,groupTypes,isSubscribedByMail';

const bot = useTestBot({ teams: true });

const press = (data: Record<string, string>, sso: string) =>
  createInvoke({}, (a) => {
    a.value.action = { type: 'Action.Execute', verb: 'mailSubscription', data };
    a.value.authentication = { token: sso };
    a.conversation = { ...a.conversation, tenantId: TENANT_ID };
  });

function nockState(subscribed: boolean) {
  return nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
    .get(`/v1.0/groups/${GROUP.id}`)
    .query({ $select: SELECT })
    .reply(200, { ...GROUP, visibility: 'Public', groupTypes: ['Unified'], isSubscribedByMail: subscribed });
}

function nockPost(action: 'subscribeByMail' | 'unsubscribeByMail', bodies: string[]) {
  return nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}`, prefer: 'return=minimal' } })
    .post(`/v1.0/groups/${GROUP.id}/${action}`, (body) => {
      bodies.push(body as string);
      return true;
    })
    .reply(204);
}

afterEach(() => nock.cleanAll());

describe('Teams mode: Get these by email and Stop emails, as the presser', () => {
  it('exchanges the SSO token, reads the state, POSTs subscribeByMail with that token; Stop emails undoes', async () => {
    const sso = ssoTokenFor(ALICE);
    const obo: OboRequest[] = [];
    nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    const read = nockState(false);
    const bodies: string[] = [];
    const subscribed = nockPost('subscribeByMail', bodies);

    const res = await bot.post('/api/messages', press({ groupId: GROUP.id, op: 'on' }, sso), teamsAuth());
    expect(res.body.statusCode).toBe(200);
    assertValidCard(res.body.value);
    expect(cardTitle(res.body.value)).toBe(say('inbox.onTitle', { group: 'Marketing' }));
    expectOnBehalfOf(obo[0], sso);
    expect(read.isDone()).toBe(true);
    expect(subscribed.isDone()).toBe(true);
    expect(bodies).toEqual(['']);

    const stop = findAction(res.body.value, 'mailSubscription');
    expect(stop.data).toEqual({ groupId: GROUP.id, op: 'off' });
    nockState(true);
    const unsubscribed = nockPost('unsubscribeByMail', bodies);
    const off = await bot.post('/api/messages', press(stop.data, sso), teamsAuth());
    expect(cardTitle(off.body.value)).toBe(say('inbox.offTitle', { group: 'Marketing' }));
    expect(unsubscribed.isDone()).toBe(true);
    // The cached token served the second press: one exchange in all
    expect(obo).toHaveLength(1);
  });

  it('a 403 from Graph (not a member) is said in words, and the state read already true costs no POST', async () => {
    const sso = ssoTokenFor(ALICE);
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    nockState(false);
    nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
      .post(`/v1.0/groups/${GROUP.id}/subscribeByMail`)
      .reply(403, { error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } });
    const refused = await bot.post('/api/messages', press({ groupId: GROUP.id, op: 'on' }, sso), teamsAuth());
    expect(cardTitle(refused.body.value)).toBe(say('inbox.notMemberTitle', { group: 'Marketing' }));

    nockState(true);
    const already = await bot.post('/api/messages', press({ groupId: GROUP.id, op: 'on' }, sso), teamsAuth());
    expect(cardTitle(already.body.value)).toBe(say('inbox.onTitle', { group: 'Marketing' }));
    // Every Graph request asked for was made (none unasked: nock refuses those, and the card would say so)
    expect(nock.pendingMocks().filter((m) => m.includes('graph.microsoft.com'))).toEqual([]);
  });
});
