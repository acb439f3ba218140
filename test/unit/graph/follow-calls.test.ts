// The GraphClient's calls behind following a group (issue 16) against nock: the exact subscription
// request bodies, the threads and owners reads with their paging, and how a missing subscription
// or conversation maps to the bot's codes.
import nock from 'nock';
import { createHttpGraphClient } from '../../../src/graph/http-graph-client';
import { graphRejection } from '../../helpers/graph-rejection';

const GRAPH = 'https://graph.microsoft.com';
const BASE = `${GRAPH}/v1.0`;
const TOKEN = 'tok';
const GROUP_ID = '0b7f4a52-8e3c-4d4e-9b1a-2f6f0c1d2e3a';
const CONV_ID = 'AAQkAGI2+TgwLWJk/Mz==';
const SUB_ID = '7F105C7D-2DC5-4530-97CD-4E7AE6534C07';

const client = () => createHttpGraphClient({ baseUrl: BASE });
const graph = () => nock(GRAPH).matchHeader('authorization', `Bearer ${TOKEN}`);

afterEach(() => nock.cleanAll());

describe('subscriptions', () => {
  const asked = {
    changeType: 'created,updated',
    notificationUrl: 'https://bot.example.com/api/notifications',
    lifecycleNotificationUrl: 'https://bot.example.com/api/notifications/lifecycle',
    resource: `groups('${GROUP_ID}')/conversations`,
    expirationDateTime: '2026-12-04T20:00:00.000Z',
    clientState: 'secret-state'
  };

  it('POSTs exactly the subscription asked for and reads back id (lower case) and expiry', async () => {
    let sent: unknown;
    const scope = graph()
      .matchHeader('content-type', 'application/json')
      .post('/v1.0/subscriptions', (body) => {
        sent = body;
        return true;
      })
      .reply(201, { id: SUB_ID, expirationDateTime: '2026-12-04T20:00:00Z', resource: asked.resource });
    await expect(client().createSubscription(TOKEN, asked)).resolves.toEqual({
      id: SUB_ID.toLowerCase(),
      expirationDateTime: '2026-12-04T20:00:00Z'
    });
    expect(sent).toEqual(asked);
    expect(scope.isDone()).toBe(true);
  });

  it('a refused handshake is graph_rejected with Graph code; a 201 without id is graph_unavailable', async () => {
    graph()
      .post('/v1.0/subscriptions')
      .reply(400, { error: { code: 'ValidationError', message: 'Subscription validation request failed.' } });
    const refused = await graphRejection(client().createSubscription(TOKEN, asked));
    expect(refused.code).toBe('graph_rejected');
    expect(refused.graphCode).toBe('ValidationError');
    graph().post('/v1.0/subscriptions').reply(201, {});
    expect((await graphRejection(client().createSubscription(TOKEN, asked))).code).toBe('graph_unavailable');
  });

  it('PATCHes only the new expiry; 404 is subscription_not_found (not a missing group)', async () => {
    let sent: unknown;
    graph()
      .patch(`/v1.0/subscriptions/${SUB_ID}`, (body) => {
        sent = body;
        return true;
      })
      .reply(200, { id: SUB_ID, expirationDateTime: '2026-12-06T20:00:00Z' });
    await expect(client().renewSubscription(TOKEN, SUB_ID, '2026-12-06T20:00:00.000Z')).resolves.toEqual({
      id: SUB_ID.toLowerCase(),
      expirationDateTime: '2026-12-06T20:00:00Z'
    });
    expect(sent).toEqual({ expirationDateTime: '2026-12-06T20:00:00.000Z' });
    graph()
      .patch(`/v1.0/subscriptions/${SUB_ID}`)
      .reply(404, { error: { code: 'ResourceNotFound', message: 'x' } });
    const gone = await graphRejection(client().renewSubscription(TOKEN, SUB_ID, '2026-12-06T20:00:00.000Z'));
    expect(gone.code).toBe('subscription_not_found');
  });

  it('DELETE succeeds on 204 and on 404 (already gone); a 403 is access_denied', async () => {
    const scope = graph()
      .delete(`/v1.0/subscriptions/${SUB_ID}`)
      .reply(204)
      .delete(`/v1.0/subscriptions/${SUB_ID}`)
      .reply(404);
    await client().deleteSubscription(TOKEN, SUB_ID);
    await client().deleteSubscription(TOKEN, SUB_ID);
    expect(scope.isDone()).toBe(true);
    graph()
      .delete(`/v1.0/subscriptions/${SUB_ID}`)
      .reply(403, { error: { code: 'ExtensionError', message: 'x' } });
    expect((await graphRejection(client().deleteSubscription(TOKEN, SUB_ID))).code).toBe('access_denied');
  });
});

describe('listConversationThreads', () => {
  it('selects id, topic and lastDeliveredDateTime of the escaped conversation; 404 is conversation_not_found', async () => {
    graph()
      .get(`/v1.0/groups/${GROUP_ID}/conversations/${encodeURIComponent(CONV_ID)}/threads`)
      .query({ $select: 'id,topic,lastDeliveredDateTime' })
      .reply(200, {
        value: [
          { id: 'AAQkT1=', topic: 'Launch', lastDeliveredDateTime: '2026-12-01T10:00:00Z' },
          { topic: 'no id: skipped' }
        ]
      });
    await expect(client().listConversationThreads(TOKEN, GROUP_ID, CONV_ID)).resolves.toEqual([
      { id: 'AAQkT1=', topic: 'Launch', lastDeliveredDateTime: '2026-12-01T10:00:00Z' }
    ]);
    graph()
      .get(`/v1.0/groups/${GROUP_ID}/conversations/${encodeURIComponent(CONV_ID)}/threads`)
      .query(true)
      .reply(404, { error: { code: 'ErrorItemNotFound', message: 'x' } });
    expect((await graphRejection(client().listConversationThreads(TOKEN, GROUP_ID, CONV_ID))).code).toBe(
      'conversation_not_found'
    );
  });
});

describe('listGroupOwnerIds', () => {
  it('follows the nextLink as given and answers every owner id in lower case', async () => {
    const next = `${BASE}/groups/${GROUP_ID}/owners?$select=id&$top=100&$skiptoken=X1`;
    const scope = graph()
      .get(`/v1.0/groups/${GROUP_ID}/owners`)
      .query({ $select: 'id', $top: '100' })
      .reply(200, { value: [{ id: 'AAAAAAAA-0000-0000-0000-000000000001' }], '@odata.nextLink': next })
      .get(`/v1.0/groups/${GROUP_ID}/owners`)
      .query({ $select: 'id', $top: '100', $skiptoken: 'X1' })
      .reply(200, { value: [{ id: 'bbbbbbbb-0000-0000-0000-000000000002' }] });
    await expect(client().listGroupOwnerIds(TOKEN, GROUP_ID)).resolves.toEqual([
      'aaaaaaaa-0000-0000-0000-000000000001',
      'bbbbbbbb-0000-0000-0000-000000000002'
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('refuses a nextLink that leaves the owners collection', async () => {
    graph()
      .get(`/v1.0/groups/${GROUP_ID}/owners`)
      .query(true)
      .reply(200, { value: [], '@odata.nextLink': 'https://evil.example.com/v1.0/groups/x/owners?$skiptoken=1' });
    await expect(client().listGroupOwnerIds(TOKEN, GROUP_ID)).rejects.toBeInstanceOf(Error);
  });
});
