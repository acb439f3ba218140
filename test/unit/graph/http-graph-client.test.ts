// The HTTP GraphClient against nock: every request is asserted exactly (path, query, headers,
// body), and every failure Graph can answer is mapped to one of our error codes.
import { isDeepStrictEqual } from 'node:util';
import nock from 'nock';
import type { Conversation, ConversationThread, Post } from '@microsoft/microsoft-graph-types';
import { AppError, GraphRequestError } from '../../../src/core/errors';
import type { NewConversationBody } from '../../../src/graph/graph-client';
import { createHttpGraphClient } from '../../../src/graph/http-graph-client';
import { assertValidConversationBody } from '../../helpers/graph-schema';
import { itWithSchema } from '../../helpers/shared-schemas';

const GRAPH = 'https://graph.microsoft.com';
const BASE = `${GRAPH}/v1.0`;
const TOKEN = 'tok';
const GROUP_SELECT = 'id,displayName,mail,visibility,groupTypes';
const USER_SELECT = 'id,displayName,mail,userPrincipalName';
const GROUPS_QUERY = {
  $filter: "groupTypes/any(c:c eq 'Unified')",
  $count: 'true',
  $select: GROUP_SELECT,
  $top: '999'
};
const GROUP_ID = '0b7f4a52-8e3c-4d4e-9b1a-2f6f0c1d2e3a';

const client = (extra: { timeoutMs?: number; now?: () => number } = {}) =>
  createHttpGraphClient({ baseUrl: BASE, ...extra });
const graph = () =>
  nock(GRAPH).matchHeader('authorization', `Bearer ${TOKEN}`).matchHeader('accept', 'application/json');
const userId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const graphError = (code: string, requestId = 'req-1') => ({
  error: {
    code,
    message: 'prose that must not be used',
    innerError: { 'request-id': requestId, date: '2025-01-01T00:00:00' }
  }
});

async function rejection(promise: Promise<unknown>): Promise<GraphRequestError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(GraphRequestError);
  const gErr = err as GraphRequestError;
  expect(gErr.message).not.toContain(`Bearer`); // the token never ends up in an error
  return gErr;
}

describe('listMyGroups', () => {
  it('follows every nextLink with the same headers, keeps Unified groups, sorts by name then id', async () => {
    const nextQuery = [
      "$filter=groupTypes/any(c:c+eq+'Unified')",
      '$count=true',
      `$select=${GROUP_SELECT}`,
      '$top=999',
      '$skiptoken=PAGE2'
    ].join('&');
    const nextLink = `${BASE}/me/memberOf/microsoft.graph.group?${nextQuery}`;
    const scope = graph()
      .matchHeader('consistencylevel', 'eventual')
      .get('/v1.0/me/memberOf/microsoft.graph.group')
      .query(GROUPS_QUERY)
      .reply(200, {
        '@odata.count': 4,
        value: [
          { id: 'g-b', displayName: 'beta', mail: 'beta@contoso.com', visibility: 'Private', groupTypes: ['Unified'] },
          { id: 'g-sec', displayName: 'Aardvark security', mail: null, visibility: null, groupTypes: [] }
        ],
        '@odata.nextLink': nextLink
      })
      .get('/v1.0/me/memberOf/microsoft.graph.group')
      .query({ ...GROUPS_QUERY, $skiptoken: 'PAGE2' })
      .reply(200, {
        value: [
          {
            id: 'g-a2',
            displayName: 'Alpha',
            mail: 'alpha2@contoso.com',
            visibility: 'Public',
            groupTypes: ['Unified', 'DynamicMembership']
          },
          {
            id: 'g-a1',
            displayName: 'alpha',
            mail: 'alpha1@contoso.com',
            visibility: 'Public',
            groupTypes: ['Unified']
          }
        ]
      });
    const paths: string[] = [];
    scope.on('request', (req: { path: string }) => paths.push(req.path));

    const groups = await client().listMyGroups(TOKEN);

    expect(groups).toEqual([
      { id: 'g-a1', displayName: 'alpha', mail: 'alpha1@contoso.com', visibility: 'Public' },
      { id: 'g-a2', displayName: 'Alpha', mail: 'alpha2@contoso.com', visibility: 'Public' },
      { id: 'g-b', displayName: 'beta', mail: 'beta@contoso.com', visibility: 'Private' }
    ]);
    // The first URL is percent-encoded (no raw spaces or quotes); the nextLink is followed as Graph
    // gave it (fetch's URL parser percent-encodes its quotes the same way).
    expect(paths[0]).toBe(
      '/v1.0/me/memberOf/microsoft.graph.group?$filter=groupTypes%2Fany(c%3Ac%20eq%20%27Unified%27)' +
        '&$count=true&$select=id%2CdisplayName%2Cmail%2Cvisibility%2CgroupTypes&$top=999'
    );
    const next = new URL(nextLink);
    expect(paths[1]).toBe(next.pathname + next.search);
    scope.done();
  });

  it.each([
    [
      'another origin (the token would leave Graph)',
      'https://graph.microsoft.com.evil.example/v1.0/me/memberOf/microsoft.graph.group?$skiptoken=x'
    ],
    ['another collection on Graph', 'https://graph.microsoft.com/v1.0/users?$skiptoken=x']
  ])('refuses a nextLink to %s', async (_name, link) => {
    const scope = graph().get('/v1.0/me/memberOf/microsoft.graph.group').query(GROUPS_QUERY).reply(200, {
      value: [],
      '@odata.nextLink': link
    });
    const elsewhere = nock(/.*/).get(/.*/).reply(200, { value: [] });
    const err = await rejection(client().listMyGroups(TOKEN));
    expect(err).toMatchObject({ code: 'graph_unavailable', message: expect.stringMatching(/outside the collection/) });
    scope.done();
    expect(elsewhere.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('strips a trailing slash from baseUrl and sends the token to an http loopback sandbox', async () => {
    const scope = nock('http://127.0.0.1:5980')
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .get('/v1.0/me/memberOf/microsoft.graph.group')
      .query(GROUPS_QUERY)
      .reply(200, { value: [] });
    const sandbox = createHttpGraphClient({ baseUrl: 'http://127.0.0.1:5980/v1.0/' });
    await expect(sandbox.listMyGroups(TOKEN)).resolves.toEqual([]);
    scope.done();
  });
});

describe('getGroup', () => {
  it('returns a Microsoft 365 group, with the id encoded in the path', async () => {
    const scope = graph()
      .get('/v1.0/groups/a%2Fb')
      .query({ $select: GROUP_SELECT })
      .reply(200, {
        id: 'a/b',
        displayName: 'Team',
        mail: 'team@contoso.com',
        visibility: 'Private',
        groupTypes: ['Unified']
      });
    await expect(client().getGroup(TOKEN, 'a/b')).resolves.toEqual({
      id: 'a/b',
      displayName: 'Team',
      mail: 'team@contoso.com',
      visibility: 'Private'
    });
    scope.done();
  });

  it('treats a group that is not Unified as group_not_found', async () => {
    const scope = graph()
      .get(`/v1.0/groups/${GROUP_ID}`)
      .query({ $select: GROUP_SELECT })
      .reply(200, { id: GROUP_ID, displayName: 'Security', mail: null, visibility: null, groupTypes: [] });
    const err = await rejection(client().getGroup(TOKEN, GROUP_ID));
    expect(err).toMatchObject({ code: 'group_not_found', status: 404 });
    expect(err.message).toMatch(/not a Microsoft 365 group/);
    scope.done();
  });
});

describe('resolveUsers', () => {
  const usersGet = (ids: string[]) =>
    graph()
      .get('/v1.0/users')
      .query({ $filter: `id in (${ids.map((id) => `'${id}'`).join(',')})`, $select: USER_SELECT });

  it('resolves 3 ids with exactly one request, keeps the requested order, falls back to the UPN', async () => {
    const ids = [userId(3), userId(1), userId(2)];
    const scope = usersGet(ids).reply(200, {
      value: [
        {
          id: userId(1),
          displayName: 'One',
          mail: 'one@contoso.com',
          userPrincipalName: 'one@contoso.onmicrosoft.com'
        },
        { id: userId(2), displayName: 'Two', mail: null, userPrincipalName: 'two@contoso.com' },
        { id: userId(3), displayName: 'Three', mail: 'three@contoso.com', userPrincipalName: 'three@contoso.com' }
      ]
    });
    await expect(client().resolveUsers(TOKEN, [...ids, userId(1)])).resolves.toEqual([
      { id: userId(3), displayName: 'Three', address: 'three@contoso.com' },
      { id: userId(1), displayName: 'One', address: 'one@contoso.com' },
      { id: userId(2), displayName: 'Two', address: 'two@contoso.com' }
    ]);
    scope.done();
  });

  it('throws participant_not_found listing the ids Graph did not return', async () => {
    const ids = [userId(1), userId(2)];
    const scope = usersGet(ids).reply(200, { value: [{ id: userId(1), displayName: 'One', mail: 'one@contoso.com' }] });
    const err = await client()
      .resolveUsers(TOKEN, ids)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'participant_not_found' });
    expect((err as Error).message).toContain(userId(2));
    expect((err as Error).message).not.toContain(userId(1));
    scope.done();
  });

  it('splits 17 ids into requests of 15 and 2', async () => {
    const ids = Array.from({ length: 17 }, (_, i) => userId(i + 1));
    const row = (id: string) => ({
      id,
      displayName: id,
      mail: `${id}@contoso.com`,
      userPrincipalName: `${id}@contoso.com`
    });
    const first = usersGet(ids.slice(0, 15)).reply(200, { value: ids.slice(0, 15).map(row) });
    const second = usersGet(ids.slice(15)).reply(200, { value: ids.slice(15).map(row) });
    const users = await client().resolveUsers(TOKEN, ids);
    expect(users.map((u) => u.id)).toEqual(ids);
    first.done();
    second.done();
  });

  it('sends nothing for no ids', async () => {
    await expect(client().resolveUsers(TOKEN, [])).resolves.toEqual([]);
  });
});

const post: Post = {
  body: { contentType: 'html', content: '<p>Hello team</p>' },
  newParticipants: [{ emailAddress: { name: 'Adele Vance', address: 'adele@contoso.com' } }]
};
const thread: ConversationThread = { posts: [post] };
const conversation: Conversation = { topic: 'Quarterly plan', threads: [thread] };
const body = conversation as NewConversationBody;

describe('createConversation', () => {
  it('POSTs the exact JSON body (valid against the Graph schema) and returns the ids on 201', async () => {
    let received: unknown;
    let schemaError: unknown;
    const scope = graph()
      .matchHeader('content-type', 'application/json')
      .post(`/v1.0/groups/${GROUP_ID}/conversations`, (sent: unknown) => {
        received = sent;
        try {
          assertValidConversationBody(sent);
        } catch (e) {
          schemaError = e; // rethrown below: a throw inside nock's matcher would leave fetch hanging
          return false;
        }
        return isDeepStrictEqual(sent, conversation);
      })
      .reply(201, { id: 'conv-1', threads: [{ id: 'thread-1' }] });
    const result = await client()
      .createConversation(TOKEN, GROUP_ID, body)
      .catch((e: unknown) => e);
    if (schemaError) throw schemaError;
    expect(received).toEqual(conversation);
    expect(result).toEqual({ conversationId: 'conv-1', threadId: 'thread-1' });
    scope.done();
  });

  it('accepts 200 too, and rejects a success answer without ids', async () => {
    graph()
      .post(`/v1.0/groups/${GROUP_ID}/conversations`)
      .reply(200, { id: 'conv-2', threads: [{ id: 't-2' }] });
    await expect(client().createConversation(TOKEN, GROUP_ID, body)).resolves.toEqual({
      conversationId: 'conv-2',
      threadId: 't-2'
    });
    graph().post(`/v1.0/groups/${GROUP_ID}/conversations`).reply(201, { id: 'conv-3' });
    expect(await rejection(client().createConversation(TOKEN, GROUP_ID, body))).toMatchObject({
      code: 'graph_unavailable',
      status: 201
    });
  });

  itWithSchema(
    'graph-conversation.schema.json',
    'the shared schema is open: wrong types are rejected, unknown properties and missing fields are not',
    () => {
      expect(() => assertValidConversationBody({ topic: 5 })).toThrow(/\/topic must be string/);
      expect(() =>
        assertValidConversationBody({
          topic: 'x',
          threads: [{ posts: [{ body: { contentType: 'markdown', content: 'x' } }] }]
        })
      ).toThrow(/contentType/);
      // No additionalProperties and no required in the file: a typo'd field passes the schema, so
      // the exact-body assertions above are what catch it.
      expect(() => assertValidConversationBody({ topic: 'x', threads: [], foo: 1 })).not.toThrow();
      expect(() => assertValidConversationBody({})).not.toThrow();
    }
  );
});

describe('error mapping', () => {
  const getGroup = () => graph().get(`/v1.0/groups/${GROUP_ID}`).query({ $select: GROUP_SELECT });
  const NOW = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');

  it('403 ErrorAccessDenied → access_denied with graphCode and requestId', async () => {
    getGroup().reply(403, graphError('ErrorAccessDenied', 'req-403'));
    const err = await rejection(client().getGroup(TOKEN, GROUP_ID));
    expect(err).toMatchObject({
      code: 'access_denied',
      status: 403,
      graphCode: 'ErrorAccessDenied',
      requestId: 'req-403'
    });
    expect(err.message).not.toContain('prose');
  });

  it('401 → sign_in_required; 400 and other 4xx → graph_rejected', async () => {
    getGroup().reply(401, graphError('InvalidAuthenticationToken'));
    expect(await rejection(client().getGroup(TOKEN, GROUP_ID))).toMatchObject({
      code: 'sign_in_required',
      status: 401
    });
    getGroup().reply(400, graphError('BadRequest'));
    expect(await rejection(client().getGroup(TOKEN, GROUP_ID))).toMatchObject({
      code: 'graph_rejected',
      graphCode: 'BadRequest'
    });
    getGroup().reply(409, graphError('Conflict'));
    expect(await rejection(client().getGroup(TOKEN, GROUP_ID))).toMatchObject({ code: 'graph_rejected', status: 409 });
  });

  it('404 → group_not_found', async () => {
    getGroup().reply(404, graphError('Request_ResourceNotFound'));
    expect(await rejection(client().getGroup(TOKEN, GROUP_ID))).toMatchObject({
      code: 'group_not_found',
      status: 404,
      graphCode: 'Request_ResourceNotFound'
    });
  });

  it('429 with Retry-After: 7 → throttled, 7 seconds (on the POST too)', async () => {
    graph()
      .post(`/v1.0/groups/${GROUP_ID}/conversations`)
      .reply(429, graphError('TooManyRequests'), { 'Retry-After': '7' });
    const err = await rejection(client().createConversation(TOKEN, GROUP_ID, body));
    expect(err).toMatchObject({ code: 'throttled', status: 429, retryAfterSeconds: 7, graphCode: 'TooManyRequests' });
  });

  it('429 with an HTTP-date Retry-After → seconds from the injected now', async () => {
    getGroup().reply(429, graphError('TooManyRequests'), { 'Retry-After': 'Wed, 21 Oct 2015 07:28:30 GMT' });
    const err = await rejection(client({ now: () => NOW }).getGroup(TOKEN, GROUP_ID));
    expect(err).toMatchObject({ code: 'throttled', retryAfterSeconds: 30 });
  });

  it('429 with an unusable Retry-After → no retryAfterSeconds', async () => {
    getGroup().reply(429, '', { 'Retry-After': 'soon' });
    const err = await rejection(client({ now: () => NOW }).getGroup(TOKEN, GROUP_ID));
    expect(err.code).toBe('throttled');
    expect(err.retryAfterSeconds).toBeUndefined();
  });

  it('503 → graph_unavailable, request-id from the header when the body has none', async () => {
    getGroup().reply(503, '', { 'request-id': 'req-hdr', 'Retry-After': '3' });
    const err = await rejection(client().getGroup(TOKEN, GROUP_ID));
    expect(err).toMatchObject({ code: 'graph_unavailable', status: 503, requestId: 'req-hdr', retryAfterSeconds: 3 });
    expect(err.graphCode).toBeUndefined();
  });

  it('502 with a non-JSON body → graph_unavailable', async () => {
    getGroup().reply(502, '<html><body>Bad Gateway</body></html>', { 'Content-Type': 'text/html' });
    const err = await rejection(client().getGroup(TOKEN, GROUP_ID));
    expect(err).toMatchObject({ code: 'graph_unavailable', status: 502 });
    expect(err.graphCode).toBeUndefined();
  });

  it('network failure → graph_unavailable, status 0, with the cause kept', async () => {
    getGroup().replyWithError('socket hang up');
    const err = await rejection(client().getGroup(TOKEN, GROUP_ID));
    expect(err).toMatchObject({ code: 'graph_unavailable', status: 0 });
    expect(err.cause).toBeDefined();
  });

  it('timeout → graph_unavailable, status 0', async () => {
    getGroup()
      .delay(500)
      .reply(200, { id: GROUP_ID, groupTypes: ['Unified'] });
    const started = Date.now();
    const err = await rejection(client({ timeoutMs: 50 }).getGroup(TOKEN, GROUP_ID));
    expect(err).toMatchObject({ code: 'graph_unavailable', status: 0, message: 'Graph did not answer in time' });
    expect(Date.now() - started).toBeLessThan(450);
  });
});
