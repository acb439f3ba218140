// The GraphClient's inbox-subscription calls (issue 17) against nock: the exact POST paths (no
// body, Prefer: return=minimal, the person's token), the state read with $select, and how Graph's
// refusals map to the bot's codes.
import nock from 'nock';
import { createHttpGraphClient } from '../../../src/graph/http-graph-client';
import { graphRejection } from '../../helpers/graph-rejection';

const GRAPH = 'https://graph.microsoft.com';
const BASE = `${GRAPH}/v1.0`;
const TOKEN = 'person-token';
const GROUP_ID = '0b7f4a52-8e3c-4d4e-9b1a-2f6f0c1d2e3a';

const client = () => createHttpGraphClient({ baseUrl: BASE });
const graph = () => nock(GRAPH).matchHeader('authorization', `Bearer ${TOKEN}`);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('setMailSubscription', () => {
  it.each([
    [true, 'subscribeByMail', 204],
    [false, 'unsubscribeByMail', 200]
  ])(
    'on=%s POSTs /groups/{id}/%s with no body and Prefer: return=minimal (%s is success)',
    async (on, action, code) => {
      let body: unknown = 'unset';
      const scope = graph()
        .matchHeader('prefer', 'return=minimal')
        .post(`/v1.0/groups/${GROUP_ID}/${action}`, (b) => {
          body = b;
          return true;
        })
        .reply(code);
      await expect(client().setMailSubscription(TOKEN, GROUP_ID, on)).resolves.toBeUndefined();
      expect(body).toBe('');
      expect(scope.isDone()).toBe(true);
    }
  );

  it('a non-member (403) is access_denied and an unknown group (404) group_not_found', async () => {
    graph()
      .post(`/v1.0/groups/${GROUP_ID}/subscribeByMail`)
      .reply(403, { error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } });
    const denied = await graphRejection(client().setMailSubscription(TOKEN, GROUP_ID, true));
    expect([denied.code, denied.status, denied.graphCode]).toEqual(['access_denied', 403, 'ErrorAccessDenied']);
    graph()
      .post(`/v1.0/groups/${GROUP_ID}/unsubscribeByMail`)
      .reply(404, { error: { code: 'Request_ResourceNotFound' } });
    expect((await graphRejection(client().setMailSubscription(TOKEN, GROUP_ID, false))).code).toBe('group_not_found');
  });
});

describe('getMailSubscription', () => {
  const path = `/v1.0/groups/${GROUP_ID}`;
  const query = { $select: 'id,displayName,mail,visibility,groupTypes,isSubscribedByMail' };

  it('GETs the single group with $select naming isSubscribedByMail and reads the state', async () => {
    const scope = graph()
      .get(path)
      .query(query)
      .reply(200, {
        id: GROUP_ID,
        displayName: 'Marketing',
        mail: 'marketing@contoso.test',
        visibility: 'Public',
        groupTypes: ['Unified'],
        isSubscribedByMail: true
      });
    await expect(client().getMailSubscription(TOKEN, GROUP_ID)).resolves.toEqual({
      group: { id: GROUP_ID, displayName: 'Marketing', mail: 'marketing@contoso.test', visibility: 'Public' },
      subscribed: true
    });
    expect(scope.isDone()).toBe(true);
  });

  it('an absent state is not subscribed; a group that is not Microsoft 365 is group_not_found', async () => {
    graph()
      .get(path)
      .query(query)
      .reply(200, { id: GROUP_ID, displayName: 'M', groupTypes: ['Unified'] });
    expect((await client().getMailSubscription(TOKEN, GROUP_ID)).subscribed).toBe(false);
    graph().get(path).query(query).reply(200, { id: GROUP_ID, displayName: 'Sec', groupTypes: [] });
    expect((await graphRejection(client().getMailSubscription(TOKEN, GROUP_ID))).code).toBe('group_not_found');
  });
});
