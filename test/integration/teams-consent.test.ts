// Consent required: the post is answered with a consent loginRequest; the person completes the
// pop-up (auth-start → Entra ID → auth-end, which redeems the code into the bot's msal cache);
// Teams resends the same action and it goes through without anything being retyped.
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { ALICE, CLIENT_ID, CLIENT_SECRET, TENANT_ID, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { createInvoke } from '../helpers/fixtures';
import {
  entraError,
  nockCreateConversation,
  nockGetGroup,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { cardTitle } from '../helpers/card-readers';
import { say } from '../../src/core/words';

const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };

describe('Teams mode: consent, then the same submit goes through', () => {
  const auth = () => teamsAuth();

  const bot = useTestBot({ teams: true });

  it('consent loginRequest → auth-start → auth-end redeems the code → resent action posts', async () => {
    const requests: OboRequest[] = [];
    nockTokenEndpoint(requests, {
      status: 400,
      body: entraError('invalid_grant', 65001, 'The user or administrator has not consented to use the application.')
    });
    const invoke = createInvoke({ participants: '', otherEmails: '' }, (a) => {
      a.value.authentication = { id: 'x', connectionName: '', token: ssoTokenFor(ALICE) };
    });

    const first = await bot.post('/api/messages', invoke, auth());
    expect(first.body.statusCode).toBe(401);
    expect(first.body.type).toBe('application/vnd.microsoft.activity.loginRequest');
    const signInUrl: string = first.body.value.buttons[0].value;
    expect(signInUrl).toBe('https://gcbot.example.test/auth-start?consent=1');

    // The pop-up: auth-start (served by the bot) redirects to Entra ID's consent page.
    const start = await fetch(`${bot.url}/auth-start?consent=1`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location') as string);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(
      `https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/authorize`
    );
    expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(authorize.searchParams.get('prompt')).toBe('consent');
    expect(authorize.searchParams.get('redirect_uri')).toBe('https://gcbot.example.test/auth-end');
    const cookie = (start.headers.get('set-cookie') as string).split(';')[0];

    // Entra ID sends the person back to auth-end with a code; the bot redeems it.
    requests.length = 0;
    nockTokenEndpoint(requests, { status: 200, body: oboTokenResponse(ALICE, 'graph-token-after-consent') });
    const state = authorize.searchParams.get('state') as string;
    const end = await fetch(`${bot.url}/auth-end?code=the-auth-code&state=${encodeURIComponent(state)}`, {
      headers: { cookie }
    });
    expect(end.status).toBe(200);
    expect(end.headers.get('content-security-policy')).toContain("script-src 'self' 'nonce-");
    const page = await end.text();
    expect(page).toContain('microsoftTeams.authentication.notifySuccess()');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      grant_type: 'authorization_code',
      code: 'the-auth-code',
      redirect_uri: 'https://gcbot.example.test/auth-end',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET
    });
    const teamsJs = await fetch(`${bot.url}/static/teams-js.min.js`);
    expect(teamsJs.status).toBe(200);
    expect((await teamsJs.text()).length).toBeGreaterThan(10_000);

    // Teams resends the same action (same draft, same inputs) after the pop-up closes.
    const created: Conversation[] = [];
    nockGetGroup('graph-token-after-consent', GROUP);
    nockCreateConversation('graph-token-after-consent', GROUP.id, created);
    const again = await bot.post(
      '/api/messages',
      createInvoke({ participants: '', otherEmails: '' }, (a) => (a.value.state = '0')),
      auth()
    );
    expect(again.body.statusCode).toBe(200);
    assertValidCard(again.body.value);
    expect(cardTitle(again.body.value)).toBe(say('confirmation.title', { group: 'Marketing' }));
    expect(created.map((c) => c.topic)).toEqual(['Quarterly planning']);
    expect(requests).toHaveLength(1);
  });

  it('auth-end refuses a forged state and redeems nothing', async () => {
    const requests: OboRequest[] = [];
    const entra = nockTokenEndpoint(requests, { status: 200, body: oboTokenResponse(ALICE, 'never') });
    const res = await fetch(`${bot.url}/auth-end?code=stolen&state=a.1.forged`, {
      headers: { cookie: 'gcbot_signin=a' }
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('microsoftTeams.authentication.notifyFailure(');
    expect(page).toContain(say('signIn.forged'));
    expect(entra.isDone()).toBe(false);
  });

  it('auth-end reports a declined consent', async () => {
    const res = await fetch(`${bot.url}/auth-end?error=access_denied&error_description=declined`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(say('signIn.declined'));
  });
});
