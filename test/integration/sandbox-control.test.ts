// The sandbox's control API and the failures it can stage: faults (429 with Retry-After, a lost
// answer after commit, a dropped connection, gateway HTML), latency, Outlook's per-mailbox
// concurrency limit, the list variations of the config; adding people, groups and conversations;
// reset, stats, persistence across restarts, and loopback-only binding.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  createGraphSandbox,
  CURRENT_USER_ID,
  DEFAULT_SANDBOX_CONFIG,
  SANDBOX_DB_FILE,
  SEED,
  SEED_GROUP_IDS as G,
  SEED_USER_IDS,
  type GraphSandbox
} from '../../src/sandbox';

const AUTH = { Authorization: `Bearer sandbox.${CURRENT_USER_ID}` };
const CONVERSATIONS = `/v1.0/groups/${G.marketing}/conversations`;
const BODY = {
  topic: 'Standup',
  threads: [
    {
      posts: [
        {
          body: { contentType: 'text', content: 'Moved to 10:00' },
          newParticipants: [{ emailAddress: { address: 'meganb@contoso.test' } }]
        }
      ]
    }
  ]
};

let sandbox: GraphSandbox;
let origin: string;

beforeAll(async () => {
  sandbox = createGraphSandbox({});
  ({ origin } = await sandbox.listen(0));
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await control('POST', '/_sandbox/reset');
  await control('POST', '/_sandbox/stats/reset');
});

async function control(method: string, p: string, body?: unknown, base = origin) {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  return { status: res.status, json: (await res.json()) as any };
}

async function postConversation(groupPath = CONVERSATIONS, base = origin) {
  const res = await fetch(`${base}${groupPath}`, {
    method: 'POST',
    headers: { ...AUTH, 'Content-Type': 'application/json' },
    body: JSON.stringify(BODY)
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text.startsWith('{') ? JSON.parse(text) : undefined };
}

const storedConversations = async (base = origin) =>
  (await control('GET', '/_sandbox/state', undefined, base)).json.conversations as unknown[];

describe('faults', () => {
  it('a 429 with Retry-After once, then the same request succeeds; nothing was created by the 429', async () => {
    const armed = await control('POST', '/_sandbox/faults', {
      method: 'POST',
      path: '/groups/[^/]+/conversations$',
      status: 429,
      retryAfter: 1
    });
    expect(armed.status).toBe(201);
    expect(armed.json).toMatchObject({ id: expect.any(Number), times: 1, remaining: 1, afterCommit: false });

    const first = await postConversation();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.json.error).toMatchObject({
      code: 'TooManyRequests',
      innerError: { 'request-id': expect.any(String) }
    });
    expect(await storedConversations()).toHaveLength(0);

    expect((await postConversation()).status).toBe(201);
    expect(await storedConversations()).toHaveLength(1);
    expect((await control('GET', '/_sandbox/faults')).json.faults).toEqual([]);
  });

  it('`times` answers that many requests; method and path must both match; `code` overrides', async () => {
    await control('POST', '/_sandbox/faults', {
      method: 'GET',
      path: 'memberOf',
      status: 503,
      times: 2,
      code: 'serviceNotAvailable'
    });
    expect((await postConversation()).status).toBe(201); // POST: not matched
    const groups = `${origin}/v1.0/me/memberOf`;
    for (let i = 0; i < 2; i++) {
      const res = await fetch(groups, { headers: AUTH });
      expect(res.status).toBe(503);
      expect(((await res.json()) as any).error.code).toBe('serviceNotAvailable');
    }
    expect((await fetch(groups, { headers: AUTH })).status).toBe(200);
  });

  it('afterCommit: the post is stored, yet the caller gets the 503 (a lost answer)', async () => {
    await control('POST', '/_sandbox/faults', {
      method: 'POST',
      path: 'conversations$',
      status: 503,
      afterCommit: true
    });
    const res = await postConversation();
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('ServiceNotAvailable');
    const stored = await storedConversations();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ topic: 'Standup', threads: [{ posts: [{ from: CURRENT_USER_ID }] }] });
  });

  it(
    'status 0 drops the connection: no HTTP answer at all; ' + 'before commit nothing is stored, after commit it is',
    async () => {
      await control('POST', '/_sandbox/faults', { method: 'POST', path: 'conversations$', status: 0 });
      await expect(postConversation()).rejects.toThrow();
      expect(await storedConversations()).toHaveLength(0);

      await control('POST', '/_sandbox/faults', {
        method: 'POST',
        path: 'conversations$',
        status: 0,
        afterCommit: true
      });
      await expect(postConversation()).rejects.toThrow();
      expect(await storedConversations()).toHaveLength(1);
    }
  );

  it('html: a gateway page instead of Graph JSON', async () => {
    await control('POST', '/_sandbox/faults', { path: 'conversations$', status: 502, html: true });
    const res = await postConversation();
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.text).toContain('<html>');
  });

  it('a fault without status only delays the request', async () => {
    await control('POST', '/_sandbox/faults', { path: 'conversations$', latencyMs: 150 });
    const started = Date.now();
    expect((await postConversation()).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('refuses a malformed fault and clears all with DELETE', async () => {
    expect((await control('POST', '/_sandbox/faults', { path: '(', status: 500 })).status).toBe(400);
    expect((await control('POST', '/_sandbox/faults', { path: 'x', status: 200 })).status).toBe(400);
    expect((await control('POST', '/_sandbox/faults', { path: 'x', status: 500, colour: 'red' })).status).toBe(400);
    await control('POST', '/_sandbox/faults', { path: 'x', status: 500 });
    expect((await control('GET', '/_sandbox/faults')).json.faults).toHaveLength(1);
    expect((await control('DELETE', '/_sandbox/faults')).json).toEqual({ faults: [] });
    expect((await control('GET', '/_sandbox/faults')).json.faults).toHaveLength(0);
  });
});

describe('latency and mailbox concurrency', () => {
  it('global latency applies to every /v1.0 request', async () => {
    expect((await control('POST', '/_sandbox/config', { latencyMs: 150 })).json).toEqual({
      ...DEFAULT_SANDBOX_CONFIG,
      latencyMs: 150
    });
    const started = Date.now();
    expect((await fetch(`${origin}/v1.0/me`, { headers: AUTH })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it(
    '5 parallel POSTs to one mailbox with limit 4 and 200 ms latency: ' +
      'exactly one 429 ApplicationThrottled, Retry-After: 1',
    async () => {
      await control('POST', '/_sandbox/config', { latencyMs: 200, mailboxConcurrency: 4 });
      const results = await Promise.all(Array.from({ length: 5 }, () => postConversation()));
      const throttled = results.filter((r) => r.status === 429);
      expect(throttled).toHaveLength(1);
      expect(throttled[0]?.headers.get('retry-after')).toBe('1');
      expect(throttled[0]?.json.error.code).toBe('ApplicationThrottled');
      expect(results.filter((r) => r.status === 201)).toHaveLength(4);
      expect(await storedConversations()).toHaveLength(4);
      // The slots are released: the next request goes through.
      expect((await postConversation()).status).toBe(201);
    }
  );

  it('the limit is per mailbox: another group is not affected', async () => {
    await control('POST', '/_sandbox/config', { latencyMs: 150, mailboxConcurrency: 1 });
    const results = await Promise.all([
      postConversation(),
      postConversation(`/v1.0/groups/${G.productLaunch}/conversations`)
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
  });

  it('refuses an invalid config', async () => {
    expect((await control('POST', '/_sandbox/config', { mailboxConcurrency: 0 })).status).toBe(400);
    expect((await control('POST', '/_sandbox/config', { latency: 5 })).status).toBe(400);
  });
});

describe('the list variations in the config', () => {
  const ALL_CHANGED = {
    latencyMs: 5,
    mailboxConcurrency: 2,
    concurrencyScope: 'app',
    order: 'newest',
    orderSeed: 42,
    orderby: 'ignored',
    paging: 'skip',
    pageSize: 3
  };

  it('GET shows every field with its default; POST changes only the fields given and answers the whole', async () => {
    expect((await control('GET', '/_sandbox/config')).json).toEqual({
      latencyMs: 0,
      mailboxConcurrency: 4,
      concurrencyScope: 'mailbox',
      order: 'unspecified',
      orderSeed: 1,
      orderby: true,
      paging: 'skiptoken',
      pageSize: 10
    });
    const changed = await control('POST', '/_sandbox/config', { order: 'newest', orderby: false });
    expect(changed).toEqual({ status: 200, json: { ...DEFAULT_SANDBOX_CONFIG, order: 'newest', orderby: false } });
    expect((await control('POST', '/_sandbox/config', ALL_CHANGED)).json).toEqual(ALL_CHANGED);
    expect((await control('GET', '/_sandbox/config')).json).toEqual(ALL_CHANGED);
  });

  it.each([
    ['an unknown field', { ordering: 'newest' }],
    ['order oldest', { order: 'oldest' }],
    ['order null', { order: null }],
    ['orderSeed 1.5', { orderSeed: 1.5 }],
    ['orderSeed as a string', { orderSeed: '1' }],
    ['orderby "yes"', { orderby: 'yes' }],
    ['paging offset', { paging: 'offset' }],
    ['pageSize 0', { pageSize: 0 }],
    ['pageSize 1001', { pageSize: 1001 }],
    ['pageSize 2.5', { pageSize: 2.5 }],
    ['concurrencyScope tenant', { concurrencyScope: 'tenant' }],
    ['an array', [{ order: 'newest' }]]
  ])('refuses %s with 400 BadRequest naming the field, changing nothing', async (_label, body) => {
    const res = await control('POST', '/_sandbox/config', body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('BadRequest');
    expect((await control('GET', '/_sandbox/config')).json).toEqual(DEFAULT_SANDBOX_CONFIG);
  });

  it('reset restores every field', async () => {
    await control('POST', '/_sandbox/config', ALL_CHANGED);
    expect((await control('POST', '/_sandbox/reset')).json.config).toEqual(DEFAULT_SANDBOX_CONFIG);
    expect((await control('GET', '/_sandbox/config')).json).toEqual(DEFAULT_SANDBOX_CONFIG);
    // The limit is back too: 4 concurrent requests to one mailbox go through (it was 2).
    await control('POST', '/_sandbox/config', { latencyMs: 150 });
    const statuses = await Promise.all(Array.from({ length: 4 }, () => postConversation()));
    expect(statuses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
  });

  it('createGraphSandbox({ config }) starts in that variant, reset returns to it; old options still work', async () => {
    const s = createGraphSandbox({ latencyMs: 20, config: { order: 'newest', paging: 'skip', pageSize: 2 } });
    try {
      const { origin: o } = await s.listen(0);
      const expected = { ...DEFAULT_SANDBOX_CONFIG, latencyMs: 20, order: 'newest', paging: 'skip', pageSize: 2 };
      expect((await control('GET', '/_sandbox/config', undefined, o)).json).toEqual(expected);
      for (let i = 0; i < 3; i++) expect((await postConversation(CONVERSATIONS, o)).status).toBe(201);
      const page = (await (await fetch(`${o}${CONVERSATIONS}`, { headers: AUTH })).json()) as any;
      expect(page.value).toHaveLength(2);
      expect(page['@odata.nextLink']).toMatch(/\$skip=2$/);
      await control('POST', '/_sandbox/config', { order: 'unspecified', pageSize: 10 }, o);
      expect((await control('POST', '/_sandbox/reset', undefined, o)).json.config).toEqual(expected);
    } finally {
      await s.close();
    }
    const legacy = createGraphSandbox({ mailboxConcurrency: 7 });
    try {
      const { origin: o } = await legacy.listen(0);
      expect((await control('GET', '/_sandbox/config', undefined, o)).json).toMatchObject({ mailboxConcurrency: 7 });
    } finally {
      await legacy.close();
    }
    expect(() => createGraphSandbox({ config: { pageSize: 0 } })).toThrow(/invalid Graph sandbox config: pageSize/);
  });
});

describe('adding conversations (POST /_sandbox/conversations)', () => {
  const { megan, adele } = SEED_USER_IDS;
  const add = (body: unknown) => control('POST', '/_sandbox/conversations', body);

  it('adds conversations delivered at newestAt, newestAt - spacing, …, topics zero-padded, stored', async () => {
    const res = await add({
      groupId: G.marketing.toUpperCase(),
      count: 3,
      senderId: megan,
      topicPrefix: 'Standup',
      newestAt: '2026-03-01T14:00:00.250+02:00',
      spacingMinutes: 90
    });
    expect(res.status).toBe(201);
    const conversations = res.json.conversations;
    expect(conversations).toEqual([
      {
        id: expect.stringMatching(/^AAQk[\w-]+=*$/),
        topic: 'Standup 001',
        lastDeliveredDateTime: '2026-03-01T12:00:00Z'
      },
      {
        id: expect.stringMatching(/^AAQk[\w-]+=*$/),
        topic: 'Standup 002',
        lastDeliveredDateTime: '2026-03-01T10:30:00Z'
      },
      {
        id: expect.stringMatching(/^AAQk[\w-]+=*$/),
        topic: 'Standup 003',
        lastDeliveredDateTime: '2026-03-01T09:00:00Z'
      }
    ]);
    const state = (await control('GET', '/_sandbox/state')).json;
    expect(state.conversations).toEqual(
      conversations.map((c: { id: string; topic: string; lastDeliveredDateTime: string }) => ({
        id: c.id,
        groupId: G.marketing,
        topic: c.topic,
        lastDeliveredDateTime: c.lastDeliveredDateTime,
        threads: [
          {
            id: expect.stringMatching(/^AAQk/),
            posts: [
              {
                id: expect.stringMatching(/^AAMk/),
                body: { contentType: 'text', content: `${c.topic}.` },
                from: megan,
                newParticipants: [],
                createdDateTime: c.lastDeliveredDateTime
              }
            ]
          }
        ]
      }))
    );

    // Graph lists them with those times; a conversation posted now is newer than all of them.
    await control('POST', '/_sandbox/config', { order: 'newest' });
    expect((await postConversation()).status).toBe(201);
    const listed = (await (await fetch(`${origin}${CONVERSATIONS}`, { headers: AUTH })).json()) as any;
    expect(listed.value.map((c: { topic: string }) => c.topic)).toEqual([
      'Standup',
      'Standup 001',
      'Standup 002',
      'Standup 003'
    ]);
    expect(listed.value[1]).toMatchObject({
      lastDeliveredDateTime: '2026-03-01T12:00:00Z',
      uniqueSenders: ['Megan Bowen']
    });

    await control('POST', '/_sandbox/reset');
    expect((await control('GET', '/_sandbox/state')).json.conversations).toEqual([]);
  });

  it('defaults: "Conversation <nnn>", delivered from now back, an hour apart; 500 at once', async () => {
    const before = Date.now();
    const res = await add({ groupId: G.productLaunch, count: 500, senderId: adele });
    expect(res.status).toBe(201);
    const conversations = res.json.conversations as Array<{ topic: string; lastDeliveredDateTime: string }>;
    expect(conversations).toHaveLength(500);
    expect(conversations[0]?.topic).toBe('Conversation 001');
    expect(conversations[499]?.topic).toBe('Conversation 500');
    const newest = Date.parse(conversations[0]?.lastDeliveredDateTime as string);
    expect(newest).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(newest).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(conversations[1]?.lastDeliveredDateTime as string)).toBe(newest - 3_600_000);
    expect(Date.parse(conversations[499]?.lastDeliveredDateTime as string)).toBe(newest - 499 * 3_600_000);
    expect(await storedConversations()).toHaveLength(500);
  });

  it.each([
    ['nothing', {}],
    ['no groupId', { count: 1, senderId: megan }],
    ['a groupId that is not a GUID', { groupId: 'marketing', count: 1, senderId: megan }],
    ['count 0', { groupId: G.marketing, count: 0, senderId: megan }],
    ['count 501', { groupId: G.marketing, count: 501, senderId: megan }],
    ['count 1.5', { groupId: G.marketing, count: 1.5, senderId: megan }],
    ['no senderId', { groupId: G.marketing, count: 1 }],
    ['a senderId that is not a GUID', { groupId: G.marketing, count: 1, senderId: 'meganb@contoso.test' }],
    ['an empty topicPrefix', { groupId: G.marketing, count: 1, senderId: megan, topicPrefix: ' ' }],
    [
      'a topicPrefix with a control character',
      { groupId: G.marketing, count: 1, senderId: megan, topicPrefix: 'a\nb' }
    ],
    ['newestAt not ISO', { groupId: G.marketing, count: 1, senderId: megan, newestAt: 'yesterday' }],
    ['newestAt without a zone', { groupId: G.marketing, count: 1, senderId: megan, newestAt: '2026-03-01T12:00:00' }],
    ['spacingMinutes -1', { groupId: G.marketing, count: 1, senderId: megan, spacingMinutes: -1 }],
    ['times before 1970', { groupId: G.marketing, count: 2, senderId: megan, newestAt: '1970-01-01T00:30:00Z' }],
    ['an unknown field', { groupId: G.marketing, count: 1, senderId: megan, threads: 2 }]
  ])('refuses %s with 400, adding nothing', async (_label, body) => {
    const res = await add(body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('BadRequest');
    expect(await storedConversations()).toEqual([]);
  });

  it.each([
    ['an unknown group', { groupId: '00000000-0000-4000-8000-000000000000', senderId: megan }, 'groupId'],
    ['a security group (no mailbox)', { groupId: G.allStaffSecurity, senderId: megan }, 'groupId'],
    ['an unknown sender', { groupId: G.marketing, senderId: '00000000-0000-4000-8000-000000000000' }, 'senderId']
  ])('404 for %s, adding nothing', async (_label, body, field) => {
    const res = await add({ count: 2, ...body });
    expect(res.status).toBe(404);
    expect(res.json.error).toEqual({ code: 'NotFound', message: expect.stringMatching(new RegExp(`^${field}: `)) });
    expect(await storedConversations()).toEqual([]);
  });
});

describe('reset, stats and the control API’s own guard', () => {
  it('reset restores the seed, clears faults and restores the config', async () => {
    await postConversation();
    await control('POST', '/_sandbox/faults', { path: 'x', status: 500 });
    await control('POST', '/_sandbox/config', { latencyMs: 50 });
    const reset = await control('POST', '/_sandbox/reset');
    expect(reset.json).toEqual({ reset: true, config: DEFAULT_SANDBOX_CONFIG });
    const s = (await control('GET', '/_sandbox/state')).json;
    expect(s.conversations).toEqual([]);
    expect(s.users.map((u: { id: string }) => u.id).sort()).toEqual(SEED.users.map((u) => u.id).sort());
    expect(s.groups).toHaveLength(SEED.groups.length);
    const leadership = s.groups.find((g: { id: string }) => g.id === G.leadership);
    expect(leadership.members.sort()).toEqual(
      [...(SEED.groups.find((g) => g.id === G.leadership)?.members ?? [])].sort()
    );
    expect((await control('GET', '/_sandbox/faults')).json.faults).toEqual([]);
  });

  it('stats count /v1.0 requests by method and route, whatever the answer', async () => {
    await postConversation();
    await fetch(`${origin}/v1.0/me/memberOf/microsoft.graph.group`, { headers: AUTH });
    await fetch(`${origin}/v1.0/me/memberOf/microsoft.graph.group`);
    await fetch(`${origin}/v1.0/nope`, { headers: AUTH });
    await control('GET', '/_sandbox/state'); // control calls are not Graph calls
    expect((await control('GET', '/_sandbox/stats')).json).toEqual({
      total: 4,
      byRoute: {
        'GET (unmatched)': 1,
        'GET /me/memberOf/microsoft.graph.group': 2,
        'POST /groups/{id}/conversations': 1
      }
    });
    expect((await control('POST', '/_sandbox/stats/reset')).json).toEqual({ total: 0, byRoute: {} });
  });

  it('refuses browser requests (Origin header) and unknown control routes', async () => {
    const res = await fetch(`${origin}/_sandbox/reset`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example' }
    });
    expect(res.status).toBe(403);
    expect((await control('GET', '/_sandbox/nope')).status).toBe(404);
  });
});

describe('adding people (POST /_sandbox/users)', () => {
  it(
    'adds people with GUID ids, names and mail, members of the given groups; ' +
      'they can call Graph and post; reset removes them',
    async () => {
      const added = await control('POST', '/_sandbox/users', {
        count: 3,
        groupIds: [G.leadership, G.finance.toUpperCase()]
      });
      expect(added.status).toBe(201);
      const users = added.json.users as Array<{
        id: string;
        displayName: string;
        mail: string;
        userPrincipalName: string;
      }>;
      expect(users).toHaveLength(3);
      expect(new Set(users.map((u) => u.id)).size).toBe(3);
      for (const [i, u] of users.entries()) {
        expect(u.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(u).toEqual({
          id: u.id,
          displayName: `Person ${i + 1}`,
          givenName: 'Person',
          surname: String(i + 1),
          mail: `person${i + 1}@${SEED.domain}`,
          userPrincipalName: `person${i + 1}@${SEED.domain}`
        });
      }
      // Numbering goes on from the people added before: names and addresses stay unique.
      const more = await control('POST', '/_sandbox/users', { count: 1 });
      expect(more.json.users[0]).toMatchObject({ displayName: 'Person 4', mail: `person4@${SEED.domain}` });

      // A new person signs in like a seeded one, sees exactly the groups given, and may post to a private one.
      const auth = { Authorization: `Bearer sandbox.${users[0]?.id}` };
      const me = await fetch(`${origin}/v1.0/me`, { headers: auth });
      expect(((await me.json()) as any).displayName).toBe('Person 1');
      const groups = await fetch(`${origin}/v1.0/me/memberOf`, { headers: auth });
      expect(((await groups.json()) as any).value.map((g: { id: string }) => g.id).sort()).toEqual(
        [G.finance, G.leadership].sort()
      );
      const posted = await fetch(`${origin}/v1.0/groups/${G.leadership}/conversations`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(BODY)
      });
      expect(posted.status).toBe(201);
      const state = (await control('GET', '/_sandbox/state')).json;
      expect(state.conversations[0].threads[0].posts[0].from).toBe(users[0]?.id);
      expect(state.groups.find((g: { id: string }) => g.id === G.finance).members).toEqual(
        expect.arrayContaining(users.map((u) => u.id))
      );
      expect(
        (await fetch(`${origin}/v1.0/me`, { headers: { Authorization: `Bearer sandbox.${more.json.users[0].id}` } }))
          .status
      ).toBe(200);

      await control('POST', '/_sandbox/reset');
      expect((await control('GET', '/_sandbox/state')).json.users).toHaveLength(SEED.users.length);
      expect((await fetch(`${origin}/v1.0/me`, { headers: auth })).status).toBe(401);
    }
  );

  it('refuses a bad request and an unknown group without adding anyone', async () => {
    for (const body of [
      {},
      { count: 0 },
      { count: 1001 },
      { count: 1.5 },
      { count: 1, groupIds: ['nope'] },
      { count: 1, colour: 'red' }
    ]) {
      expect({ body, status: (await control('POST', '/_sandbox/users', body)).status }).toEqual({ body, status: 400 });
    }
    const unknown = await control('POST', '/_sandbox/users', {
      count: 2,
      groupIds: [G.marketing, '00000000-0000-4000-8000-000000000000']
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toContain('00000000-0000-4000-8000-000000000000');
    expect((await control('GET', '/_sandbox/state')).json.users).toHaveLength(SEED.users.length);
  });
});

describe('adding groups (POST /_sandbox/groups)', () => {
  const { alex, megan } = SEED_USER_IDS;

  it(
    'adds Microsoft 365 groups with those members, names that sort in order and the visibility asked; ' +
      'a member lists, reads and posts to them, nobody else sees them; reset removes them',
    async () => {
      const added = await control('POST', '/_sandbox/groups', {
        count: 12,
        memberIds: [alex, megan.toUpperCase()],
        visibility: 'Public',
        namePrefix: 'Heavy'
      });
      expect(added.status).toBe(201);
      const groups = added.json.groups as Array<{ id: string; displayName: string }>;
      expect(groups).toHaveLength(12);
      expect(groups[0]).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), displayName: 'Heavy 0001' });
      expect(groups.map((g) => g.displayName)).toEqual([...groups.map((g) => g.displayName)].sort());
      expect(new Set(groups.map((g) => g.id)).size).toBe(12);

      const mine = await fetch(`${origin}/v1.0/me/memberOf?$top=999`, { headers: AUTH });
      const ids = ((await mine.json()) as any).value.map((g: { id: string }) => g.id);
      expect(ids).toEqual(expect.arrayContaining(groups.map((g) => g.id)));
      const one = await fetch(`${origin}/v1.0/groups/${groups[11]?.id}`, { headers: AUTH });
      expect(await one.json()).toMatchObject({
        displayName: 'Heavy 0012',
        visibility: 'Public',
        groupTypes: ['Unified'],
        mailEnabled: true,
        securityEnabled: false
      });
      expect((await postConversation(`/v1.0/groups/${groups[5]?.id}/conversations`)).status).toBe(201);
      const state = (await control('GET', '/_sandbox/state')).json;
      expect(state.groups.find((g: { id: string }) => g.id === groups[0]?.id).members.sort()).toEqual(
        [alex, megan].sort()
      );
      // Someone not in memberIds does not have them.
      const adele = { Authorization: `Bearer sandbox.${SEED_USER_IDS.adele}` };
      const theirs = await fetch(`${origin}/v1.0/me/memberOf?$top=999`, { headers: adele });
      const theirIds = ((await theirs.json()) as any).value.map((g: { id: string }) => g.id);
      expect(theirIds).not.toContain(groups[0]?.id);

      // Defaults: Private, "Group <n>", no members; mail nicknames stay unique across calls.
      const more = await control('POST', '/_sandbox/groups', { count: 1 });
      expect(more.json.groups[0].displayName).toBe('Group 0001');
      const fetched = await fetch(`${origin}/v1.0/groups/${more.json.groups[0].id}`, { headers: AUTH });
      expect(await fetched.json()).toMatchObject({ visibility: 'Private', mailNickname: 'added-group-13' });

      await control('POST', '/_sandbox/reset');
      expect((await control('GET', '/_sandbox/state')).json.groups).toHaveLength(SEED.groups.length);
    }
  );

  it('refuses a bad request and an unknown member without adding any group', async () => {
    for (const body of [
      {},
      { count: 0 },
      { count: 2001 },
      { count: 1.5 },
      { count: '3' },
      { count: 1, memberIds: ['nope'] },
      { count: 1, memberIds: Array.from({ length: 51 }, () => alex) },
      { count: 1, visibility: 'HiddenMembership' },
      { count: 1, namePrefix: '' },
      { count: 1, namePrefix: 'x'.repeat(65) },
      { count: 1, namePrefix: 'a\u0000b' },
      { count: 1, colour: 'red' }
    ]) {
      expect({ body, status: (await control('POST', '/_sandbox/groups', body)).status }).toEqual({ body, status: 400 });
    }
    const unknown = await control('POST', '/_sandbox/groups', {
      count: 2,
      memberIds: [alex, '00000000-0000-4000-8000-000000000000']
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toContain('00000000-0000-4000-8000-000000000000');
    expect((await control('GET', '/_sandbox/state')).json.groups).toHaveLength(SEED.groups.length);
  });
});

describe('process-level behaviour', () => {
  it('keeps its data across a restart on the same dataDir', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-sandbox-'));
    try {
      const first = createGraphSandbox({ dataDir });
      const a = await first.listen(0);
      expect((await postConversation(CONVERSATIONS, a.origin)).status).toBe(201);
      await first.close();
      expect(fs.existsSync(path.join(dataDir, SANDBOX_DB_FILE))).toBe(true);

      const second = createGraphSandbox({ dataDir });
      const b = await second.listen(0);
      try {
        const stored = await storedConversations(b.origin);
        expect(stored).toHaveLength(1);
        expect(stored[0]).toMatchObject({ topic: 'Standup', groupId: G.marketing });
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('binds to 127.0.0.1 whatever server.listen is given, and refuses another host', async () => {
    const s = createGraphSandbox({});
    try {
      await new Promise<void>((resolve) => s.server.listen(0, () => resolve()));
      expect((s.server.address() as AddressInfo).address).toBe('127.0.0.1');
    } finally {
      await s.close();
    }
    const t = createGraphSandbox({});
    expect(() => t.server.listen(0, '0.0.0.0')).toThrow(/127\.0\.0\.1/);
    await t.close();
  });

  it('uses the Host header for nextLinks (the origin the caller used)', async () => {
    const port = new URL(origin).port;
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port,
          path: '/v1.0/me/memberOf?$top=1',
          headers: { ...AUTH, Host: `localhost:${port}` }
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        }
      );
      req.on('error', reject);
    });
    expect(JSON.parse(body)['@odata.nextLink']).toMatch(new RegExp(`^http://localhost:${port}/v1\\.0/me/memberOf\\?`));
  });

  it('/v1.0 answers local tools only: a foreign Host (DNS rebinding), another port or any Origin → 403', async () => {
    const port = new URL(origin).port;
    const get = (path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path, headers: { ...AUTH, ...headers } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        });
        req.on('error', reject);
      });
    const before = (await control('GET', '/_sandbox/stats')).json;
    const foreign: Record<string, string>[] = [
      { Host: `evil.example.test:${port}` },
      { Host: '127.0.0.1:1' },
      { Host: `127.0.0.1:${port}`, Origin: 'https://evil.example' }
    ];
    for (const headers of foreign) {
      const res = await get('/v1.0/me', headers);
      expect([headers, res.status, res.body.error.code]).toEqual([headers, 403, 'Forbidden']);
      expect(JSON.stringify(res.body)).not.toContain(CURRENT_USER_ID);
    }
    // Refused before it counts as a Graph call; /_sandbox checks the port now too.
    expect((await control('GET', '/_sandbox/stats')).json).toEqual(before);
    expect((await get('/_sandbox/state', { Host: '127.0.0.1:1' })).status).toBe(403);
    expect((await get('/v1.0/me', { Host: `[::1]:${port}` })).status).toBe(200);
  });

  it('close() is safe to call twice and while a slow request is in flight', async () => {
    const s = createGraphSandbox({ latencyMs: 300 });
    const { origin: o } = await s.listen(0);
    const pending = fetch(`${o}/v1.0/me`, { headers: AUTH }).then(
      (r) => r.status,
      () => 'dropped'
    );
    await new Promise((r) => setTimeout(r, 50));
    await s.close();
    await s.close();
    expect(await pending).toBe('dropped');
  });
});
