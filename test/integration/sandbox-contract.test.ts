// The Graph sandbox's wire contract, endpoint by endpoint: success shapes, Graph's error JSON and
// headers, the directory's advanced-query rules, the group mailbox's access rules, and the mailbox
// lists in each configured variation of Graph (order, $orderby, paging, page size, $filter,
// concurrency scope). The conversation bodies are checked against the official Graph schema
// (../shared/schemas).
import {
  createGraphSandbox,
  CURRENT_USER_ID,
  SEED,
  SEED_GROUP_IDS as G,
  SEED_USER_IDS as U,
  TEAM_GROUP_ID,
  type GraphSandbox
} from '../../src/sandbox';
import { assertValidConversationBody, conversationSchemaVerdict } from '../helpers/graph-schema';

const ALEX = `sandbox.${CURRENT_USER_ID}`;
const MEGAN = `sandbox.${U.megan}`;
const UNIFIED = "groupTypes/any(c:c eq 'Unified')";
const EVENTUAL = { ConsistencyLevel: 'eventual' };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OPAQUE_ID = /^AA[A-Za-z0-9_-]+=*$/;

let sandbox: GraphSandbox;
let origin: string;

beforeAll(async () => {
  sandbox = createGraphSandbox({});
  ({ origin } = await sandbox.listen(0));
});
afterAll(() => sandbox.close());
beforeEach(() => control('POST', '/_sandbox/reset'));

interface CallOptions {
  token?: string | null;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
}

async function call(method: string, path: string, opts: CallOptions = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? ALEX : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(path.startsWith('http') ? path : `${origin}${path}`, { method, headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const get = (path: string, opts?: CallOptions) => call('GET', path, opts);
const post = (path: string, body: unknown, opts?: CallOptions) => call('POST', path, { ...opts, body });

function expectGraphError(res: Awaited<ReturnType<typeof call>>, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.json).toEqual({
    error: {
      code,
      message: expect.any(String),
      innerError: {
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
        'request-id': expect.stringMatching(GUID),
        'client-request-id': expect.any(String)
      }
    }
  });
  expect(res.headers.get('request-id')).toBe(res.json.error.innerError['request-id']);
  expect(res.headers.get('client-request-id')).toBe(res.json.error.innerError['client-request-id']);
}

function newConversation(
  topic = 'Launch date',
  content = '<p>We ship on <b>Friday</b>.</p>',
  participants = ['meganb@contoso.test']
) {
  return {
    topic,
    threads: [
      {
        posts: [
          {
            body: { contentType: 'html', content },
            newParticipants: participants.map((address) => ({ emailAddress: { address } }))
          }
        ]
      }
    ]
  };
}

const state = async () => (await call('GET', '/_sandbox/state', { token: null })).json;
const control = async (method: string, path: string, body?: unknown) => {
  const res = await call(method, path, { token: null, body });
  expect(res.status).toBeLessThan(300);
  return res.json;
};
const configure = (patch: object) => control('POST', '/_sandbox/config', patch);
const names = (value: Array<{ displayName: string }>) => value.map((g) => g.displayName).sort();

describe('authentication and error shape', () => {
  it('answers 401 InvalidAuthenticationToken without a token, with Graph error JSON and ids', async () => {
    const res = await get('/v1.0/me', { token: null });
    expectGraphError(res, 401, 'InvalidAuthenticationToken');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it.each([
    ['an unknown user', 'sandbox.00000000-0000-4000-8000-000000000000'],
    ['not a sandbox token', 'eyJ0eXAiOiJKV1QifQ.e30.sig'],
    ['an upper-case prefix glitch', 'Sandbox'],
    ['a user principal name', 'sandbox.alexw@contoso.test']
  ])('answers 401 for %s', async (_label, token) => {
    expectGraphError(await get('/v1.0/me', { token }), 401, 'InvalidAuthenticationToken');
  });

  it('echoes client-request-id and accepts the token whatever the id case', async () => {
    const res = await get('/v1.0/me', {
      token: `sandbox.${CURRENT_USER_ID.toUpperCase()}`,
      headers: { 'client-request-id': 'abc-123' }
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: CURRENT_USER_ID, displayName: 'Alex Wilber', mail: 'alexw@contoso.test' });
    expect(res.headers.get('client-request-id')).toBe('abc-123');
    expect(res.headers.get('request-id')).toMatch(GUID);
  });

  it('unknown segments answer 400, a known path with another method 405 (after auth)', async () => {
    expectGraphError(await get('/v1.0/sites/root'), 400, 'BadRequest');
    expectGraphError(await call('DELETE', `/v1.0/groups/${G.marketing}`), 405, 'Request_BadRequest');
    expectGraphError(await get('/v1.0/sites/root', { token: null }), 401, 'InvalidAuthenticationToken');
    expectGraphError(await get('/beta/me'), 400, 'BadRequest');
  });
});

describe('GET /me/memberOf/microsoft.graph.group', () => {
  const path = (q: Record<string, string>) =>
    `/v1.0/me/memberOf/microsoft.graph.group?${new URLSearchParams(q).toString()}`;

  it('with the Unified filter: only the caller’s Microsoft 365 groups, $select and $count honoured', async () => {
    const res = await get(path({ $filter: UNIFIED, $count: 'true', $select: 'displayName,mail' }), {
      headers: EVENTUAL
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json['@odata.context']).toBe(`${origin}/v1.0/$metadata#groups(id,displayName,mail)`);
    expect(res.json['@odata.count']).toBe(4);
    expect(res.json['@odata.nextLink']).toBeUndefined();
    expect(names(res.json.value)).toEqual(['Contoso Team', 'Leadership', 'Marketing', 'Product launch']);
    for (const g of res.json.value) expect(Object.keys(g).sort()).toEqual(['displayName', 'id', 'mail']);
    expect(res.json.value.map((g: { id: string }) => g.id)).toContain(TEAM_GROUP_ID);
  });

  it('without a filter: every group the caller is in, the security group too, and only those', async () => {
    const res = await get(path({ $count: 'true' }), { headers: EVENTUAL });
    expect(names(res.json.value)).toEqual([
      'All staff security',
      'Contoso Team',
      'Leadership',
      'Marketing',
      'Product launch'
    ]);
    const security = res.json.value.find((g: { id: string }) => g.id === G.allStaffSecurity);
    expect(security).toMatchObject({
      groupTypes: [],
      securityEnabled: true,
      mailEnabled: false,
      mail: null,
      visibility: null
    });
    expect(res.json['@odata.count']).toBe(5);
  });

  it('is per caller: Megan sees Finance, not Leadership', async () => {
    const res = await get(path({ $filter: UNIFIED, $count: 'true' }), { token: MEGAN, headers: EVENTUAL });
    expect(names(res.json.value)).toEqual(['Contoso Team', 'Finance (private)', 'Marketing']);
  });

  it('$top=2 pages with absolute nextLinks on the sandbox origin until the end', async () => {
    let url: string | undefined =
      `${origin}${path({ $filter: UNIFIED, $count: 'true', $select: 'id,displayName', $top: '2' })}`;
    const seen: string[] = [];
    let pages = 0;
    while (url) {
      const res = await get(url, { headers: EVENTUAL });
      expect(res.status).toBe(200);
      expect(res.json.value.length).toBeLessThanOrEqual(2);
      expect(res.json['@odata.count']).toBe(4);
      seen.push(...res.json.value.map((g: { displayName: string }) => g.displayName));
      url = res.json['@odata.nextLink'];
      if (url) {
        expect(new URL(url).origin).toBe(origin);
        expect(url).toContain('$skiptoken=');
        expect(url).toContain('$top=2');
      }
      pages++;
    }
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(['Contoso Team', 'Leadership', 'Marketing', 'Product launch']);
  });

  it('the cast (with or without $filter) needs both ConsistencyLevel: eventual and $count=true', async () => {
    for (const [q, headers] of [
      [{}, {}],
      [{}, EVENTUAL],
      [{ $count: 'true' }, {}],
      [{ $filter: UNIFIED }, EVENTUAL],
      [{ $filter: UNIFIED, $count: 'true' }, {}],
      [{ $filter: UNIFIED, $count: 'false' }, EVENTUAL]
    ] as Array<[Record<string, string>, Record<string, string>]>) {
      const res = await get(path(q), { headers });
      expectGraphError(res, 400, 'Request_UnsupportedQuery');
      expect(res.json.error.message).toBe(
        'The specified filter to the reference property query is currently not supported.'
      );
    }
    expect((await get(path({ $filter: UNIFIED, $count: 'true' }), { headers: EVENTUAL })).status).toBe(200);
  });

  it.each([
    ['another filter', { $filter: "displayName eq 'Marketing'" }, 'Request_UnsupportedQuery'],
    ['$top 0', { $top: '0' }, 'Request_BadRequest'],
    ['$top 1000', { $top: '1000' }, 'Request_BadRequest'],
    ['an unknown $select property', { $select: 'displayName,nope' }, 'Request_BadRequest'],
    ['an unsupported option', { $orderby: 'displayName' }, 'Request_UnsupportedQuery'],
    ['a forged $skiptoken', { $skiptoken: 'garbage' }, 'Request_BadRequest']
  ])('refuses %s with 400', async (_label, q, code) => {
    expectGraphError(await get(path({ ...q, $count: 'true' }), { headers: EVENTUAL }), 400, code);
  });
});

describe('GET /me/memberOf (no cast)', () => {
  const path = (q: Record<string, string> = {}) => `/v1.0/me/memberOf?${new URLSearchParams(q).toString()}`;

  it('every group the caller is in, each typed, the security group too; no header needed', async () => {
    const res = await get(path());
    expect(res.status).toBe(200);
    expect(res.json['@odata.context']).toBe(`${origin}/v1.0/$metadata#directoryObjects`);
    expect(names(res.json.value)).toEqual([
      'All staff security',
      'Contoso Team',
      'Leadership',
      'Marketing',
      'Product launch'
    ]);
    for (const g of res.json.value) expect(g['@odata.type']).toBe('#microsoft.graph.group');
    expect(res.json.value.find((g: { id: string }) => g.id === G.allStaffSecurity)).toMatchObject({
      '@odata.type': '#microsoft.graph.group',
      groupTypes: [],
      securityEnabled: true
    });
    expect(res.json['@odata.count']).toBeUndefined();
  });

  it('$count=true is silently ignored without ConsistencyLevel: eventual, honoured with it', async () => {
    const without = await get(path({ $count: 'true' }));
    expect(without.status).toBe(200);
    expect(without.json['@odata.count']).toBeUndefined();
    expect(without.json.value).toHaveLength(5);
    const withHeader = await get(path({ $count: 'true' }), { headers: EVENTUAL });
    expect(withHeader.json['@odata.count']).toBe(5);
  });

  it('$filter needs the header and $count=true; with both, only the Microsoft 365 groups', async () => {
    expectGraphError(await get(path({ $filter: UNIFIED })), 400, 'Request_UnsupportedQuery');
    expectGraphError(await get(path({ $filter: UNIFIED }), { headers: EVENTUAL }), 400, 'Request_UnsupportedQuery');
    expectGraphError(await get(path({ $filter: UNIFIED, $count: 'true' })), 400, 'Request_UnsupportedQuery');
    const res = await get(path({ $filter: UNIFIED, $count: 'true', $select: 'displayName' }), { headers: EVENTUAL });
    expect(res.status).toBe(200);
    expect(res.json['@odata.count']).toBe(4);
    expect(res.json.value[0]).toEqual({
      '@odata.type': '#microsoft.graph.group',
      id: expect.stringMatching(GUID),
      displayName: expect.any(String)
    });
    expect(names(res.json.value)).toEqual(['Contoso Team', 'Leadership', 'Marketing', 'Product launch']);
  });
});

describe('GET /groups/{id}', () => {
  it('returns a group with $select (plus id), member or not', async () => {
    const res = await get(`/v1.0/groups/${G.finance}?$select=displayName,visibility,groupTypes,mail`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      '@odata.context': `${origin}/v1.0/$metadata#groups(id,displayName,visibility,groupTypes,mail)/$entity`,
      id: G.finance,
      displayName: 'Finance (private)',
      visibility: 'Private',
      groupTypes: ['Unified'],
      mail: 'finance@contoso.test'
    });
  });

  it('returns non-Unified groups too, as Graph does', async () => {
    const res = await get(`/v1.0/groups/${G.allStaffSecurity.toUpperCase()}`);
    expect(res.json).toMatchObject({ id: G.allStaffSecurity, groupTypes: [], mailNickname: 'allstaffsecurity' });
  });

  it('404 Request_ResourceNotFound for an unknown id, 400 for a malformed one', async () => {
    expectGraphError(await get('/v1.0/groups/00000000-0000-4000-8000-000000000000'), 404, 'Request_ResourceNotFound');
    expectGraphError(await get('/v1.0/groups/not-a-guid'), 400, 'Request_BadRequest');
  });
});

describe('GET /users', () => {
  const filterPath = (ids: string[], select = 'id,displayName,mail,userPrincipalName') =>
    `/v1.0/users?$filter=${encodeURIComponent(`id in (${ids.map((i) => `'${i}'`).join(',')})`)}&$select=${select}`;

  it('`id in (...)` returns the known users with only the selected properties; unknown ids are absent', async () => {
    const res = await get(filterPath([U.megan, U.adele, U.diego, '00000000-0000-4000-8000-000000000000']));
    expect(res.status).toBe(200);
    expect(res.json['@odata.context']).toBe(`${origin}/v1.0/$metadata#users(id,displayName,mail,userPrincipalName)`);
    const byId = Object.fromEntries(res.json.value.map((u: { id: string }) => [u.id, u]));
    expect(Object.keys(byId).sort()).toEqual([U.megan, U.adele, U.diego].sort());
    expect(byId[U.megan]).toEqual({
      id: U.megan,
      displayName: 'Megan Bowen',
      mail: 'meganb@contoso.test',
      userPrincipalName: 'meganb@contoso.test'
    });
    expect(byId[U.diego]).toMatchObject({ mail: null, userPrincipalName: 'diegos@contoso.test' });
  });

  it('$count=true: silently ignored without ConsistencyLevel: eventual, @odata.count with it', async () => {
    const without = await get('/v1.0/users?$count=true');
    expect(without.status).toBe(200);
    expect(without.json['@odata.count']).toBeUndefined();
    expect(without.json.value).toHaveLength(SEED.users.length);
    expect((await get('/v1.0/users?$count=true', { headers: EVENTUAL })).json['@odata.count']).toBe(SEED.users.length);
    const filtered = await get(`${filterPath([U.megan, U.adele])}&$count=true`, { headers: EVENTUAL });
    expect(filtered.json['@odata.count']).toBe(2);
    expect((await get('/v1.0/users?$count=false', { headers: EVENTUAL })).json['@odata.count']).toBeUndefined();
  });

  it('more than 15 values → 400 Request_UnsupportedQuery; 15 are fine', async () => {
    const ids = Array.from({ length: 16 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expectGraphError(await get(filterPath(ids)), 400, 'Request_UnsupportedQuery');
    expect((await get(filterPath(ids.slice(0, 15)))).status).toBe(200);
  });

  it.each([
    ['an unclosed list', "id in ('a'"],
    ['a trailing comma', `id in ('${U.megan}',)`],
    ['a non-GUID id', "id in ('megan')"],
    ['gibberish', '%%%']
  ])('refuses %s with 400', async (_label, filter) => {
    const res = await get(`/v1.0/users?$filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toMatch(/BadRequest|UnsupportedQuery/);
  });

  it('GET /users/{id} by id or UPN; 404 Request_ResourceNotFound otherwise', async () => {
    expect((await get(`/v1.0/users/${U.lynne}?$select=mail`)).json).toEqual({
      '@odata.context': `${origin}/v1.0/$metadata#users(id,mail)/$entity`,
      id: U.lynne,
      mail: 'lynner@contoso.test'
    });
    expect((await get('/v1.0/users/LynneR@contoso.test')).json.id).toBe(U.lynne);
    expectGraphError(await get('/v1.0/users/00000000-0000-4000-8000-000000000000'), 404, 'Request_ResourceNotFound');
  });
});

describe('POST /groups/{id}/conversations', () => {
  it('201 with the conversation and its thread id; the post is stored as the caller', async () => {
    const res = await post(`/v1.0/groups/${G.marketing}/conversations`, newConversation(), {
      headers: { 'client-request-id': 'c-1' }
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      '@odata.context': `${origin}/v1.0/$metadata#groups('${G.marketing}')/conversations/$entity`,
      id: expect.stringMatching(OPAQUE_ID),
      topic: 'Launch date',
      hasAttachments: false,
      lastDeliveredDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      uniqueSenders: ['Alex Wilber'],
      preview: 'We ship on Friday.',
      'threads@odata.context': expect.stringContaining('/threads'),
      threads: [{ id: expect.stringMatching(OPAQUE_ID) }]
    });
    expect(res.headers.get('location')).toBe(`${origin}/v1.0/groups('${G.marketing}')/conversations('${res.json.id}')`);
    expect(res.headers.get('client-request-id')).toBe('c-1');

    const s = await state();
    expect(s.conversations).toEqual([
      {
        id: res.json.id,
        groupId: G.marketing,
        topic: 'Launch date',
        lastDeliveredDateTime: res.json.lastDeliveredDateTime,
        threads: [
          {
            id: res.json.threads[0].id,
            posts: [
              {
                id: expect.stringMatching(OPAQUE_ID),
                body: { contentType: 'html', content: '<p>We ship on <b>Friday</b>.</p>' },
                from: CURRENT_USER_ID,
                newParticipants: [{ emailAddress: { address: 'meganb@contoso.test' } }],
                createdDateTime: res.json.lastDeliveredDateTime
              }
            ]
          }
        ]
      }
    ]);
  });

  it(
    'anyone in the tenant may post to a public group; ' + 'a private group needs membership (403 ErrorAccessDenied)',
    async () => {
      expect((await post(`/v1.0/groups/${G.designGuild}/conversations`, newConversation())).status).toBe(201);
      expectGraphError(
        await post(`/v1.0/groups/${G.finance}/conversations`, newConversation()),
        403,
        'ErrorAccessDenied'
      );
      expect((await post(`/v1.0/groups/${G.finance}/conversations`, newConversation(), { token: MEGAN })).status).toBe(
        201
      );
      expect((await post(`/v1.0/groups/${G.leadership}/conversations`, newConversation())).status).toBe(201);
    }
  );

  it('404 for an unknown group and for a group without a mailbox (security group)', async () => {
    expectGraphError(
      await post('/v1.0/groups/00000000-0000-4000-8000-000000000000/conversations', newConversation()),
      404,
      'Request_ResourceNotFound'
    );
    expectGraphError(
      await post(`/v1.0/groups/${G.allStaffSecurity}/conversations`, newConversation()),
      404,
      'ResourceNotFound'
    );
    expect((await state()).conversations).toEqual([]);
  });

  it('invalid JSON → 400 BadRequest, a non-JSON content type → 415, a body over 1 MB → 413', async () => {
    const url = `/v1.0/groups/${G.marketing}/conversations`;
    expectGraphError(
      await call('POST', url, { rawBody: '{"topic":', headers: { 'Content-Type': 'application/json' } }),
      400,
      'BadRequest'
    );
    expectGraphError(
      await call('POST', url, {
        rawBody: JSON.stringify(newConversation()),
        headers: { 'Content-Type': 'text/plain' }
      }),
      415,
      'UnsupportedMediaType'
    );
    expectGraphError(
      await post(url, newConversation('Big', 'x'.repeat(1024 * 1024 + 10))),
      413,
      'RequestEntityTooLarge'
    );
    expect((await state()).conversations).toEqual([]);
  });

  const INVALID: Array<[string, unknown, string]> = [
    ['topic is a number', { ...newConversation(), topic: 5 }, 'RequestBodyRead'],
    ['topic is missing', { threads: newConversation().threads }, 'ErrorInvalidRequest'],
    ['topic is blank', newConversation('   '), 'ErrorInvalidRequest'],
    ['threads is missing', { topic: 't' }, 'ErrorInvalidRequest'],
    ['threads is empty', { topic: 't', threads: [] }, 'ErrorInvalidRequest'],
    ['a thread without posts', { topic: 't', threads: [{ posts: [] }] }, 'ErrorInvalidRequest'],
    [
      'contentType markdown',
      { topic: 't', threads: [{ posts: [{ body: { contentType: 'markdown', content: 'x' } }] }] },
      'RequestBodyRead'
    ],
    [
      'content is a number',
      { topic: 't', threads: [{ posts: [{ body: { contentType: 'text', content: 5 } }] }] },
      'RequestBodyRead'
    ],
    ['an unknown top-level property', { ...newConversation(), importance: 'high' }, 'RequestBodyRead'],
    [
      'an unknown post property',
      { topic: 't', threads: [{ posts: [{ body: { contentType: 'text', content: 'x' }, subject: 's' }] }] },
      'RequestBodyRead'
    ],
    [
      'a participant without address',
      {
        topic: 't',
        threads: [
          {
            posts: [{ body: { contentType: 'text', content: 'x' }, newParticipants: [{ emailAddress: { name: 'n' } }] }]
          }
        ]
      },
      'ErrorInvalidRequest'
    ],
    ['a participant address that is not one', newConversation('t', 'x', ['not-an-address']), 'ErrorInvalidRecipients'],
    ['an array body', [newConversation()], 'RequestBodyRead']
  ];

  it.each(INVALID)('400 when %s', async (_label, body, code) => {
    expectGraphError(await post(`/v1.0/groups/${G.marketing}/conversations`, body), 400, code);
  });
});

describe('the sandbox agrees with the official Graph conversation schema', () => {
  // Without ../shared/schemas the verdict is undefined and only the comparison with it is skipped.
  const verdict = conversationSchemaVerdict;

  it('validates its own 201 response as a microsoft.graph.conversation', async () => {
    const res = await post(`/v1.0/groups/${G.productLaunch}/conversations`, newConversation());
    expect(res.status).toBe(201);
    expect(() => assertValidConversationBody(res.json)).not.toThrow();
  });

  const text = (content: unknown, contentType: unknown = 'text') => ({ body: { contentType, content } });
  const BODIES: Array<[string, unknown]> = [
    ['the docs example', newConversation()],
    ['no participants', { topic: 't', threads: [{ posts: [text('hello')] }] }],
    ['a named participant', newConversation('t', 'x', [])],
    ['with hasAttachments false', { ...newConversation(), hasAttachments: false }],
    ['topic: 5', { ...newConversation(), topic: 5 }],
    ['threads as an object', { topic: 't', threads: { posts: [] } }],
    ['posts as a string', { topic: 't', threads: [{ posts: 'x' }] }],
    ['contentType markdown', { topic: 't', threads: [{ posts: [text('x', 'markdown')] }] }],
    ['content: 5', { topic: 't', threads: [{ posts: [text(5)] }] }],
    [
      'emailAddress as a string',
      { topic: 't', threads: [{ posts: [{ ...text('x'), newParticipants: [{ emailAddress: 'a@b.c' }] }] }] }
    ],
    ['uniqueSenders as a string', { ...newConversation(), uniqueSenders: 'x' }],
    ['hasAttachments as a string', { ...newConversation(), hasAttachments: 'no' }]
  ];

  it.each(BODIES)('same verdict for %s', async (_label, body) => {
    const res = await post(`/v1.0/groups/${G.marketing}/conversations`, body);
    const schemaSays = verdict(body);
    if (schemaSays !== undefined) expect(res.status === 201).toBe(schemaSays);
    expect([201, 400]).toContain(res.status);
  });

  it('is stricter than the schema only where Graph itself is (required fields, unknown properties)', async () => {
    for (const body of [
      { threads: newConversation().threads },
      { ...newConversation(), importance: 'high' },
      { topic: 't', threads: [] }
    ]) {
      const schemaSays = verdict(body);
      // The schema has no `required` and allows extra properties.
      if (schemaSays !== undefined) expect(schemaSays).toBe(true);
      expect((await post(`/v1.0/groups/${G.marketing}/conversations`, body)).status).toBe(400);
    }
  });
});

describe('reading conversations back and replying', () => {
  async function create(topic: string, groupId: string = G.marketing, token = ALEX) {
    const res = await post(`/v1.0/groups/${groupId}/conversations`, newConversation(topic, `<p>${topic} body</p>`), {
      token
    });
    expect(res.status).toBe(201);
    return { id: res.json.id as string, threadId: res.json.threads[0].id as string };
  }

  it('order newest: lists conversations newest first with $top paging, and gets one by id', async () => {
    await configure({ order: 'newest' });
    const a = await create('First');
    await create('Second');
    await create('Third');
    const page1 = await get(`/v1.0/groups/${G.marketing}/conversations?$top=2`);
    expect(page1.status).toBe(200);
    expect(page1.json.value.map((c: { topic: string }) => c.topic)).toEqual(['Third', 'Second']);
    const page2 = await get(page1.json['@odata.nextLink']);
    expect(page2.json.value.map((c: { topic: string }) => c.topic)).toEqual(['First']);
    expect(page2.json['@odata.nextLink']).toBeUndefined();

    const one = await get(`/v1.0/groups/${G.marketing}/conversations/${encodeURIComponent(a.id)}`);
    expect(one.json).toMatchObject({ id: a.id, topic: 'First', preview: 'First body', uniqueSenders: ['Alex Wilber'] });
    expectGraphError(await get(`/v1.0/groups/${G.marketing}/conversations/AAQkNOPE=`), 404, 'ErrorItemNotFound');
  });

  it('threads, one thread, its posts; a reply answers 202 with no body and bumps the conversation', async () => {
    await configure({ order: 'newest' });
    const first = await create('First');
    await create('Second');
    const threads = await get(`/v1.0/groups/${G.marketing}/threads`);
    expect(threads.json.value.map((t: { topic: string }) => t.topic)).toEqual(['Second', 'First']);
    const thread = await get(`/v1.0/groups/${G.marketing}/threads/${encodeURIComponent(first.threadId)}`);
    expect(thread.json).toMatchObject({
      id: first.threadId,
      topic: 'First',
      isLocked: false,
      toRecipients: [{ emailAddress: { name: 'Marketing', address: 'marketing@contoso.test' } }]
    });

    const reply = await post(
      `/v1.0/groups/${G.marketing}/threads/${encodeURIComponent(first.threadId)}/reply`,
      {
        post: {
          body: { contentType: 'text', content: 'Count me in' },
          newParticipants: [{ emailAddress: { name: 'Adele', address: 'adelev@contoso.test' } }]
        }
      },
      { token: MEGAN }
    );
    expect(reply.status).toBe(202);
    expect(reply.text).toBe('');

    const posts = await get(`/v1.0/groups/${G.marketing}/threads/${encodeURIComponent(first.threadId)}/posts`);
    expect(posts.json.value).toHaveLength(2);
    expect(posts.json.value[1]).toMatchObject({
      body: { contentType: 'text', content: 'Count me in' },
      // As Graph's list-posts example: `from` is the group, `sender` the person who wrote it.
      from: { emailAddress: { name: 'Marketing', address: 'marketing@contoso.test' } },
      sender: { emailAddress: { name: 'Megan Bowen', address: 'meganb@contoso.test' } },
      newParticipants: [{ emailAddress: { name: 'Adele', address: 'adelev@contoso.test' } }],
      conversationId: first.id,
      conversationThreadId: first.threadId
    });
    const list = await get(`/v1.0/groups/${G.marketing}/conversations`);
    expect(list.json.value[0]).toMatchObject({
      id: first.id,
      preview: 'Count me in',
      uniqueSenders: ['Alex Wilber', 'Megan Bowen']
    });

    const stored = (await state()).conversations.find((c: { id: string }) => c.id === first.id);
    expect(stored.threads[0].posts[1]).toMatchObject({ from: U.megan, body: { content: 'Count me in' } });
  });

  it('reply validates its body like a create', async () => {
    const { threadId } = await create('First');
    const url = `/v1.0/groups/${G.marketing}/threads/${encodeURIComponent(threadId)}/reply`;
    expectGraphError(await post(url, { body: { contentType: 'text', content: 'x' } }), 400, 'RequestBodyRead');
    expectGraphError(await post(url, { post: {} }), 400, 'ErrorInvalidRequest');
    expectGraphError(
      await post(`/v1.0/groups/${G.marketing}/threads/AAQkNOPE=/reply`, {
        post: { body: { contentType: 'text', content: 'x' } }
      }),
      404,
      'ErrorItemNotFound'
    );
  });

  it('a private group’s mailbox answers 403 to non-members on every route', async () => {
    const { id, threadId } = await create('Budget', G.finance, MEGAN);
    const base = `/v1.0/groups/${G.finance}`;
    for (const path of [
      '/conversations',
      `/conversations/${id}`,
      '/threads',
      `/threads/${threadId}`,
      `/threads/${threadId}/posts`
    ]) {
      expectGraphError(await get(base + path), 403, 'ErrorAccessDenied');
    }
    expectGraphError(
      await post(`${base}/threads/${threadId}/reply`, { post: { body: { contentType: 'text', content: 'x' } } }),
      403,
      'ErrorAccessDenied'
    );
    expect((await get(`${base}/conversations`, { token: MEGAN })).json.value).toHaveLength(1);
  });
});

describe('mailbox lists in each configured variation', () => {
  const CONVERSATIONS = `/v1.0/groups/${G.marketing}/conversations`;
  const THREADS = `/v1.0/groups/${G.marketing}/threads`;
  const topics = (value: Array<{ topic: string }>) => value.map((c) => c.topic);
  const numbered = (n: number, prefix = 'Conversation') =>
    Array.from({ length: n }, (_, i) => `${prefix} ${String(i + 1).padStart(3, '0')}`);

  /** `count` conversations in Marketing, topic 001 the newest, an hour apart. */
  async function seed(count: number, extra: object = {}) {
    const res = await call('POST', '/_sandbox/conversations', {
      token: null,
      body: { groupId: G.marketing, count, senderId: U.megan, newestAt: '2026-03-01T12:00:00Z', ...extra }
    });
    expect(res.status).toBe(201);
    return res.json.conversations as Array<{ id: string; topic: string; lastDeliveredDateTime: string }>;
  }

  /** Follows nextLinks exactly as given; every page's size and link. */
  async function pageThrough(first: string, headers?: Record<string, string>) {
    const pages: Array<{ value: any[]; nextLink?: string }> = [];
    let url: string | undefined = first;
    while (url !== undefined) {
      const res = await get(url, { headers });
      expect(res.status).toBe(200);
      pages.push({ value: res.json.value, nextLink: res.json['@odata.nextLink'] });
      url = res.json['@odata.nextLink'];
      expect(pages.length).toBeLessThan(50);
    }
    return pages;
  }

  async function postsOf(threadId: string) {
    return (await get(`/v1.0/groups/${G.marketing}/threads/${encodeURIComponent(threadId)}/posts`)).json.value;
  }

  describe('order', () => {
    it('unspecified (the default): neither newest- nor oldest-first, the same for identical requests', async () => {
      await seed(6);
      const once = await get(CONVERSATIONS);
      const again = await get(CONVERSATIONS);
      expect(once.status).toBe(200);
      const order = topics(once.json.value);
      expect([...order].sort()).toEqual(numbered(6));
      expect(order).not.toEqual(numbered(6));
      expect(order).not.toEqual(numbered(6).reverse());
      expect(topics(again.json.value)).toEqual(order);

      const threads = topics((await get(THREADS)).json.value);
      expect([...threads].sort()).toEqual(numbered(6));
      expect(threads).not.toEqual(numbered(6));
      expect(threads).not.toEqual(numbered(6).reverse());
    });

    it('unspecified, for every orderSeed tried: never newest- or oldest-first; the seed changes it', async () => {
      await seed(4);
      const seen = new Set<string>();
      for (let orderSeed = 0; orderSeed < 12; orderSeed++) {
        await configure({ orderSeed });
        const order = topics((await get(CONVERSATIONS)).json.value);
        expect(order).not.toEqual(numbered(4));
        expect(order).not.toEqual(numbered(4).reverse());
        seen.add(order.join());
      }
      expect(seen.size).toBeGreaterThan(1);
    });

    it("unspecified: a thread's posts and a conversation's threads are not in stored order either", async () => {
      const body = {
        topic: 'Many threads',
        threads: ['a', 'b', 'c'].map((content) => ({ posts: [{ body: { contentType: 'text', content } }] }))
      };
      const created = await post(CONVERSATIONS, body);
      expect(created.status).toBe(201);
      const threadIds = created.json.threads.map((t: { id: string }) => t.id);
      const listed = await get(`${CONVERSATIONS}/${encodeURIComponent(created.json.id)}/threads`);
      const listedIds = listed.json.value.map((t: { id: string }) => t.id);
      expect([...listedIds].sort()).toEqual([...threadIds].sort());
      expect(listedIds).not.toEqual(threadIds);
      expect(listedIds).not.toEqual([...threadIds].reverse());

      const thread = threadIds[0];
      for (const text of ['one', 'two', 'three'])
        await post(`${THREADS}/${encodeURIComponent(thread)}/reply`, {
          post: { body: { contentType: 'text', content: text } }
        });
      const stored = (await state()).conversations[0].threads.find((t: { id: string }) => t.id === thread);
      const storedIds = stored.posts.map((p: { id: string }) => p.id);
      const postIds = (await postsOf(thread)).map((p: { id: string }) => p.id);
      expect(storedIds).toHaveLength(4);
      expect([...postIds].sort()).toEqual([...storedIds].sort());
      expect(postIds).not.toEqual(storedIds);
      expect(postIds).not.toEqual([...storedIds].reverse());
    });

    it('newest: conversations and threads newest delivered first (not last added); posts as stored', async () => {
      await configure({ order: 'newest' });
      await seed(5);
      // Added last, delivered first: a day before the seeded ones.
      await call('POST', '/_sandbox/conversations', {
        token: null,
        body: {
          groupId: G.marketing,
          count: 1,
          senderId: U.megan,
          topicPrefix: 'Old',
          newestAt: '2026-02-28T00:00:00Z'
        }
      });
      expect(topics((await get(CONVERSATIONS)).json.value)).toEqual([...numbered(5), 'Old 001']);
      expect(topics((await get(THREADS)).json.value)).toEqual([...numbered(5), 'Old 001']);

      const { threads } = (await post(CONVERSATIONS, newConversation('Fresh', 'first'))).json;
      await post(`${THREADS}/${encodeURIComponent(threads[0].id)}/reply`, {
        post: { body: { contentType: 'text', content: 'second' } }
      });
      expect((await postsOf(threads[0].id)).map((p: any) => p.body.content)).toEqual(['first', 'second']);
      expect(topics((await get(CONVERSATIONS)).json.value)[0]).toBe('Fresh');
    });
  });

  describe('$orderby', () => {
    it('true (the default): lastDeliveredDateTime desc sorts the whole list before paging, any spelling', async () => {
      await seed(12);
      for (const orderby of [
        'lastDeliveredDateTime desc',
        'LastDeliveredDateTime   DESC',
        ' lastdelivereddatetime desc '
      ]) {
        const q = new URLSearchParams({ $orderby: orderby }).toString();
        const pages = await pageThrough(`${origin}${CONVERSATIONS}?${q}`);
        expect(pages.map((p) => p.value.length)).toEqual([10, 2]);
        expect(pages.flatMap((p) => topics(p.value))).toEqual(numbered(12));
      }
      const asc = await pageThrough(`${origin}${CONVERSATIONS}?$orderby=lastDeliveredDateTime%20asc`);
      expect(asc.flatMap((p) => topics(p.value))).toEqual(numbered(12).reverse());
      const bare = await pageThrough(`${origin}${THREADS}?$orderby=lastDeliveredDateTime`);
      expect(bare.flatMap((p) => topics(p.value))).toEqual(numbered(12).reverse());
      const threads = await get(`${THREADS}?$orderby=lastDeliveredDateTime%20desc`);
      expect(topics(threads.json.value)).toEqual(numbered(10));
    });

    it.each([
      ['topic', 'ErrorInvalidProperty', "The property 'topic' does not support sorting."],
      ['preview desc', 'ErrorInvalidProperty', "The property 'preview' does not support sorting."],
      ['nope desc', 'RequestBroker--ParseUri', expect.stringContaining("Could not find a property named 'nope'")],
      ['lastDeliveredDateTime sideways', 'BadRequest', expect.stringContaining('Invalid $orderby expression')],
      ['lastDeliveredDateTime desc,lastDeliveredDateTime asc', 'ErrorInvalidUrlQuery', expect.any(String)]
    ])('true: any other sort (%j) → 400 %s', async (orderby, code, message) => {
      await seed(3);
      for (const list of [CONVERSATIONS, THREADS]) {
        const res = await get(`${list}?${new URLSearchParams({ $orderby: orderby })}`);
        expectGraphError(res, 400, code);
        expect(res.json.error.message).toEqual(message);
      }
    });

    it('false: any $orderby → 400 ErrorInvalidUrlQuery, as an API without it; the list itself is fine', async () => {
      await seed(3);
      await configure({ orderby: false });
      for (const list of [CONVERSATIONS, THREADS]) {
        const res = await get(`${list}?$orderby=lastDeliveredDateTime%20desc`);
        expectGraphError(res, 400, 'ErrorInvalidUrlQuery');
        expect(res.json.error.message).toBe("The following parameters are not supported: '$orderby'.");
        expect((await get(list)).json.value).toHaveLength(3);
      }
    });

    it('ignored: accepted (200) and not applied, the list stays in the configured order', async () => {
      await seed(6);
      await configure({ orderby: 'ignored' });
      const plain = topics((await get(CONVERSATIONS)).json.value);
      const asked = await get(`${CONVERSATIONS}?$orderby=lastDeliveredDateTime%20desc`);
      expect(asked.status).toBe(200);
      expect(topics(asked.json.value)).toEqual(plain);
      expect(topics(asked.json.value)).not.toEqual(numbered(6));
      await configure({ order: 'newest' });
      const asc = await get(`${THREADS}?$orderby=lastDeliveredDateTime%20asc`);
      expect(topics(asc.json.value)).toEqual(numbered(6));
      // What is ignored is the sort, not a malformed request.
      expectGraphError(await get(`${CONVERSATIONS}?$orderby=topic`), 400, 'ErrorInvalidProperty');
    });

    it("a thread's posts and a conversation's threads refuse $orderby whatever the config", async () => {
      const [c] = await seed(1);
      const threads = `${CONVERSATIONS}/${encodeURIComponent(c!.id)}/threads`;
      const threadId = (await get(threads)).json.value[0].id;
      for (const orderby of [true, 'ignored'] as const) {
        await configure({ orderby });
        for (const list of [threads, `${THREADS}/${encodeURIComponent(threadId)}/posts`]) {
          const res = await get(`${list}?$orderby=lastDeliveredDateTime%20desc`);
          expectGraphError(res, 400, 'ErrorInvalidUrlQuery');
          expect(res.json.error.message).toBe("The following parameters are not supported: '$orderby'.");
        }
      }
    });
  });

  describe('paging and page size', () => {
    it.each(['skiptoken', 'skip'] as const)(
      '%s: 23 conversations with pageSize 5, nextLinks followed as given: no repeat, no gap',
      async (paging) => {
        await configure({ paging, pageSize: 5 });
        await seed(23);
        const q = '$select=topic,lastDeliveredDateTime&$top=7';
        const pages = await pageThrough(`${origin}${CONVERSATIONS}?${q}`);
        expect(pages.map((p) => p.value.length)).toEqual([5, 5, 5, 5, 3]);
        const seen = pages.flatMap((p) => topics(p.value));
        expect(new Set(seen).size).toBe(23);
        expect([...seen].sort()).toEqual(numbered(23));
        for (const [i, p] of pages.slice(0, -1).entries()) {
          const next = new URL(p.nextLink as string);
          expect(next.origin).toBe(origin);
          expect(next.pathname).toBe(CONVERSATIONS);
          expect(next.searchParams.get('$select')).toBe('topic,lastDeliveredDateTime');
          expect(next.searchParams.get('$top')).toBe('7');
          if (paging === 'skip') {
            expect(next.searchParams.get('$skip')).toBe(String(5 * (i + 1)));
            expect(next.searchParams.has('$skiptoken')).toBe(false);
          } else {
            expect(next.searchParams.get('$skiptoken')).toMatch(/^[A-Za-z0-9_-]+$/);
            expect(next.searchParams.has('$skip')).toBe(false);
          }
        }
        expect(pages.at(-1)?.nextLink).toBeUndefined();
      }
    );

    it.each(['skiptoken', 'skip'] as const)('%s: $orderby and $filter carry over into nextLinks', async (paging) => {
      await configure({ paging, pageSize: 5 });
      await seed(12);
      const q = new URLSearchParams({ $orderby: 'lastDeliveredDateTime desc', $filter: 'hasAttachments eq false' });
      const pages = await pageThrough(`${origin}${CONVERSATIONS}?${q}`);
      expect(pages.flatMap((p) => topics(p.value))).toEqual(numbered(12));
      for (const p of pages.slice(0, -1)) {
        const next = new URL(p.nextLink as string);
        expect(next.searchParams.get('$orderby')).toBe('lastDeliveredDateTime desc');
        expect(next.searchParams.get('$filter')).toBe('hasAttachments eq false');
      }
    });

    it('skiptoken refuses $skip; skip refuses $skiptoken, and $skip must be a non-negative integer', async () => {
      await seed(3);
      for (const list of [CONVERSATIONS, THREADS]) {
        const res = await get(`${list}?$skip=1`);
        expectGraphError(res, 400, 'ErrorInvalidUrlQuery');
        expect(res.json.error.message).toBe("The following parameters are not supported: '$skip'.");
      }
      const token = new URL((await get(`${CONVERSATIONS}?$top=1`)).json['@odata.nextLink'] as string).searchParams.get(
        '$skiptoken'
      );
      await configure({ paging: 'skip' });
      expectGraphError(await get(`${CONVERSATIONS}?$skiptoken=${token}`), 400, 'ErrorInvalidUrlQuery');
      for (const bad of ['-1', '1.5', 'two', ''])
        expectGraphError(await get(`${CONVERSATIONS}?$skip=${bad}`), 400, 'BadRequest');
      expect((await get(`${CONVERSATIONS}?$skip=2`)).json.value).toHaveLength(1);
      expect((await get(`${CONVERSATIONS}?$skip=9`)).json.value).toEqual([]);
    });

    it('$top above pageSize still gives pageSize; below it, $top; out of range → 400', async () => {
      await configure({ pageSize: 4 });
      await seed(9);
      expect((await get(`${CONVERSATIONS}?$top=50`)).json.value).toHaveLength(4);
      expect((await get(CONVERSATIONS)).json.value).toHaveLength(4);
      expect((await get(`${CONVERSATIONS}?$top=3`)).json.value).toHaveLength(3);
      expect((await get(`${THREADS}?$top=999`)).json.value).toHaveLength(4);
      expectGraphError(await get(`${CONVERSATIONS}?$top=0`), 400, 'Request_BadRequest');
      expectGraphError(await get(`${CONVERSATIONS}?$top=1001`), 400, 'Request_BadRequest');
      // The default page size is 10.
      await configure({ pageSize: 10 });
      expect((await get(`${CONVERSATIONS}?$top=50`)).json.value).toHaveLength(9);
    });

    it('directory lists keep their own $top rules (up to 999), whatever pageSize says', async () => {
      await configure({ pageSize: 1 });
      expect((await get('/v1.0/users?$top=5')).json.value).toHaveLength(5);
      expect((await get('/v1.0/me/memberOf?$top=3')).json.value).toHaveLength(3);
    });
  });

  describe('$filter on conversations', () => {
    it.each([
      ['hasAttachments eq false', numbered(4)],
      ['hasAttachments ne false', []],
      ["preview eq 'conversation 002.'", ['Conversation 002']],
      ["preview ne 'Conversation 002.'", ['Conversation 001', 'Conversation 003', 'Conversation 004']],
      ["preview ge 'Conversation 003'", ['Conversation 003', 'Conversation 004']],
      ["preview le 'Conversation 002.'", ['Conversation 001', 'Conversation 002']],
      [
        "hasAttachments eq false and (preview ge 'Conversation 002' and preview le 'Conversation 003.')",
        ['Conversation 002', 'Conversation 003']
      ]
    ])('accepts %j', async (filter, expected) => {
      await configure({ order: 'newest' });
      await seed(4);
      const res = await get(`${CONVERSATIONS}?${new URLSearchParams({ $filter: filter })}`);
      expect(res.status).toBe(200);
      expect(topics(res.json.value)).toEqual(expected);
    });

    it("a quote inside a literal is written ''", async () => {
      await post(CONVERSATIONS, newConversation('Quote', "It's done"));
      await post(CONVERSATIONS, newConversation('Other', 'Its done'));
      const res = await get(`${CONVERSATIONS}?${new URLSearchParams({ $filter: "preview eq 'It''s done'" })}`);
      expect(topics(res.json.value)).toEqual(['Quote']);
    });

    it.each([
      ["topic eq 'Conversation 001'", 'ErrorInvalidProperty', "The property 'topic' does not support filtering."],
      [
        'lastDeliveredDateTime ge 2026-01-01T00:00:00Z',
        'ErrorInvalidProperty',
        "The property 'lastDeliveredDateTime' does not support filtering."
      ],
      [
        "uniqueSenders/any(s:s eq 'Megan Bowen')",
        'ErrorInvalidProperty',
        "The property 'uniqueSenders' does not support filtering."
      ],
      ["preview gt 'a'", 'ErrorInvalidProperty', expect.stringContaining("'gt'")],
      ["contains(topic,'Conversation')", 'ErrorInvalidUrlQueryFilter', expect.any(String)],
      ["contains(preview,'Conversation')", 'ErrorInvalidUrlQueryFilter', expect.any(String)],
      ["preview eq 'a' or preview eq 'b'", 'ErrorInvalidUrlQueryFilter', expect.any(String)],
      ["hasAttachments eq 'false'", 'ErrorInvalidUrlQueryFilter', expect.any(String)],
      [
        'colour eq 1',
        'RequestBroker--ParseUri',
        "Could not find a property named 'colour' on type 'microsoft.graph.conversation'."
      ]
    ])('refuses %j with 400 %s', async (filter, code, message) => {
      await seed(2);
      const res = await get(`${CONVERSATIONS}?${new URLSearchParams({ $filter: filter })}`);
      expectGraphError(res, 400, code);
      expect(res.json.error.message).toEqual(message);
    });

    it('the other mailbox lists refuse $filter', async () => {
      const [c] = await seed(1);
      const threads = `${CONVERSATIONS}/${encodeURIComponent(c!.id)}/threads`;
      const threadId = (await get(threads)).json.value[0].id;
      for (const list of [THREADS, threads, `${THREADS}/${encodeURIComponent(threadId)}/posts`]) {
        const res = await get(`${list}?${new URLSearchParams({ $filter: 'hasAttachments eq false' })}`);
        expectGraphError(res, 400, 'ErrorInvalidUrlQuery');
        expect(res.json.error.message).toBe("The following parameters are not supported: '$filter'.");
      }
    });
  });

  describe('concurrencyScope', () => {
    /** Four slow requests to Marketing in flight, then one to Product launch. */
    async function fifthToAnotherMailbox() {
      await configure({ latencyMs: 400, mailboxConcurrency: 4 });
      const held = Array.from({ length: 4 }, () => get(CONVERSATIONS));
      await new Promise((r) => setTimeout(r, 150));
      const fifth = await get(`/v1.0/groups/${G.productLaunch}/conversations`);
      const statuses = (await Promise.all(held)).map((r) => r.status);
      return { fifth, statuses };
    }

    it('mailbox (the default): a 5th concurrent request to a different mailbox goes through', async () => {
      const { fifth, statuses } = await fifthToAnotherMailbox();
      expect(statuses).toEqual([200, 200, 200, 200]);
      expect(fifth.status).toBe(200);
    });

    it('app: a 5th concurrent request to another mailbox → 429 ApplicationThrottled, Retry-After: 1', async () => {
      await configure({ concurrencyScope: 'app' });
      const { fifth, statuses } = await fifthToAnotherMailbox();
      expect(statuses).toEqual([200, 200, 200, 200]);
      expectGraphError(fifth, 429, 'ApplicationThrottled');
      expect(fifth.headers.get('retry-after')).toBe('1');
      // The slots are released: the next request goes through.
      await configure({ latencyMs: 0 });
      expect((await get(`/v1.0/groups/${G.productLaunch}/conversations`)).status).toBe(200);
    });
  });
});

it('seeded user ids are the playground’s GUIDs', () => {
  for (const u of SEED.users) expect(u.id).toMatch(GUID);
});
