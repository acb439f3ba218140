// The GraphClient's conversation calls (list, thread lookup, reply, and the reconciliation's reads:
// who is asking, the thread's posts) against nock: exact paths, queries and bodies, how a page is
// named (a cursor, never a URL), and how failures map.
import nock from 'nock';
import { GraphRequestError } from '../../../src/core/errors';
import { createHttpGraphClient } from '../../../src/graph/http-graph-client';
import { cursorFromNextLink, cursorQuery, isPageCursor } from '../../../src/graph/page-cursor';
import { assertValidPost } from '../../helpers/graph-schema';
import { itWithSchema } from '../../helpers/shared-schemas';

const GRAPH = 'https://graph.microsoft.com';
const BASE = `${GRAPH}/v1.0`;
const TOKEN = 'tok';
const GROUP_ID = '0b7f4a52-8e3c-4d4e-9b1a-2f6f0c1d2e3a';
const SELECT = 'id,topic,preview,lastDeliveredDateTime,uniqueSenders,hasAttachments';
const LIST_PATH = `/v1.0/groups/${GROUP_ID}/conversations`;
// Outlook ids use the whole base64 alphabet: `+`, `/` and `=` must be escaped in a path.
const CONV_ID = 'AAQkAGI2+TgwLWJk/Mz==';
const THREAD_ID = 'AAQkAGThr+ea/d1==';

const client = () => createHttpGraphClient({ baseUrl: BASE });
const graph = () =>
  nock(GRAPH).matchHeader('authorization', `Bearer ${TOKEN}`).matchHeader('accept', 'application/json');
const graphError = (code: string) => ({
  error: { code, message: 'prose', innerError: { 'request-id': 'req-1', date: '2026-01-01T00:00:00' } }
});

function recordPaths(scope: nock.Scope): string[] {
  const paths: string[] = [];
  scope.on('request', (req: { path: string }) => paths.push(req.path));
  return paths;
}

async function rejection(promise: Promise<unknown>): Promise<GraphRequestError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(GraphRequestError);
  return err as GraphRequestError;
}

const row = (n: number) => ({
  id: `AAQkConv${n}=`,
  topic: `Topic ${n}`,
  preview: `Preview ${n}`,
  lastDeliveredDateTime: `2026-11-2${n}T10:00:00Z`,
  uniqueSenders: ['Alex Wilber', 'Megan Bowen'],
  hasAttachments: n === 2
});

describe('listConversations', () => {
  it(
    'asks for exactly $top and $select on the group, ' + 'and returns the rows and a cursor (not the nextLink)',
    async () => {
      const scope = graph()
        .get(LIST_PATH)
        .query({ $top: '5', $select: SELECT })
        .reply(200, {
          value: [row(1), row(2)],
          '@odata.nextLink': `${GRAPH}${LIST_PATH}?$top=5&$select=${SELECT}&$skiptoken=RFNwdAIAAQ_page2`
        });
      const paths = recordPaths(scope);

      const page = await client().listConversations(TOKEN, GROUP_ID, { top: 5 });

      expect(paths).toEqual([
        `${LIST_PATH}?$top=5&$select=id%2Ctopic%2Cpreview%2ClastDeliveredDateTime%2CuniqueSenders%2ChasAttachments`
      ]);
      expect(page).toEqual({
        conversations: [
          {
            id: 'AAQkConv1=',
            topic: 'Topic 1',
            preview: 'Preview 1',
            lastDeliveredDateTime: '2026-11-21T10:00:00Z',
            uniqueSenders: ['Alex Wilber', 'Megan Bowen'],
            hasAttachments: false
          },
          {
            id: 'AAQkConv2=',
            topic: 'Topic 2',
            preview: 'Preview 2',
            lastDeliveredDateTime: '2026-11-22T10:00:00Z',
            uniqueSenders: ['Alex Wilber', 'Megan Bowen'],
            hasAttachments: true
          }
        ],
        cursor: 'RFNwdAIAAQ_page2'
      });
      expect(scope.isDone()).toBe(true);
    }
  );

  it('asks for a later page by rebuilding the URL from the group id and the cursor', async () => {
    const scope = graph()
      .get(LIST_PATH)
      .query({ $top: '5', $select: SELECT, $skiptoken: 'RFNwdAIAAQ_page2' })
      .reply(200, { value: [row(3)] });
    const page = await client().listConversations(TOKEN, GROUP_ID, { top: 5, cursor: 'RFNwdAIAAQ_page2' });
    expect(page).toEqual({ conversations: [expect.objectContaining({ id: 'AAQkConv3=' })], cursor: undefined });
    expect(scope.isDone()).toBe(true);
  });

  it('a nextLink pointing elsewhere is never followed: only its skiptoken is kept', async () => {
    graph()
      .get(LIST_PATH)
      .query(true)
      .reply(200, { value: [row(1)], '@odata.nextLink': 'https://evil.example.test/steal?$skiptoken=abc123' });
    const evil = nock('https://evil.example.test').get(/.*/).reply(200, {});
    const first = await client().listConversations(TOKEN, GROUP_ID, { top: 5 });
    expect(first.cursor).toBe('abc123');
    const second = graph()
      .get(LIST_PATH)
      .query({ $top: '5', $select: SELECT, $skiptoken: 'abc123' })
      .reply(200, { value: [] });
    await client().listConversations(TOKEN, GROUP_ID, { top: 5, cursor: first.cursor });
    expect(second.isDone()).toBe(true);
    expect(evil.isDone()).toBe(false);
  });

  it('an Outlook-style $skip nextLink becomes a skip: cursor and goes back as $skip', async () => {
    graph()
      .get(LIST_PATH)
      .query(true)
      .reply(200, { value: [row(1)], '@odata.nextLink': `${BASE}/groups/${GROUP_ID}/conversations?$top=5&$skip=5` });
    const first = await client().listConversations(TOKEN, GROUP_ID, { top: 5 });
    expect(first.cursor).toBe('skip:5');
    const second = graph().get(LIST_PATH).query({ $top: '5', $select: SELECT, $skip: '5' }).reply(200, { value: [] });
    await client().listConversations(TOKEN, GROUP_ID, { top: 5, cursor: first.cursor });
    expect(second.isDone()).toBe(true);
  });

  it('refuses a cursor that is not one, before any request', async () => {
    const scope = graph().get(/.*/).reply(200, { value: [] });
    for (const cursor of ['https://evil.example.test/x', 'a&$filter=x', 'a b', '', 'x'.repeat(2049)]) {
      await expect(client().listConversations(TOKEN, GROUP_ID, { top: 5, cursor })).rejects.toThrow(
        'not a page cursor'
      );
    }
    expect(scope.isDone()).toBe(false);
  });

  it('tolerates missing properties and drops rows without an id', async () => {
    graph()
      .get(LIST_PATH)
      .query(true)
      .reply(200, { value: [{ id: 'AAQkOnly=' }, { topic: 'no id' }] });
    const page = await client().listConversations(TOKEN, GROUP_ID, { top: 5 });
    expect(page.conversations).toEqual([
      { id: 'AAQkOnly=', topic: '', preview: '', lastDeliveredDateTime: null, uniqueSenders: [], hasAttachments: false }
    ]);
  });

  it.each([
    [403, 'access_denied'],
    [404, 'group_not_found'],
    [429, 'throttled'],
    [503, 'graph_unavailable']
  ] as const)('Graph answering %i → %s', async (status, code) => {
    graph().get(LIST_PATH).query(true).reply(status, graphError('Whatever'), { 'Retry-After': '3' });
    const err = await rejection(client().listConversations(TOKEN, GROUP_ID, { top: 5 }));
    expect(err.code).toBe(code);
    expect(err.status).toBe(status);
  });
});

describe('getConversationThreadId', () => {
  const threadsPath = `/v1.0/groups/${GROUP_ID}/conversations/${encodeURIComponent(CONV_ID)}/threads`;

  it('asks for one thread id, with the conversation id escaped in the path', async () => {
    const scope = graph()
      .get(threadsPath)
      .query({ $select: 'id', $top: '1' })
      .reply(200, { value: [{ id: THREAD_ID }] });
    const paths = recordPaths(scope);
    await expect(client().getConversationThreadId(TOKEN, GROUP_ID, CONV_ID)).resolves.toBe(THREAD_ID);
    expect(paths).toEqual([
      `/v1.0/groups/${GROUP_ID}/conversations/AAQkAGI2%2BTgwLWJk%2FMz%3D%3D/threads?$select=id&$top=1`
    ]);
  });

  it('a conversation without threads, or one Graph no longer has (404) → conversation_not_found', async () => {
    graph().get(threadsPath).query(true).reply(200, { value: [] });
    expect((await rejection(client().getConversationThreadId(TOKEN, GROUP_ID, CONV_ID))).code).toBe(
      'conversation_not_found'
    );
    graph().get(threadsPath).query(true).reply(404, graphError('ErrorItemNotFound'));
    const err = await rejection(client().getConversationThreadId(TOKEN, GROUP_ID, CONV_ID));
    expect(err).toMatchObject({
      code: 'conversation_not_found',
      status: 404,
      graphCode: 'ErrorItemNotFound',
      requestId: 'req-1'
    });
  });

  it('403 stays access_denied', async () => {
    graph().get(threadsPath).query(true).reply(403, graphError('ErrorAccessDenied'));
    expect((await rejection(client().getConversationThreadId(TOKEN, GROUP_ID, CONV_ID))).code).toBe('access_denied');
  });
});

describe('getMe', () => {
  const ME_ID = '00000000-0000-4000-8000-000000000001';
  // The same properties as resolveUsers asks for: the person is named the same way.
  const meGet = () => graph().get('/v1.0/me').query({ $select: 'id,displayName,mail,userPrincipalName' });

  it(
    'names the person as a participant is named: ' + 'mail, else the UPN; the address when there is no display name',
    async () => {
      meGet().reply(200, {
        id: ME_ID,
        displayName: 'One',
        mail: 'one@contoso.com',
        userPrincipalName: 'one@contoso.onmicrosoft.com'
      });
      await expect(client().getMe(TOKEN)).resolves.toEqual({
        id: ME_ID,
        displayName: 'One',
        address: 'one@contoso.com'
      });
      meGet().reply(200, { id: ME_ID, displayName: '', mail: null, userPrincipalName: 'two@contoso.com' });
      await expect(client().getMe(TOKEN)).resolves.toEqual({
        id: ME_ID,
        displayName: 'two@contoso.com',
        address: 'two@contoso.com'
      });
    }
  );

  it('an answer without an id or any address → graph_unavailable', async () => {
    meGet().reply(200, { id: ME_ID, displayName: 'One', mail: null });
    expect(await rejection(client().getMe(TOKEN))).toMatchObject({ code: 'graph_unavailable', status: 200 });
    meGet().reply(200, { mail: 'one@contoso.com' });
    expect(await rejection(client().getMe(TOKEN))).toMatchObject({ code: 'graph_unavailable', status: 200 });
  });
});

describe('listThreadPosts', () => {
  const postsPath = `/v1.0/groups/${GROUP_ID}/threads/${encodeURIComponent(THREAD_ID)}/posts`;
  const address = (name: string, mail: string) => ({ emailAddress: { name, address: mail } });

  it('asks for the posts of the escaped thread path with exactly $select and $top', async () => {
    const scope = graph()
      .get(postsPath)
      .query({ $select: 'id,from,sender,createdDateTime,body', $top: '50' })
      .reply(200, { value: [] });
    const paths = recordPaths(scope);
    await expect(client().listThreadPosts(TOKEN, GROUP_ID, THREAD_ID, 50)).resolves.toEqual([]);
    const escapedPath = `/v1.0/groups/${GROUP_ID}/threads/AAQkAGThr%2Bea%2Fd1%3D%3D/posts`;
    expect(paths).toEqual([`${escapedPath}?$select=id%2Cfrom%2Csender%2CcreatedDateTime%2Cbody&$top=50`]);
  });

  it(
    "gives both addresses a post names, its sender's (the person) and its from's (the group, " +
      "in Graph's example), so a match on either finds the person's post",
    async () => {
      graph()
        .get(postsPath)
        .query(true)
        .reply(200, {
          value: [
            {
              id: 'p1',
              createdDateTime: '2026-11-27T10:00:00Z',
              body: { contentType: 'html', content: '<div>Hi</div>' },
              from: address('HR Taskforce', 'hrtaskforce@contoso.test'),
              sender: address('Joni Sherman', 'jonis@contoso.test')
            },
            { id: 'p2', from: address('Megan Bowen', 'meganb@contoso.test') },
            { id: 'p3', body: { content: 'no type' } },
            { createdDateTime: '2026-11-27T10:00:00Z' }
          ]
        });
      await expect(client().listThreadPosts(TOKEN, GROUP_ID, THREAD_ID, 50)).resolves.toEqual([
        {
          id: 'p1',
          senderAddresses: ['jonis@contoso.test', 'hrtaskforce@contoso.test'],
          createdDateTime: '2026-11-27T10:00:00Z',
          body: { contentType: 'html', content: '<div>Hi</div>' }
        },
        { id: 'p2', senderAddresses: ['meganb@contoso.test'], createdDateTime: null, body: null },
        { id: 'p3', senderAddresses: [], createdDateTime: null, body: { contentType: 'html', content: 'no type' } }
      ]);
    }
  );

  it('a thread Graph no longer has (404) → conversation_not_found', async () => {
    graph().get(postsPath).query(true).reply(404, graphError('ErrorItemNotFound'));
    expect((await rejection(client().listThreadPosts(TOKEN, GROUP_ID, THREAD_ID, 1))).code).toBe(
      'conversation_not_found'
    );
  });
});

describe('replyToThread', () => {
  const replyPath = `/v1.0/groups/${GROUP_ID}/threads/AAQkAGThr%2Bea%2Fd1%3D%3D/reply`;
  const body = {
    post: {
      body: { contentType: 'html' as const, content: 'Thanks &amp; see you<br>tomorrow' },
      newParticipants: [{ emailAddress: { name: 'Megan Bowen', address: 'meganb@contoso.test' } }]
    }
  };

  it('POSTs exactly the body as JSON to the escaped thread path and accepts 202 with no body', async () => {
    const seen: unknown[] = [];
    const scope = graph()
      .matchHeader('content-type', 'application/json')
      .post(replyPath, (b) => {
        seen.push(b);
        return true;
      })
      .reply(202);
    await expect(client().replyToThread(TOKEN, GROUP_ID, THREAD_ID, body)).resolves.toBeUndefined();
    expect(scope.isDone()).toBe(true);
    expect(seen).toEqual([body]);
  });

  it.each([
    [404, 'conversation_not_found'],
    [403, 'access_denied'],
    [400, 'graph_rejected'],
    [429, 'throttled'],
    [503, 'graph_unavailable']
  ] as const)('Graph answering %i → %s', async (status, code) => {
    graph().post(replyPath).reply(status, graphError('Whatever'));
    expect((await rejection(client().replyToThread(TOKEN, GROUP_ID, THREAD_ID, body))).code).toBe(code);
  });
});

describe('page cursors', () => {
  it('accepts skiptokens (URL-safe, bounded) and skip:N, nothing else', () => {
    for (const ok of ['RFNwdAIAAQ_x-y.z~', "X'4453707402'", 'a+b/c==', 'skip:10', 'x'.repeat(2048)])
      expect(isPageCursor(ok)).toBe(true);
    for (const bad of [
      '',
      'a b',
      'a&b',
      'a?b',
      'a#b',
      'https://x.test/',
      'skip:',
      'skip:1234567',
      'x'.repeat(2049),
      42,
      null
    ])
      expect(isPageCursor(bad)).toBe(false);
  });

  it('reads the cursor out of a nextLink, absolute or relative, any case of the option name', () => {
    expect(cursorFromNextLink(`${BASE}/groups/g/conversations?$top=5&$skiptoken=abc%2B1`)).toBe('abc+1');
    expect(cursorFromNextLink('groups/g/conversations?$skipToken=abc')).toBe('abc');
    expect(cursorFromNextLink(`${BASE}/x?$skip=15`)).toBe('skip:15');
    expect(cursorFromNextLink(`${BASE}/x?$top=5`)).toBeUndefined();
    expect(cursorFromNextLink(`${BASE}/x?$skiptoken=has%20space`)).toBeUndefined();
    expect(cursorFromNextLink(undefined)).toBeUndefined();
    expect(cursorFromNextLink('')).toBeUndefined();
  });

  it('turns a cursor back into query options', () => {
    expect(cursorQuery(undefined)).toEqual({});
    expect(cursorQuery('abc')).toEqual({ $skiptoken: 'abc' });
    expect(cursorQuery('skip:20')).toEqual({ $skip: '20' });
    expect(() => cursorQuery('a&b')).toThrow();
  });
});

describe("reply body against Graph's post schema", () => {
  itWithSchema('graph-conversation.schema.json', 'the reply post is a valid microsoft.graph.post', () => {
    assertValidPost({
      body: { contentType: 'html', content: 'x' },
      newParticipants: [{ emailAddress: { name: 'A', address: 'a@contoso.test' } }]
    });
    expect(() => assertValidPost({ body: { contentType: 'markdown', content: 'x' } })).toThrow();
  });
});
