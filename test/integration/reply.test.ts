// Reply over HTTP. Local mode against nock'd Graph: opening the form (thread known, or looked up),
// posting once, validation, Graph failures, the Action.Submit fallback. Teams mode: the SSO token
// is exchanged on-behalf-of and the reply is posted with the person's own Graph token.
import nock from 'nock';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { ALICE, BOB, BOT_ID, OAUTH_CONNECTION_NAME, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { cardAttachments, createInvoke, fixture } from '../helpers/fixtures';
import {
  GRAPH,
  expectOnBehalfOf,
  nockCreateConversation,
  nockGetGroup,
  nockResolveUsers,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';
import { cardAction, executeCardAction, nockReply, nockThreadLookup } from '../helpers/conversation-nock';
import { assertValidCard } from '../helpers/card-schema';
import { banner, cardTexts, cardTitle, facts, findAction, findInput, inputValues } from '../helpers/card-readers';
import { assertValidPost } from '../helpers/graph-schema';
import { describeError } from '../../src/core/describe-error';
import { AppError, type ErrorCode } from '../../src/core/errors';
import { markdownSafe } from '../../src/core/markdown-safe';
import { notice, say } from '../../src/core/words';
import { signInLink } from '../helpers/sign-in';

const LOCAL_TOKEN = `sandbox.${ALICE.aadObjectId}`;
const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const CONVERSATION_ID = 'AAQkAGConversation1=';
const THREAD_ID = 'AAQkAGThread1+/=';
const REF = { groupId: GROUP.id, conversationId: CONVERSATION_ID, threadId: THREAD_ID, topic: 'Quarterly planning' };
const DRAFT_ID = 'd0000000-0000-4000-8000-00000000e001';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Node = Record<string, any>;
const described = (code: ErrorCode) => {
  const { title, text } = describeError(new AppError(code, 'x'), 'reply');
  return { title, text };
};
const replyData = (over: Record<string, unknown> = {}) => ({
  draftId: DRAFT_ID,
  ...REF,
  body: 'Thanks all,\n<b>see</b> you & bye',
  participants: '',
  otherEmails: '',
  ...over
});

describe('Local mode: reply', () => {
  const bot = useTestBot({ env: { GRAPH_BASE_URL: `${GRAPH}/v1.0` } });
  const act = (verb: string, data: Record<string, unknown>) => executeCardAction(bot, verb, data);

  it('Reply on the confirmation card → the reply form for that thread, without asking Graph', async () => {
    nockGetGroup(LOCAL_TOKEN, GROUP);
    nockCreateConversation(LOCAL_TOKEN, GROUP.id, [], {
      status: 201,
      body: { id: CONVERSATION_ID, threads: [{ id: THREAD_ID }] }
    });
    const created = await bot.post('/api/messages', createInvoke({ participants: '', otherEmails: '' }));
    const replyButton = findAction(created.body.value, 'openReply');
    expect(replyButton).toMatchObject({ type: 'Action.Execute', title: say('button.reply'), data: REF });

    const anyGraph = nock(GRAPH).get(/.*/).reply(200, {});
    const form = await act('openReply', replyButton.data);
    expect(anyGraph.isDone()).toBe(false);
    expect(cardTitle(form)).toBe(say('reply.title', { topic: 'Quarterly planning' }));
    expect(inputValues(form)).toEqual({ body: '', participants: '', otherEmails: '' });
    const post = findAction(form, 'replyToThread');
    expect(post).toMatchObject({ type: 'Action.Execute', title: say('button.post') });
    expect(post.data).toEqual({ draftId: expect.stringMatching(GUID), ...REF });
    expect(post.fallback.data).toEqual({ verb: 'replyToThread', ...post.data });
  });

  it('Post → exactly one reply to the thread as the person; the card says so and offers Reply again', async () => {
    const seen: unknown[] = [];
    const graph = nockReply(LOCAL_TOKEN, GROUP.id, THREAD_ID, seen);
    const card = await act('replyToThread', replyData());
    expect(graph.isDone()).toBe(true);
    expect(seen).toEqual([
      { post: { body: { contentType: 'html', content: 'Thanks all,<br>&lt;b&gt;see&lt;/b&gt; you &amp; bye' } } }
    ]);
    assertValidPost((seen[0] as Node).post);
    expect(cardTexts(card)).toEqual([
      say('replySent.title', { topic: 'Quarterly planning' }),
      // The preview as text: the tags are escaped, so no renderer reads them as markup.
      markdownSafe('Thanks all, <b>see</b> you & bye')
    ]);
    expect(findAction(card, 'openReply')).toMatchObject({
      type: 'Action.Execute',
      title: say('button.replyAgain'),
      data: REF
    });

    // Pressed again (double click, Teams re-delivering): the same card, nothing sent again.
    const again = await act('replyToThread', replyData());
    expect(again).toEqual(card);
    expect(seen).toHaveLength(1);
    expect(bot.logs.filter((l) => l.includes('reply sent'))).toHaveLength(2);
  });

  it('picked people and typed addresses become newParticipants (one user lookup)', async () => {
    const seen: unknown[] = [];
    nockResolveUsers(LOCAL_TOKEN, [BOB.aadObjectId], [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]);
    nockReply(LOCAL_TOKEN, GROUP.id, THREAD_ID, seen);
    const card = await act(
      'replyToThread',
      replyData({ body: 'Adding Bob', participants: BOB.aadObjectId, otherEmails: 'partner@fabrikam.test' })
    );
    expect(seen).toEqual([
      {
        post: {
          body: { contentType: 'html', content: 'Adding Bob' },
          newParticipants: [
            { emailAddress: { name: BOB.name, address: BOB.mail } },
            { emailAddress: { name: 'partner@fabrikam.test', address: 'partner@fabrikam.test' } }
          ]
        }
      }
    ]);
    assertValidPost((seen[0] as Node).post);
    expect(facts(card)).toEqual([
      { title: BOB.name, value: BOB.mail },
      { title: 'partner@fabrikam.test', value: 'partner@fabrikam.test' }
    ]);
  });

  it('Reply on a listed conversation (no thread id) → the thread is looked up, then the form', async () => {
    const lookup = nockThreadLookup(LOCAL_TOKEN, GROUP.id, CONVERSATION_ID, { threadId: THREAD_ID });
    const form = await act('openReply', {
      groupId: GROUP.id,
      conversationId: CONVERSATION_ID,
      topic: 'Quarterly planning'
    });
    expect(lookup.isDone()).toBe(true);
    const post = findAction(form, 'replyToThread');
    expect(post.type).toBe('Action.Execute');
    expect(post.data).toEqual({ draftId: expect.stringMatching(GUID), ...REF });
  });

  it(
    'a conversation Graph no longer has → ' + 'the form with the banner; its Post looks the thread up again',
    async () => {
      nockThreadLookup(LOCAL_TOKEN, GROUP.id, CONVERSATION_ID, { status: 404 });
      const form = await act('openReply', {
        groupId: GROUP.id,
        conversationId: CONVERSATION_ID,
        topic: 'Quarterly planning'
      });
      expect(banner(form)).toEqual(described('conversation_not_found'));
      const post = findAction(form, 'replyToThread');
      expect(post.type).toBe('Action.Execute');
      expect(post.data.threadId).toBeUndefined();

      const seen: unknown[] = [];
      const lookup = nockThreadLookup(LOCAL_TOKEN, GROUP.id, CONVERSATION_ID, { threadId: THREAD_ID });
      nockReply(LOCAL_TOKEN, GROUP.id, THREAD_ID, seen);
      const card = await act('replyToThread', { ...post.data, body: 'Still there?' });
      expect(lookup.isDone()).toBe(true);
      expect(seen).toHaveLength(1);
      expect(cardTitle(card)).toBe(say('replySent.title', { topic: 'Quarterly planning' }));
    }
  );

  it.each([
    ['an empty message', { body: '   ' }, { body: say('field.message.missing') }],
    [
      'a message over 32,000 characters',
      { body: 'x'.repeat(32_001) },
      { body: say('field.message.tooLong', { max: 32_000 }) }
    ],
    [
      'a bad address',
      { otherEmails: 'not-an-address' },
      { otherEmails: say('field.otherEmails.invalid', { addresses: ['not-an-address'], more: false }) }
    ],
    [
      'a participant that is not a picker id',
      { participants: 'bob' },
      { participants: say('field.participants.notPicked') }
    ]
  ])('%s → the form again with the field marked, nothing sent', async (_name, patch, fieldError) => {
    const anyGraph = nock(GRAPH).post(/.*/).reply(202);
    const data = replyData(patch);
    const card = await act('replyToThread', data);
    expect(anyGraph.isDone()).toBe(false);
    expect(inputValues(card)).toEqual({
      // A message too long to show again within Teams' message size is kept on the server instead.
      body: data.body.length > 32_000 ? undefined : data.body,
      participants: data.participants,
      otherEmails: data.otherEmails
    });
    const [field, message] = Object.entries(fieldError)[0] as [string, string];
    const body: Node[] = card.body;
    const input = body.findIndex((e) => e.id === field);
    expect(body[input + 1]).toMatchObject({ type: 'TextBlock', text: message, color: 'Attention' });
    expect(findAction(card, 'replyToThread')).toMatchObject({
      type: 'Action.Execute',
      title: say('button.tryAgain'),
      data: { draftId: DRAFT_ID, ...REF }
    });
  });

  it.each([
    ['a thread id that is a path', { threadId: '../../users/x' }],
    ['a conversation id with query syntax', { conversationId: 'AAQk?$select=x' }],
    ['a group id that is not a GUID', { groupId: 'contoso' }]
  ])('%s → "out of date", nothing sent', async (_name, patch) => {
    const anyGraph = nock(GRAPH).intercept(/.*/, 'POST').reply(202).get(/.*/).reply(200, {});
    const card = await act('replyToThread', replyData(patch));
    expect(cardTitle(card)).toBe(notice('notice.cardOutOfDate').title);
    expect(anyGraph.isDone()).toBe(false);
  });

  it.each([
    [403, 'access_denied', 1],
    [404, 'conversation_not_found', 1],
    [429, 'throttled', 4]
  ] as const)(
    'Graph answering %i → the form kept with the %s banner and Try again; Try again then works',
    async (status, code, attempts) => {
      const seen: unknown[] = [];
      // A reply is a write: retried only on 429 (not processed), never on 5xx (it may have been sent).
      for (let i = 0; i < attempts; i++)
        nockReply(LOCAL_TOKEN, GROUP.id, THREAD_ID, seen, {
          status,
          headers: status === 429 ? { 'Retry-After': '0' } : {}
        });
      const data = replyData({ otherEmails: 'partner@fabrikam.test' });
      const card = await act('replyToThread', data);
      expect(seen).toHaveLength(attempts);
      expect(banner(card)).toEqual(described(code));
      expect(inputValues(card)).toEqual({ body: data.body, participants: '', otherEmails: 'partner@fabrikam.test' });
      expect(findAction(card, 'replyToThread')).toMatchObject({
        type: 'Action.Execute',
        title: say('button.tryAgain'),
        data: { draftId: DRAFT_ID, ...REF }
      });
      expect(bot.logs.some((l) => l.includes('reply failed'))).toBe(true);

      nockReply(LOCAL_TOKEN, GROUP.id, THREAD_ID, seen);
      expect(cardTitle(await act('replyToThread', data))).toBe(say('replySent.title', { topic: 'Quarterly planning' }));
      expect(seen).toHaveLength(attempts + 1);
    }
  );

  it(
    'Graph answering 503 (the reply may have been sent): the thread is searched; ' +
      'not there → "couldn\'t confirm"; Try again searches again, then sends once',
    async () => {
      const seen: unknown[] = [];
      const nockLookups = () => [
        nock(GRAPH, { reqheaders: { authorization: `Bearer ${LOCAL_TOKEN}` } })
          .get('/v1.0/me')
          .query({ $select: 'id,displayName,mail,userPrincipalName' })
          .reply(200, { id: ALICE.aadObjectId, displayName: ALICE.name, mail: ALICE.mail }),
        nock(GRAPH, { reqheaders: { authorization: `Bearer ${LOCAL_TOKEN}` } })
          .get(`/v1.0/groups/${GROUP.id}/threads/${encodeURIComponent(THREAD_ID)}/posts`)
          .query({ $select: 'id,from,sender,createdDateTime,body' })
          // Only Bob's earlier post: Alice's reply is certainly not there.
          .reply(200, {
            value: [
              {
                id: 'p1',
                from: { emailAddress: { name: 'Bob', address: 'bob@contoso.test' } },
                createdDateTime: new Date().toISOString()
              }
            ]
          })
      ];
      nockReply(LOCAL_TOKEN, GROUP.id, THREAD_ID, seen, { status: 503 });
      const first = nockLookups();
      const data = replyData();
      const card = await act('replyToThread', data);
      expect(banner(card)).toEqual(described('post_status_unknown'));
      for (const scope of first) expect(scope.isDone()).toBe(true);

      const again = nockLookups();
      nockReply(LOCAL_TOKEN, GROUP.id, THREAD_ID, seen);
      expect(cardTitle(await act('replyToThread', data))).toBe(say('replySent.title', { topic: 'Quarterly planning' }));
      for (const scope of again) expect(scope.isDone()).toBe(true);
      expect(seen).toHaveLength(2);
    }
  );

  it(
    "Graph answering 504 after the reply committed: found among the thread's posts " +
      'as Graph shows them (from = the group, sender = the person), never sent twice',
    async () => {
      const seen: unknown[] = [];
      nockReply(LOCAL_TOKEN, GROUP.id, THREAD_ID, seen, { status: 504 });
      const me = nock(GRAPH, { reqheaders: { authorization: `Bearer ${LOCAL_TOKEN}` } })
        .get('/v1.0/me')
        .query({ $select: 'id,displayName,mail,userPrincipalName' })
        .reply(200, { id: ALICE.aadObjectId, displayName: ALICE.name, mail: ALICE.mail });
      // Graph's list-posts example: `from` names the group the post went to, `sender` the person.
      const posts = nock(GRAPH, { reqheaders: { authorization: `Bearer ${LOCAL_TOKEN}` } })
        .get(`/v1.0/groups/${GROUP.id}/threads/${encodeURIComponent(THREAD_ID)}/posts`)
        .query({ $select: 'id,from,sender,createdDateTime,body' })
        .reply(200, {
          value: [
            {
              id: 'p2',
              createdDateTime: new Date().toISOString(),
              body: {
                contentType: 'html',
                content: '<html><body><div>Thanks all,<br>&lt;b&gt;see&lt;/b&gt; you &amp; bye</div></body></html>'
              },
              from: { emailAddress: { name: GROUP.displayName, address: GROUP.mail } },
              sender: { emailAddress: { name: ALICE.name, address: ALICE.mail } }
            }
          ]
        });
      const card = await act('replyToThread', replyData());
      expect(cardTitle(card)).toBe(say('replySent.title', { topic: 'Quarterly planning' }));
      expect(me.isDone()).toBe(true);
      expect(posts.isDone()).toBe(true);

      // Pressed again: the same outcome from the ledger; nothing sent again.
      expect(cardTitle(await act('replyToThread', replyData()))).toBe(
        say('replySent.title', { topic: 'Quarterly planning' })
      );
      expect(seen).toHaveLength(1);
    }
  );

  it(
    'Action.Submit fallback (clients without Universal Actions): ' + 'the same reply, answered as a new message',
    async () => {
      const seen: unknown[] = [];
      nockReply(LOCAL_TOKEN, GROUP.id, THREAD_ID, seen);
      const res = await bot.post(
        '/api/messages',
        fixture('message-new', (a) => {
          delete a.text;
          a.deliveryMode = 'expectReplies';
          a.value = { verb: 'replyToThread', ...replyData({ body: 'Via submit' }) };
        })
      );
      expect(res.status).toBe(200);
      const [card] = cardAttachments(res.body.activities);
      assertValidCard(card);
      expect(cardTexts(card)).toEqual([say('replySent.title', { topic: 'Quarterly planning' }), 'Via submit']);
      expect(seen).toEqual([{ post: { body: { contentType: 'html', content: 'Via submit' } } }]);
    }
  );

  it('Cancel on the reply form discards it', async () => {
    const card = await act('cancelDraft', { draftId: DRAFT_ID });
    expect(cardTitle(card)).toBe(notice('notice.draftDiscarded').title);
  });
});

describe('Teams mode: reply as the person (SSO → on-behalf-of → Graph)', () => {
  const GRAPH_TOKEN = 'graph-access-token-for-alice';
  const auth = () => teamsAuth();
  const bot = useTestBot({ teams: true });

  it(
    'exchanges the SSO token on-behalf-of and posts exactly ' + "the reply body with the person's Graph token",
    async () => {
      const sso = ssoTokenFor(ALICE);
      const obo: OboRequest[] = [];
      const seen: unknown[] = [];
      const entra = nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
      const graph = nockReply(GRAPH_TOKEN, GROUP.id, THREAD_ID, seen);
      const invoke = cardAction('replyToThread', replyData(), (a) => {
        a.value.authentication = { id: 'auth-1', connectionName: '', token: sso };
      });
      const res = await bot.post('/api/messages', invoke, auth());

      expect(res.status).toBe(200);
      expect(obo).toHaveLength(1);
      expectOnBehalfOf(obo[0], sso);
      expect(seen).toEqual([
        { post: { body: { contentType: 'html', content: 'Thanks all,<br>&lt;b&gt;see&lt;/b&gt; you &amp; bye' } } }
      ]);
      expect(entra.isDone()).toBe(true);
      expect(graph.isDone()).toBe(true);
      expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      assertValidCard(res.body.value);
      expect(cardTitle(res.body.value)).toBe(say('replySent.title', { topic: 'Quarterly planning' }));
    }
  );

  it('no token on the action and none cached → a 401 loginRequest; nothing sent', async () => {
    const anyGraph = nock(GRAPH).intercept(/.*/, 'POST').reply(202);
    const res = await bot.post('/api/messages', cardAction('replyToThread', replyData()), auth());
    expect(res.body).toMatchObject({
      statusCode: 401,
      type: 'application/vnd.microsoft.activity.loginRequest',
      value: {
        connectionName: OAUTH_CONNECTION_NAME,
        tokenExchangeResource: { id: expect.any(String), uri: `api://botid-${BOT_ID}` },
        buttons: [{ type: 'signin', value: signInLink(ALICE) }]
      }
    });
    expect(anyGraph.isDone()).toBe(false);
  });

  it("someone else's SSO token is never exchanged", async () => {
    const obo: OboRequest[] = [];
    nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(BOB, 'bob-token') });
    const res = await bot.post(
      '/api/messages',
      cardAction('replyToThread', replyData(), (a) => (a.value.authentication = { token: ssoTokenFor(BOB) })),
      auth()
    );
    expect(obo).toHaveLength(0);
    expect(banner(res.body.value)?.title).toBe(notice('error.wrong_user').title);
  });

  it(
    'list in a channel (no silent sign-in there) → ' +
      "a button on the team's group; pressing it with SSO lists as the person",
    async () => {
      const TEAM_GROUP_ID = 'c0ffee00-0000-4000-8000-0000000000c2';
      const res = await bot.post(
        '/api/messages',
        fixture('channel-mention-new', (a) => {
          a.deliveryMode = 'expectReplies';
          a.text = '<at>Group Conversations</at> list';
          a.channelData.team.name = 'Engineering';
        }),
        auth()
      );
      const [card] = cardAttachments(res.body.activities);
      assertValidCard(card);
      expect(cardTitle(card)).toBe(say('list.title', { group: 'Engineering' }));
      const show = findAction(card, 'listConversations');
      expect(show.type).toBe('Action.Execute');
      const choice = findInput(card, 'groupId') as Record<string, any>;
      expect(choice).toMatchObject({
        type: 'Input.ChoiceSet',
        value: TEAM_GROUP_ID,
        choices: [{ title: 'Engineering', value: TEAM_GROUP_ID }]
      });

      const obo: OboRequest[] = [];
      nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
      nockGetGroup(GRAPH_TOKEN, { id: TEAM_GROUP_ID, displayName: 'Engineering' });
      const list = nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
        .get(`/v1.0/groups/${TEAM_GROUP_ID}/conversations`)
        .query(true)
        .reply(200, { value: [] });
      const pressed = await bot.post(
        '/api/messages',
        cardAction(
          show.verb,
          { ...show.data, groupId: choice.value },
          (a) => (a.value.authentication = { token: ssoTokenFor(ALICE) })
        ),
        auth()
      );
      expect(obo).toHaveLength(1);
      expect(list.isDone()).toBe(true);
      expect(cardTexts(pressed.body.value)).toEqual([say('list.title', { group: 'Engineering' }), say('list.empty')]);
    }
  );
});
