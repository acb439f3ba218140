// The nominal sign-in, end to end: the post is answered with a consent loginRequest whose button
// is bound to the sender; the pop-up follows it (auth-start → Entra ID with PKCE → auth-end, which
// redeems the code into the bot's msal cache and hands Teams a verification code); Teams resends
// the same action with `value.state` = that code and it posts, without anything retyped. Then
// every way that loop is refused: another person's code, a reused code, "someone else" signed in.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { ALICE, BOB, CLIENT_ID, CLIENT_SECRET, TENANT_ID, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { createInvoke } from '../helpers/fixtures';
import {
  assertConversationBody,
  entraError,
  GRAPH,
  nockCreateConversation,
  nockGetGroup,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';
import { challengeOf, finishSignIn, PUBLIC_BASE, signInLink, startSignIn } from '../helpers/sign-in';
import { assertValidCard } from '../helpers/card-schema';
import { cardTitle } from '../helpers/card-readers';
import { notice, say } from '../../src/core/words';

const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const TOKEN = 'graph-token-after-consent';
const BOB_PATCH = (a: any) => {
  a.from = { id: '29:1bob-teams-user-id', name: BOB.name, aadObjectId: BOB.aadObjectId };
};

describe('Teams mode: the sign-in pop-up, then the same submit goes through', () => {
  const auth = () => teamsAuth();
  const bot = useTestBot({ teams: true });
  const post = (patch: (a: any) => void = () => undefined) =>
    bot.post('/api/messages', createInvoke({ participants: '', otherEmails: '' }, patch), auth());

  /** Alice's Post without a token → loginRequest → pop-up → the verification code /auth-end gave Teams. */
  async function signInAlice(): Promise<string> {
    const first = await post();
    const started = await startSignIn(bot.url, first.body.value.buttons[0].value);
    const { verificationCode } = await finishSignIn(bot.url, started, oboTokenResponse(ALICE, TOKEN));
    if (!verificationCode) throw new Error('no verification code');
    return verificationCode;
  }

  it('consent loginRequest → auth-start (PKCE) → auth-end → notifySuccess(code) → resent action posts', async () => {
    const obo: OboRequest[] = [];
    nockTokenEndpoint(obo, {
      status: 400,
      body: entraError('invalid_grant', 65001, 'The user or administrator has not consented to use the application.')
    });
    const first = await post((a) => {
      a.value.authentication = { id: 'x', connectionName: '', token: ssoTokenFor(ALICE) };
    });
    expect(first.body.statusCode).toBe(401);
    expect(first.body.type).toBe('application/vnd.microsoft.activity.loginRequest');
    const link: string = first.body.value.buttons[0].value;
    expect(link).toEqual(signInLink(ALICE, { consent: true }));

    // The pop-up: auth-start (served by the bot) redirects to Entra ID's consent page, with PKCE.
    const start = await fetch(`${bot.url}${new URL(link).pathname}${new URL(link).search}`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    expect(start.headers.get('referrer-policy')).toBe('no-referrer');
    expect(start.headers.get('x-content-type-options')).toBe('nosniff');
    const started = await startSignIn(bot.url, link);
    const { authorize, verifier } = started;
    expect(`${authorize.origin}${authorize.pathname}`).toBe(
      `https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/authorize`
    );
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      client_id: CLIENT_ID,
      response_type: 'code',
      response_mode: 'query',
      redirect_uri: `${PUBLIC_BASE}/auth-end`,
      scope: expect.stringContaining('https://graph.microsoft.com/Group.ReadWrite.All'),
      state: expect.stringContaining(`.${ALICE.aadObjectId}.${TENANT_ID}.`),
      code_challenge: challengeOf(verifier),
      code_challenge_method: 'S256',
      prompt: 'consent'
    });

    // Entra ID sends the person back to auth-end with a code; the bot redeems it with the verifier.
    const end = await finishSignIn(bot.url, started, oboTokenResponse(ALICE, TOKEN), '0.AXoA-the_auth.code');
    expect(end.res.status).toBe(200);
    expect(end.res.headers.get('content-security-policy')).toContain("script-src 'self' 'nonce-");
    expect(end.res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(end.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(end.page).toMatch(/microsoftTeams\.authentication\.notifySuccess\("[A-Za-z0-9_-]{22}"\)/);
    expect(end.requests).toHaveLength(1);
    expect(end.requests[0]).toMatchObject({
      grant_type: 'authorization_code',
      code: '0.AXoA-the_auth.code',
      code_verifier: verifier,
      redirect_uri: `${PUBLIC_BASE}/auth-end`,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET
    });
    const teamsJs = await fetch(`${bot.url}/static/teams-js.min.js`);
    expect(teamsJs.status).toBe(200);
    expect(teamsJs.headers.get('x-content-type-options')).toBe('nosniff');
    expect(teamsJs.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await teamsJs.text()).length).toBeGreaterThan(10_000);

    // Teams resends the same action (same draft, same inputs) with the code as value.state.
    const created: Conversation[] = [];
    nockGetGroup(TOKEN, GROUP);
    nockCreateConversation(TOKEN, GROUP.id, created);
    const again = await post((a) => (a.value.state = end.verificationCode));
    expect(again.body.statusCode).toBe(200);
    assertValidCard(again.body.value);
    expect(cardTitle(again.body.value)).toBe(say('confirmation.title', { group: 'Marketing' }));
    expect(created).toHaveLength(1);
    assertConversationBody(created[0]);
    expect(created[0].topic).toBe('Quarterly planning');
  });

  it("another person's code is refused: a fresh sign-in for them, nothing posted, and the code is spent", async () => {
    const code = await signInAlice();
    const anyGraph = nock(GRAPH).intercept(/.*/, 'POST').reply(201);

    const bob = await post((a) => {
      BOB_PATCH(a);
      a.value.state = code;
    });
    expect(bob.body).toMatchObject({
      statusCode: 401,
      type: 'application/vnd.microsoft.activity.loginRequest',
      value: {
        text: notice('notice.signInNotConfirmed').text,
        buttons: [{ type: 'signin', value: signInLink(BOB) }]
      }
    });
    const alice = await post((a) => (a.value.state = code));
    expect(alice.body.statusCode).toBe(401);
    expect(alice.body.value.text).toBe(notice('notice.signInNotConfirmed').text);
    expect(anyGraph.isDone()).toBe(false);
  });

  it('a code is accepted once: a second resend with it is refused without touching Graph', async () => {
    const code = await signInAlice();
    nockGetGroup(TOKEN, GROUP);
    nockCreateConversation(TOKEN, GROUP.id, []);
    expect((await post((a) => (a.value.state = code))).body.statusCode).toBe(200);

    const anyGraph = nock(GRAPH).intercept(/.*/, 'POST').reply(201);
    const reused = await post((a) => (a.value.state = code));
    expect(reused.body.statusCode).toBe(401);
    expect(reused.body.value.text).toBe(notice('notice.signInNotConfirmed').text);
    expect(anyGraph.isDone()).toBe(false);
  });

  it('a made-up code is refused, even with a token in the cache', async () => {
    await signInAlice();
    const refused = await post((a) => (a.value.state = '123456'));
    expect(refused.body.statusCode).toBe(401);
    expect(refused.body.value.buttons[0].value).toEqual(signInLink(ALICE));
  });

  it('Alice signs in as Bob: "someone else", no code, and Bob\'s tokens leave the cache again', async () => {
    const first = await post();
    const started = await startSignIn(bot.url, first.body.value.buttons[0].value);
    const end = await finishSignIn(bot.url, started, oboTokenResponse(BOB, 'bobs-graph-token'));
    expect(end.res.status).toBe(400);
    expect(end.requests).toHaveLength(1);
    expect(end.page).toContain(say('signIn.someoneElse'));
    expect(end.page).toContain(`notifyFailure(${JSON.stringify(say('signIn.someoneElse'))})`);
    expect(end.verificationCode).toBeUndefined();

    // Bob's Post finds nothing cached: the token redeemed in Alice's pop-up is gone.
    const bob = await post(BOB_PATCH);
    expect(bob.body.statusCode).toBe(401);
    expect(bob.body.value.buttons[0].value).toEqual(signInLink(BOB));
  });

  it('auth-end refuses a forged state and redeems nothing', async () => {
    const requests: OboRequest[] = [];
    const entra = nockTokenEndpoint(requests, { status: 200, body: oboTokenResponse(ALICE, 'never') });
    const res = await fetch(`${bot.url}/auth-end?code=stolen&state=a.1.${ALICE.aadObjectId}.${TENANT_ID}.forged`, {
      headers: { cookie: `gcbot_signin=a.${'v'.repeat(43)}` }
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('microsoftTeams.authentication.notifyFailure(');
    expect(page).toContain(say('signIn.forged'));
    expect(entra.isDone()).toBe(false);
  });

  it('auth-start refuses a link without a person, or with a forged one', async () => {
    for (const [query, word] of [
      ['', 'signIn.incomplete'],
      ['?consent=1', 'signIn.incomplete'],
      [`?for=${ALICE.aadObjectId}.${TENANT_ID}.9999999999.forged`, 'signIn.forged']
    ] as const) {
      const res = await fetch(`${bot.url}/auth-start${query}`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await res.text()).toContain(say(word));
    }
  });

  it('auth-end never shows the error parameters: a fixed sentence per Entra error', async () => {
    const declined = await fetch(`${bot.url}/auth-end?error=access_denied&error_description=declined`);
    expect(declined.status).toBe(400);
    expect(await declined.text()).toContain(say('signIn.declined'));

    const hostile = '<img src=x onerror=alert(1)>Call +1 555 0100 to unlock your account';
    const res = await fetch(
      `${bot.url}/auth-end?error=${encodeURIComponent(hostile)}&error_description=${encodeURIComponent(hostile)}`
    );
    const page = await res.text();
    expect(res.status).toBe(400);
    expect(page).toContain(say('signIn.failed'));
    expect(page).not.toContain('555');
    expect(page).not.toContain('onerror');
    expect(page).not.toContain('&lt;img');
  });
});
