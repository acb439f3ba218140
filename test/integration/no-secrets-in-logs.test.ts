// Every log line of a run that signs in, posts, fails and hits consent is captured; none may
// contain a token, an SSO assertion, a client secret, an Authorization header or the message body.
import { useTestBot } from '../helpers/test-bot';
import { signBotFrameworkToken, TEAMS_SERVICE_URL } from '../helpers/bot-framework-auth';
import { ALICE, BOT_ID, BOT_PASSWORD, CLIENT_SECRET, TENANT_ID, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { finishSignIn, startSignIn } from '../helpers/sign-in';
import { createInvoke, fixture } from '../helpers/fixtures';
import {
  entraError,
  nockCreateConversation,
  nockGetGroup,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';

const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const BODY = 'Confidential: the merger closes on Friday.';

describe('logs at trace level', () => {
  const bot = useTestBot({ teams: true, env: { LOG_LEVEL: 'trace' } });

  it('no secret or message body appears in any log line', async () => {
    const bfToken = signBotFrameworkToken({ aud: BOT_ID, serviceUrl: TEAMS_SERVICE_URL });
    const auth = { authorization: `Bearer ${bfToken}` };
    const sso = ssoTokenFor(ALICE);
    const seen: OboRequest[] = [];
    const popUp: string[] = [];
    try {
      // Consent failure, then a successful exchange and post, then a Graph failure.
      nockTokenEndpoint(seen, { status: 400, body: entraError('invalid_grant', 65001, 'consent') });
      await bot.post(
        '/api/messages',
        createInvoke(
          { body: BODY, participants: '', otherEmails: '' },
          (a) => (a.value.authentication = { token: sso })
        ),
        auth
      );
      nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'graph-secret-access-token') });
      nockGetGroup('graph-secret-access-token', GROUP);
      nockCreateConversation('graph-secret-access-token', GROUP.id, []);
      const ok = await bot.post(
        '/api/messages',
        createInvoke(
          { body: BODY, participants: '', otherEmails: '' },
          (a) => (a.value.authentication = { token: sso })
        ),
        auth
      );
      expect(ok.body.statusCode).toBe(200);
      nockCreateConversation('graph-secret-access-token', GROUP.id, [], { status: 503 });
      await bot.post(
        '/api/messages',
        createInvoke({
          draftId: 'd0000000-0000-4000-8000-000000000009',
          body: BODY,
          participants: '',
          otherEmails: ''
        }),
        auth
      );
      // A rejected request (bad JWT) and a help message.
      await bot.post(
        '/api/messages',
        fixture('message-new', (a) => (a.text = 'help')),
        { authorization: 'Bearer not-a-jwt' }
      );
      await fetch(`${bot.url}/auth-end?code=secret-auth-code&state=a.b.c`);
      // The whole pop-up: its link, state, PKCE verifier, code and verification code stay out of the logs.
      const link = bot.bot.deps.signIn?.linkFor({ aadObjectId: ALICE.aadObjectId, tenantId: TENANT_ID }) ?? '';
      popUp.push(link, new URL(link).searchParams.get('for') ?? '');
      const started = await startSignIn(bot.url, link);
      popUp.push(started.state, started.verifier);
      const done = await finishSignIn(bot.url, started, oboTokenResponse(ALICE, 'popup-graph-token'), 'popup-code');
      expect(done.verificationCode).toBeDefined();
      popUp.push(done.verificationCode ?? '');
      await bot.post(
        '/api/messages',
        createInvoke({ participants: '', otherEmails: '' }, (a) => (a.value.state = done.verificationCode)),
        auth
      );
    } finally {
      await bot.close(); // every line written before they are read
    }

    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const msg of [
      'activity received',
      'sign-in needed for post',
      'conversation posted',
      'post failed',
      'Bot Framework authentication failed',
      'sign-in pop-up finished',
      'sign-in verification code checked'
    ]) {
      expect(bot.logs.some((line) => line.includes(msg))).toBe(true);
    }
    const all = bot.logs.join('\n');
    for (const secret of [
      sso,
      bfToken,
      'graph-secret-access-token',
      'refresh-graph-secret-access-token',
      CLIENT_SECRET,
      BOT_PASSWORD,
      'secret-auth-code',
      'popup-code',
      'popup-graph-token',
      ...popUp,
      BODY,
      'not-a-jwt'
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toMatch(/Bearer\s+\S/);
  });

  it("the bot's own logger censors secrets at any depth, in errors and child bindings (issue 13)", async () => {
    const sso = ssoTokenFor(ALICE);
    // What a careless handler might log: the invoke's value, an msal error carrying its request
    // options, a cache entry with a refresh token.
    const request = { headers: { Authorization: `Bearer ${sso}`, cookie: 'session=SECRET-cookie' } };
    const err = Object.assign(new Error('network_error', { cause: Object.assign(new Error('reset'), { request }) }), {
      request
    });
    const log = bot.bot.deps.logger.child({ turn: { value: { authentication: { token: sso } } } });
    log.warn(
      {
        err,
        failure: err,
        activity: { value: { authentication: { token: sso }, state: '000000' } },
        authTokens: { graph: 'SECRET-graph' },
        cache: { accounts: [{ refreshToken: 'SECRET-refresh', client_secret: CLIENT_SECRET }] }
      },
      'careless log line'
    );
    await bot.close();
    const all = bot.logs.join('\n');
    expect(all).toContain('careless log line');
    for (const secret of [sso, 'SECRET-cookie', 'SECRET-graph', 'SECRET-refresh', CLIENT_SECRET]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toMatch(/Bearer\s+\S/);
  });
});
