// The GraphClient's conversation calls (list, thread lookup, reply, and the reconciliation's reads:
// who is asking, the thread's posts) against nock: exact paths, queries and bodies, how a page is
// followed (Graph's nextLink exactly as given, after checking where it points), and how failures map.
import nock from 'nock';
import { createHttpGraphClient } from '../../../src/graph/http-graph-client';
import { graphRejection } from '../../helpers/graph-rejection';
import { assertValidPost } from '../../helpers/graph-schema';
import { itWithSchema } from '../../helpers/shared-schemas';

const GRAPH = 'https://graph.microsoft.com';
const BASE = `${GRAPH}/v1.0`;
const TOKEN = 'tok';
const GROUP_ID = '0b7f4a52-8e3c-4d4e-9b1a-2f6f0c1d2e3a';
const SELECT = 'id,topic,preview,lastDeliveredDateTime,uniqueSenders,hasAttachments';
const ENCODED_SELECT = 'id%2Ctopic%2Cpreview%2ClastDeliveredDateTime%2CuniqueSenders%2ChasAttachments';
const NEWEST_FIRST = 'lastDeliveredDateTime desc';
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

const row = (n: number) => ({
  id: `AAQkConv${n}=`,
  topic: `Topic ${n}`,
  preview: `Preview ${n}`,
  lastDeliveredDateTime: `2026-11-2${n}T10:00:00Z`,
  uniqueSenders: ['Alex Wilber', 'Megan Bowen'],
  hasAttachments: n === 2
});

describe('listConversations', () => {
  it('asks for exactly $select and newest-first $orderby (no $top); rows and nextLink as given', async () => {
    // An opaque link, as Graph may write it: options in its own order, its own token.
    const options = `$orderby=lastDeliveredDateTime+desc&$select=${SELECT}&$skiptoken=RFNwdAIAAQ_p2`;
    const nextLink = `${GRAPH}${LIST_PATH}?${options}`;
    const scope = graph()
      .get(LIST_PATH)
      .query({ $select: SELECT, $orderby: NEWEST_FIRST })
      .reply(200, { value: [row(1), row(2)], '@odata.nextLink': nextLink });
    const paths = recordPaths(scope);

    const page = await client().listConversations(TOKEN, GROUP_ID);

    expect(paths).toEqual([`${LIST_PATH}?$select=${ENCODED_SELECT}&$orderby=lastDeliveredDateTime%20desc`]);
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
      nextLink,
      orderedByDelivery: true
    });
    expect(scope.isDone()).toBe(true);
  });

  it('matching selects only what it needs (no preview)', async () => {
    const scope = graph()
      .get(LIST_PATH)
      .query({ $select: 'id,topic,lastDeliveredDateTime,uniqueSenders', $orderby: NEWEST_FIRST })
      .reply(200, { value: [] });
    await expect(client().listConversations(TOKEN, GROUP_ID, { fields: 'match' })).resolves.toEqual({
      conversations: [],
      orderedByDelivery: true
    });
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['a skiptoken', `${BASE}/groups/${GROUP_ID}/conversations?$select=${SELECT}&$skiptoken=X%2B1%3D&extra=kept`],
    ['a $skip offset', `${BASE}/groups/${GROUP_ID}/conversations?$orderby=lastDeliveredDateTime%20desc&$skip=10`],
    ['the key in parentheses', `${BASE}/groups('${GROUP_ID.toUpperCase()}')/Conversations?$skiptoken=abc`]
  ])('a later page is asked for with the nextLink exactly as Graph gave it (%s), never rebuilt', async (_n, link) => {
    const url = new URL(link);
    const scope = graph()
      .get(`${url.pathname}${url.search}`)
      .reply(200, { value: [row(3)] });
    const paths = recordPaths(scope);
    const page = await client().listConversations(TOKEN, GROUP_ID, { page: link });
    expect(paths).toEqual([`${url.pathname}${url.search}`]);
    expect(page).toEqual({
      conversations: [expect.objectContaining({ id: 'AAQkConv3=' })],
      // Graph keeps the first request's options in its links: ordered only when $orderby is still there.
      orderedByDelivery: link.includes('$orderby')
    });
  });

  it.each([
    ['another host', 'https://evil.example.test/v1.0/groups/x/conversations?$skiptoken=abc'],
    ['plain http', `http://graph.microsoft.com${LIST_PATH}?$skiptoken=abc`],
    ['credentials in the URL', `https://me:pw@graph.microsoft.com${LIST_PATH}?$skiptoken=abc`],
    ['another collection', `${BASE}/users?$skiptoken=abc`],
    ["another group's conversations", `${BASE}/groups/0b7f4a52-8e3c-4d4e-9b1a-000000000000/conversations?$skip=5`],
    ['another API version', `${GRAPH}/beta/groups/${GROUP_ID}/conversations?$skip=5`],
    ['not a URL', 'groups/x/conversations?$skiptoken=abc']
  ])('a nextLink to %s is never followed: graph_unavailable, not an end of the list', async (_n, link) => {
    graph()
      .get(LIST_PATH)
      .query(true)
      .reply(200, { value: [row(1)], '@odata.nextLink': link });
    const elsewhere = nock(/.*/).get(/.*/).reply(200, { value: [] });
    expect(await graphRejection(client().listConversations(TOKEN, GROUP_ID))).toMatchObject({
      code: 'graph_unavailable',
      status: 200
    });
    // Nor when it comes back as the page to read (a stored cursor is checked again on use).
    expect((await graphRejection(client().listConversations(TOKEN, GROUP_ID, { page: link }))).code).toBe(
      'graph_unavailable'
    );
    expect(elsewhere.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('$orderby refused (400) → the same list without it, said to be in no particular order', async () => {
    const refused = graph()
      .get(LIST_PATH)
      .query({ $select: SELECT, $orderby: NEWEST_FIRST })
      .reply(400, graphError('ErrorInvalidUrlQuery'));
    const plain = graph()
      .get(LIST_PATH)
      .query({ $select: SELECT })
      .reply(200, { value: [row(1)] });
    const page = await client().listConversations(TOKEN, GROUP_ID);
    expect(refused.isDone() && plain.isDone()).toBe(true);
    expect(page).toEqual({ conversations: [expect.objectContaining({ id: 'AAQkConv1=' })], orderedByDelivery: false });
  });

  it('a 400 on the plain list too is graph_rejected; a 400 on a nextLink is not retried', async () => {
    graph().get(LIST_PATH).query(true).times(2).reply(400, graphError('BadRequest'));
    expect((await graphRejection(client().listConversations(TOKEN, GROUP_ID))).code).toBe('graph_rejected');
    const link = `${BASE}/groups/${GROUP_ID}/conversations?$skiptoken=abc`;
    const once = graph().get(LIST_PATH).query({ $skiptoken: 'abc' }).reply(400, graphError('BadRequest'));
    expect((await graphRejection(client().listConversations(TOKEN, GROUP_ID, { page: link }))).code).toBe(
      'graph_rejected'
    );
    expect(once.isDone()).toBe(true);
  });

  it('tolerates missing properties and drops rows without an id', async () => {
    graph()
      .get(LIST_PATH)
      .query(true)
      .reply(200, { value: [{ id: 'AAQkOnly=' }, { topic: 'no id' }] });
    const page = await client().listConversations(TOKEN, GROUP_ID);
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
    const err = await graphRejection(client().listConversations(TOKEN, GROUP_ID));
    expect(err.code).toBe(code);
    expect(err.status).toBe(status);
  });
});

describe('getConversationThreadId', () => {
  const threadsPath = `/v1.0/groups/${GROUP_ID}/conversations/${encodeURIComponent(CONV_ID)}/threads`;

  it('asks for the thread ids (no $top), the conversation id escaped in the path, and takes the first', async () => {
    const scope = graph()
      .get(threadsPath)
      .query({ $select: 'id' })
      .reply(200, { value: [{ id: THREAD_ID }, { id: 'AAQkOther=' }] });
    const paths = recordPaths(scope);
    await expect(client().getConversationThreadId(TOKEN, GROUP_ID, CONV_ID)).resolves.toBe(THREAD_ID);
    expect(paths).toEqual([`/v1.0/groups/${GROUP_ID}/conversations/AAQkAGI2%2BTgwLWJk%2FMz%3D%3D/threads?$select=id`]);
  });

  it('a conversation without threads, or one Graph no longer has (404) → conversation_not_found', async () => {
    graph().get(threadsPath).query(true).reply(200, { value: [] });
    expect((await graphRejection(client().getConversationThreadId(TOKEN, GROUP_ID, CONV_ID))).code).toBe(
      'conversation_not_found'
    );
    graph().get(threadsPath).query(true).reply(404, graphError('ErrorItemNotFound'));
    const err = await graphRejection(client().getConversationThreadId(TOKEN, GROUP_ID, CONV_ID));
    expect(err).toMatchObject({
      code: 'conversation_not_found',
      status: 404,
      graphCode: 'ErrorItemNotFound',
      requestId: 'req-1'
    });
  });

  it('403 stays access_denied', async () => {
    graph().get(threadsPath).query(true).reply(403, graphError('ErrorAccessDenied'));
    expect((await graphRejection(client().getConversationThreadId(TOKEN, GROUP_ID, CONV_ID))).code).toBe(
      'access_denied'
    );
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
    expect(await graphRejection(client().getMe(TOKEN))).toMatchObject({ code: 'graph_unavailable', status: 200 });
    meGet().reply(200, { mail: 'one@contoso.com' });
    expect(await graphRejection(client().getMe(TOKEN))).toMatchObject({ code: 'graph_unavailable', status: 200 });
  });
});

describe('listThreadPosts', () => {
  const postsPath = `/v1.0/groups/${GROUP_ID}/threads/${encodeURIComponent(THREAD_ID)}/posts`;
  const address = (name: string, mail: string) => ({ emailAddress: { name, address: mail } });

  it('asks for the escaped thread path with exactly $select (no $top), then follows nextLink as given', async () => {
    const escapedPath = `/v1.0/groups/${GROUP_ID}/threads/AAQkAGThr%2Bea%2Fd1%3D%3D/posts`;
    const nextLink = `${GRAPH}${escapedPath}?$select=id,from,sender,createdDateTime,body&$skip=10`;
    const scope = graph()
      .get(postsPath)
      .query({ $select: 'id,from,sender,createdDateTime,body' })
      .reply(200, { value: [], '@odata.nextLink': nextLink });
    const paths = recordPaths(scope);
    await expect(client().listThreadPosts(TOKEN, GROUP_ID, THREAD_ID)).resolves.toEqual({ posts: [], nextLink });
    expect(paths).toEqual([`${escapedPath}?$select=id%2Cfrom%2Csender%2CcreatedDateTime%2Cbody`]);
    const second = graph().get(`${escapedPath}?$select=id,from,sender,createdDateTime,body&$skip=10`).reply(200, {});
    await expect(client().listThreadPosts(TOKEN, GROUP_ID, THREAD_ID, { page: nextLink })).resolves.toEqual({
      posts: []
    });
    expect(second.isDone()).toBe(true);
  });

  it("a nextLink out of the thread's posts is refused before and after it is read", async () => {
    const elsewhere = `${BASE}/groups/${GROUP_ID}/threads/AAQkOtherThread=/posts?$skip=10`;
    graph().get(postsPath).query(true).reply(200, { value: [], '@odata.nextLink': elsewhere });
    expect((await graphRejection(client().listThreadPosts(TOKEN, GROUP_ID, THREAD_ID))).code).toBe('graph_unavailable');
    expect((await graphRejection(client().listThreadPosts(TOKEN, GROUP_ID, THREAD_ID, { page: elsewhere }))).code).toBe(
      'graph_unavailable'
    );
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
      const page = await client().listThreadPosts(TOKEN, GROUP_ID, THREAD_ID);
      expect(page.posts).toEqual([
        {
          id: 'p1',
          // The sender's name, not the group's: a followed thread's card says who wrote it.
          senderName: 'Joni Sherman',
          senderAddresses: ['jonis@contoso.test', 'hrtaskforce@contoso.test'],
          createdDateTime: '2026-11-27T10:00:00Z',
          body: { contentType: 'html', content: '<div>Hi</div>' }
        },
        {
          id: 'p2',
          senderName: 'Megan Bowen',
          senderAddresses: ['meganb@contoso.test'],
          createdDateTime: null,
          body: null
        },
        { id: 'p3', senderAddresses: [], createdDateTime: null, body: { contentType: 'html', content: 'no type' } }
      ]);
    }
  );

  it('a thread Graph no longer has (404) → conversation_not_found', async () => {
    graph().get(postsPath).query(true).reply(404, graphError('ErrorItemNotFound'));
    expect((await graphRejection(client().listThreadPosts(TOKEN, GROUP_ID, THREAD_ID))).code).toBe(
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
    expect((await graphRejection(client().replyToThread(TOKEN, GROUP_ID, THREAD_ID, body))).code).toBe(code);
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
