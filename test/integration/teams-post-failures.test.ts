// Teams mode, a Post that fails at Graph or at Entra ID: the person gets the form back with every
// input as typed, a banner saying what happened and "Try again" for the same draft; or, when a
// person has to act (consent, a fresh sign-in), a loginRequest. Over HTTP, signed, with nock.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { ALICE, BOB, BOT_ID, OAUTH_CONNECTION_NAME, TENANT_ID, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { createInvoke } from '../helpers/fixtures';
import {
  GRAPH,
  LOGIN,
  entraError,
  nockCreateConversation,
  nockGetGroup,
  nockReconcileCreate,
  nockResolveUsers,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';
import { nockThreadLookup } from '../helpers/conversation-nock';
import { assertValidCard } from '../helpers/card-schema';
import { banner as cardBanner, cardTexts, cardTitle } from '../helpers/card-readers';
import { expectRetryForm } from '../helpers/retry-form';
import { describeError } from '../../src/core/describe-error';
import { AppError, type ErrorCode } from '../../src/core/errors';
import { notice, say } from '../../src/core/words';
import { signInLink } from '../helpers/sign-in';

const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const ME = { id: ALICE.aadObjectId, displayName: ALICE.name, mail: ALICE.mail };
const GRAPH_TOKEN = 'graph-access-token-for-alice';
const DRAFT = 'd0000000-0000-4000-8000-0000000fa11e';
/** What Alice typed: markup and line breaks must come back exactly as typed. */
const VALUES = {
  groupId: GROUP.id,
  topic: 'Launch <b>plan</b> & "budget"',
  body: 'Hi all,\n<b>not bold</b> please\n\nreview by Friday.',
  participants: BOB.aadObjectId,
  otherEmails: 'partner@fabrikam.test'
};
const BOB_USER = { id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail };

const auth = () => teamsAuth();
/** Post from the form; `null`: the action carries no SSO token. */
const invoke = (sso: string | null = ssoTokenFor(ALICE)) =>
  createInvoke({ ...VALUES, draftId: DRAFT }, (a) => {
    if (sso) a.value.authentication = { id: 'auth-1', connectionName: '', token: sso };
  });
const banner = (code: ErrorCode, retryAfterSeconds?: number) => {
  const { title, text } = describeError(new AppError(code, 'test', { retryAfterSeconds }));
  return { title, text };
};

/** OBO answers with Alice's Graph token; the group and Bob are found. */
function arrangeSignInAndLookups(obo: OboRequest[] = []) {
  return [
    nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) }),
    nockGetGroup(GRAPH_TOKEN, GROUP),
    nockResolveUsers(GRAPH_TOKEN, [BOB.aadObjectId], [BOB_USER])
  ];
}

/** The create call, failing in the way the test says; `seen` gets each body Graph received. */
function nockFailingPost(
  seen: Conversation[],
  failure: {
    status?: number;
    code?: string;
    headers?: Record<string, string>;
    networkError?: boolean;
    delayMs?: number;
  }
) {
  const interceptor = nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } }).post(
    `/v1.0/groups/${GROUP.id}/conversations`,
    (body: Conversation) => {
      seen.push(body);
      return true;
    }
  );
  if (failure.networkError)
    return interceptor.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
  return (failure.delayMs ? interceptor.delay(failure.delayMs) : interceptor).reply(
    failure.status ?? 500,
    {
      error: {
        code: failure.code ?? 'Error',
        message: 'failed',
        innerError: { 'request-id': 'req-1', date: '2026-11-27T10:00:00' }
      }
    },
    failure.headers
  );
}

describe('Teams mode: a Post that fails keeps the form and says why', () => {
  const bot = useTestBot({ teams: true });

  describe('Graph refuses or fails the create call', () => {
    it.each([
      {
        name: '403 ErrorAccessDenied',
        failure: { status: 403, code: 'ErrorAccessDenied' },
        code: 'access_denied' as const,
        title: notice('error.access_denied').title
      },
      {
        name: '404 ResourceNotFound',
        failure: { status: 404, code: 'ResourceNotFound' },
        code: 'group_not_found' as const,
        title: notice('error.group_not_found').title
      },
      {
        name: '429 with Retry-After: 30',
        failure: { status: 429, code: 'TooManyRequests', headers: { 'Retry-After': '30' } },
        code: 'throttled' as const,
        retryAfter: 30,
        title: notice('error.throttled', { retryAfterSeconds: 30 }).title
      },
      // 5xx, 504 and dropped connections on a create may have committed: the bot looks in the group
      // (GET /me + the recent conversations) and, not finding it, says the outcome is unknown.
      {
        name: '503',
        failure: { status: 503, code: 'ServiceUnavailable' },
        code: 'post_status_unknown' as const,
        title: notice('error.post_status_unknown', {}).title,
        uncertain: true
      },
      {
        name: '504',
        failure: { status: 504, code: 'GatewayTimeout' },
        code: 'post_status_unknown' as const,
        title: notice('error.post_status_unknown', {}).title,
        uncertain: true
      },
      {
        name: 'a network error',
        failure: { networkError: true },
        code: 'post_status_unknown' as const,
        title: notice('error.post_status_unknown', {}).title,
        uncertain: true
      }
    ])(
      '$name → the form with every input kept, the "$title" banner and Try again',
      async ({ failure, code, title, retryAfter, uncertain }) => {
        const obo: OboRequest[] = [];
        const scopes = [
          ...arrangeSignInAndLookups(obo),
          ...(uncertain ? nockReconcileCreate(GRAPH_TOKEN, GROUP.id, ME) : [])
        ];
        const seen: Conversation[] = [];
        const post = nockFailingPost(seen, failure);

        const res = await bot.post('/api/messages', invoke(), auth());

        expect(res.status).toBe(200);
        expect(res.body.statusCode).toBe(200);
        expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
        const card = res.body.value;
        assertValidCard(card);
        expect(banner(code, retryAfter).title).toBe(title);
        expectRetryForm(card, { values: VALUES, draftId: DRAFT, banner: banner(code, retryAfter) });
        if (retryAfter)
          expect(cardBanner(card)?.text).toContain(notice('error.throttled', { retryAfterSeconds: 30 }).text);
        // Graph was asked exactly once: no retry of a POST that may have been created.
        expect(seen).toHaveLength(1);
        expect(seen[0].topic).toBe(VALUES.topic);
        expect(obo).toHaveLength(1);
        for (const scope of [...scopes, post]) expect(scope.isDone()).toBe(true);
      }
    );

    it('a group that is not a Microsoft 365 group → "Group not found" without any POST', async () => {
      nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
      const group = nockGetGroup(GRAPH_TOKEN, { ...GROUP, groupTypes: [] });
      const seen: Conversation[] = [];
      const post = nockCreateConversation(GRAPH_TOKEN, GROUP.id, seen);

      const res = await bot.post(
        '/api/messages',
        createInvoke(
          { ...VALUES, participants: '', draftId: DRAFT },
          (a) => (a.value.authentication = { token: ssoTokenFor(ALICE) })
        ),
        auth()
      );

      expect(res.body.statusCode).toBe(200);
      assertValidCard(res.body.value);
      expectRetryForm(res.body.value, {
        values: { ...VALUES, participants: '' },
        draftId: DRAFT,
        banner: banner('group_not_found')
      });
      expect(group.isDone()).toBe(true);
      expect(post.isDone()).toBe(false);
      expect(seen).toEqual([]);
    });

    it('after an uncertain failure, Try again looks in the group first and then posts once', async () => {
      arrangeSignInAndLookups();
      const seen: Conversation[] = [];
      nockFailingPost(seen, { status: 503, code: 'ServiceUnavailable' });
      nockReconcileCreate(GRAPH_TOKEN, GROUP.id, ME);
      const failed = await bot.post('/api/messages', invoke(), auth());
      expect(cardBanner(failed.body.value)?.title).toBe(notice('error.post_status_unknown', {}).title);

      // Try again: same draftId, no token attached (the cached one is used), the group remembered.
      // The group is searched again (still absent: certainly not posted), then the post goes out.
      const lookAgain = nockReconcileCreate(GRAPH_TOKEN, GROUP.id, ME, [
        {
          id: 'someone-elses',
          topic: VALUES.topic,
          lastDeliveredDateTime: new Date().toISOString(),
          uniqueSenders: ['Bob Stone']
        }
      ]);
      const bob = nockResolveUsers(GRAPH_TOKEN, [BOB.aadObjectId], [BOB_USER]);
      const retry = nockCreateConversation(GRAPH_TOKEN, GROUP.id, seen);
      const res = await bot.post('/api/messages', invoke(null), auth());
      expect(res.body.statusCode).toBe(200);
      assertValidCard(res.body.value);
      expect(cardTexts(res.body.value)).toContain(say('confirmation.conversationId', { id: 'AAQkAGConversation1=' }));
      // Nowhere on the card (no banner, no button): the post went through.
      expect(JSON.stringify(res.body.value)).not.toContain(say('button.tryAgain'));
      expect(retry.isDone()).toBe(true);
      expect(bob.isDone()).toBe(true);
      expect(seen).toHaveLength(2);
      expect(seen[1]).toEqual(seen[0]);
      for (const scope of lookAgain) expect(scope.isDone()).toBe(true);
    });

    it('a create that committed but whose answer was lost is found, confirmed, and never posted twice', async () => {
      arrangeSignInAndLookups();
      const seen: Conversation[] = [];
      nockFailingPost(seen, { status: 504, code: 'GatewayTimeout' });
      nockReconcileCreate(GRAPH_TOKEN, GROUP.id, ME, [
        {
          id: 'AAQkCommitted=',
          topic: VALUES.topic,
          lastDeliveredDateTime: new Date().toISOString(),
          uniqueSenders: [ME.displayName]
        }
      ]);
      nockThreadLookup(GRAPH_TOKEN, GROUP.id, 'AAQkCommitted=', { threadId: 'AAQkCommittedThread=' });
      // Its first post says what the form says (Exchange wraps the HTML): it is this draft's.
      const firstPost = nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
        .get(`/v1.0/groups/${GROUP.id}/threads/${encodeURIComponent('AAQkCommittedThread=')}/posts`)
        .query({ $select: 'id,from,sender,createdDateTime,body' })
        .reply(200, {
          value: [
            {
              id: 'p1',
              from: { emailAddress: { address: ALICE.mail } },
              body: {
                contentType: 'html',
                content:
                  '<html><body><div>Hi all,<br>&lt;b&gt;not bold&lt;/b&gt; please<br><br>' +
                  'review by Friday.</div></body></html>'
              }
            }
          ]
        });
      const bob = nockResolveUsers(GRAPH_TOKEN, [BOB.aadObjectId], [BOB_USER]);

      const res = await bot.post('/api/messages', invoke(), auth());
      expect(res.body.statusCode).toBe(200);
      expect(cardTitle(res.body.value)).toBe(say('confirmation.title', { group: 'Marketing' }));
      expect(cardTexts(res.body.value)).toEqual(
        expect.arrayContaining([
          say('confirmation.conversationId', { id: 'AAQkCommitted=' }),
          say('confirmation.threadId', { id: 'AAQkCommittedThread=' })
        ])
      );
      expect(seen).toHaveLength(1);
      expect(bob.isDone()).toBe(true);
      expect(firstPost.isDone()).toBe(true);

      // The same form again: the confirmation, and Graph is not asked anything.
      const again = await bot.post('/api/messages', invoke(null), auth());
      expect(again.body.value).toEqual(res.body.value);
      expect(seen).toHaveLength(1);
    });
  });

  describe('with a Graph timeout of 200 ms', () => {
    const quick = useTestBot({ teams: true, env: { GRAPH_TIMEOUT_MS: '200' } });

    it(
      'a create that does not answer within GRAPH_TIMEOUT_MS → ' + 'looked for, then "We couldn\'t confirm the post"',
      async () => {
        arrangeSignInAndLookups();
        const seen: Conversation[] = [];
        nockFailingPost(seen, { status: 201, delayMs: 1000 });
        const lookups = nockReconcileCreate(GRAPH_TOKEN, GROUP.id, ME);

        const res = await quick.post('/api/messages', invoke(), auth()).finally(() => quick.close());

        expect(res.status).toBe(200);
        expect(res.body.statusCode).toBe(200);
        assertValidCard(res.body.value);
        expectRetryForm(res.body.value, { values: VALUES, draftId: DRAFT, banner: banner('post_status_unknown') });
        expect(seen).toHaveLength(1);
        // The bot gave up at its own timeout (the log says so), not when the delayed answer came.
        expect(quick.logs.some((l) => l.includes('Graph did not answer in time'))).toBe(true);
        for (const scope of lookups) expect(scope.isDone()).toBe(true);
      }
    );
  });

  describe('Entra ID refuses or fails the on-behalf-of exchange', () => {
    it.each([
      {
        name: '400 invalid_grant AADSTS65001 (no consent)',
        body: entraError('invalid_grant', 65001, 'The user or administrator has not consented to use the application.')
      },
      {
        name: '400 interaction_required AADSTS50076 (MFA)',
        body: entraError(
          'interaction_required',
          50076,
          'Due to a configuration change made by your administrator, you must use multi-factor authentication.'
        )
      }
    ])('$name → a second loginRequest, without SSO, whose button opens the consent page', async ({ body }) => {
      const obo: OboRequest[] = [];
      const entra = nockTokenEndpoint(obo, { status: 400, body });
      const seen: Conversation[] = [];
      const post = nockCreateConversation(GRAPH_TOKEN, GROUP.id, seen);

      const res = await bot.post('/api/messages', invoke(), auth());

      expect(res.status).toBe(200);
      // Asking Teams for the SSO token again would loop: the action just carried one.
      expect(res.body).toStrictEqual({
        statusCode: 401,
        type: 'application/vnd.microsoft.activity.loginRequest',
        value: {
          text: say('signIn.consentPrompt'),
          connectionName: OAUTH_CONNECTION_NAME,
          buttons: [{ type: 'signin', title: say('button.signIn'), value: signInLink(ALICE, { consent: true }) }]
        }
      });
      expect(obo).toHaveLength(1);
      expect(entra.isDone()).toBe(true);
      expect(post.isDone()).toBe(false);
    });

    it.each([
      {
        name: 'AADSTS50013 (wrong audience or signature)',
        aadsts: 50013,
        text: 'Assertion failed signature validation.'
      },
      {
        name: 'AADSTS500133 (expired assertion)',
        aadsts: 500133,
        text: 'Assertion is not within its valid time range.'
      }
    ])(
      '400 invalid_grant $name → a second loginRequest, without SSO, for a fresh sign-in (not consent)',
      async ({ aadsts, text }) => {
        const obo: OboRequest[] = [];
        const entra = nockTokenEndpoint(obo, { status: 400, body: entraError('invalid_grant', aadsts, text) });
        const post = nockCreateConversation(GRAPH_TOKEN, GROUP.id, []);

        const res = await bot.post('/api/messages', invoke(), auth());

        expect(res.status).toBe(200);
        expect(res.body).toStrictEqual({
          statusCode: 401,
          type: 'application/vnd.microsoft.activity.loginRequest',
          value: {
            text: say('signIn.prompt'),
            connectionName: OAUTH_CONNECTION_NAME,
            buttons: [{ type: 'signin', title: say('button.signIn'), value: signInLink(ALICE) }]
          }
        });
        expect(obo).toHaveLength(1);
        expect(entra.isDone()).toBe(true);
        expect(post.isDone()).toBe(false);
      }
    );

    it.each([
      { name: '401 invalid_client AADSTS7000215 (wrong secret)', status: 401, code: 'invalid_client', aadsts: 7000215 },
      {
        name: '400 unauthorized_client AADSTS700016 (no such app)',
        status: 400,
        code: 'unauthorized_client',
        aadsts: 700016
      }
    ])(
      '$name → the form kept with "the bot is misconfigured", no sign-in prompt, one error line',
      async ({ status, code, aadsts }) => {
        const obo: OboRequest[] = [];
        nockTokenEndpoint(obo, { status, body: entraError(code, aadsts, 'The bot app registration is wrong.') }, 2);
        const post = nockCreateConversation(GRAPH_TOKEN, GROUP.id, []);

        const res = await bot.post('/api/messages', invoke(), auth());
        // Pressing Post again: the same answer, and the admin's error line is not repeated.
        const again = await bot.post('/api/messages', invoke(ssoTokenFor(ALICE, { nonce: 'second' })), auth());

        for (const answer of [res, again]) {
          expect(answer.status).toBe(200);
          expect(answer.body.statusCode).toBe(200);
          expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
          expectRetryForm(answer.body.value, { values: VALUES, draftId: DRAFT, banner: banner('bot_misconfigured') });
        }
        expect(banner('bot_misconfigured')).toEqual(notice('error.bot_misconfigured'));
        expect(obo).toHaveLength(2);
        expect(post.isDone()).toBe(false);
        const misconfigured = bot.logs.map((l) => JSON.parse(l)).filter((l) => /misconfigured/.test(l.msg));
        expect(misconfigured.map((l) => [l.level, l.aadsts])).toEqual([
          [50, `AADSTS${aadsts}`],
          [40, `AADSTS${aadsts}`]
        ]);
      }
    );

    it.each([
      { name: '500 temporarily_unavailable', status: 500 },
      { name: '503 temporarily_unavailable', status: 503 },
      { name: 'a network error', status: 0 }
    ])('$name → the form kept with the "Sign-in service unavailable" banner', async ({ status }) => {
      const obo: OboRequest[] = [];
      const entra =
        status === 0
          ? nock(LOGIN)
              .post(`/${TENANT_ID}/oauth2/v2.0/token`, (b: OboRequest) => Boolean(obo.push(b)))
              .query(true)
              // An Error, not a plain object: nock 14 never emits a plain object on an http.ClientRequest
              // (msal-node's transport), so the request would hang instead of failing.
              .times(3)
              .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
          : nockTokenEndpoint(
              obo,
              {
                status,
                body: {
                  ...entraError('temporarily_unavailable', 50196, 'The server is temporarily unavailable.'),
                  suberror: undefined
                }
              },
              3
            );
      const seen: Conversation[] = [];
      const post = nockCreateConversation(GRAPH_TOKEN, GROUP.id, seen);

      const res = await bot.post('/api/messages', invoke(), auth());

      expect(res.status).toBe(200);
      expect(res.body.statusCode).toBe(200);
      assertValidCard(res.body.value);
      expectRetryForm(res.body.value, { values: VALUES, draftId: DRAFT, banner: banner('auth_unavailable') });
      expect(banner('auth_unavailable').title).toBe(notice('error.auth_unavailable').title);
      // Transient Entra failures are retried by the bot's msal network client (two retries with
      // backoff), then reported; the same assertion each time.
      expect(obo).toHaveLength(3);
      expect(new Set(obo.map((r) => r.assertion)).size).toBe(1);
      expect(entra.isDone()).toBe(true);
      expect(post.isDone()).toBe(false);
      expect(seen).toEqual([]);
    });
  });

  it('Graph refusing the token (401) → a plain loginRequest, and the rejected token is forgotten', async () => {
    const obo: OboRequest[] = [];
    arrangeSignInAndLookups(obo);
    const seen: Conversation[] = [];
    nockFailingPost(seen, { status: 401, code: 'InvalidAuthenticationToken' });
    // Were the rejected token reused, this would answer the second submit.
    const reuse = nockCreateConversation(GRAPH_TOKEN, GROUP.id, seen);

    const res = await bot.post('/api/messages', invoke(), auth());
    expect(res.status).toBe(200);
    expect(res.body.statusCode).toBe(401);
    expect(res.body.type).toBe('application/vnd.microsoft.activity.loginRequest');
    expect(res.body.value.text).toBe(say('signIn.prompt'));
    expect(res.body.value.buttons).toEqual([{ type: 'signin', title: say('button.signIn'), value: signInLink(ALICE) }]);
    // The action carried an SSO token, whose Graph token Graph refused: no SSO request again.
    expect(res.body.value).not.toHaveProperty('tokenExchangeResource');
    expect(seen).toHaveLength(1);

    // Teams resends without a token (or the person presses Post again): nothing cached any more,
    // so Teams is asked for an SSO token.
    const again = await bot.post('/api/messages', invoke(null), auth());
    expect(again.body.statusCode).toBe(401);
    expect(again.body.type).toBe('application/vnd.microsoft.activity.loginRequest');
    expect(again.body.value.buttons[0].value).toEqual(signInLink(ALICE));
    expect(again.body.value.tokenExchangeResource).toEqual({ id: expect.any(String), uri: `api://botid-${BOT_ID}` });
    expect(reuse.isDone()).toBe(false);
    expect(seen).toHaveLength(1);
    expect(obo).toHaveLength(1);
  });
});
