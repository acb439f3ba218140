// The command path's Teams SSO as the tests drive it: "new" from Alice in her 1:1 chat gets
// teams-ai's OAuthCard, whose tokenExchangeResource id the signin/tokenExchange must carry; the form
// that follows the sign-in goes out through the Bot Connector (the exchange is an invoke).
import nock from 'nock';
import { nockBotConnectorToken, TEAMS_SERVICE_URL, teamsAuth } from './bot-framework-auth';
import { ssoTokenFor, ALICE, oboTokenResponse } from './entra';
import { nockMyGroups, nockTokenEndpoint, type OboRequest } from './graph-nock';
import { fixture, type Activity } from './fixtures';
import type { TestBot } from './test-bot';

/** "new" from Alice (expectReplies): teams-ai's OAuthCard's token exchange id. */
export async function oauthCardExchangeId(bot: TestBot): Promise<string> {
  const first = await bot.post(
    '/api/messages',
    fixture('message-new', (a) => (a.deliveryMode = 'expectReplies')),
    teamsAuth()
  );
  const oauth = first.body.activities
    .flatMap((a: any) => a.attachments ?? [])
    .find((x: any) => x.contentType === 'application/vnd.microsoft.card.oauth');
  return oauth.content.tokenExchangeResource.id;
}

/** Teams' silent exchange of that card: signin/tokenExchange with Alice's SSO token (or `token`). */
export function tokenExchange(exchangeId: string, token = ssoTokenFor(ALICE)): Activity {
  return fixture('invoke-token-exchange', (a) => {
    a.value = { id: exchangeId, connectionName: '', token };
  });
}

/**
 * The Bot Connector: the single-tenant bot's own token from its tenant, then up to `times` activities
 * into the conversation, each pushed to `sent`. Nock it before the OBO token endpoint: both are
 * POSTs to the tenant's token URL, and the connector's token request must not be taken for an OBO one.
 */
export function nockConnector(sent: any[], times = 1): void {
  nockBotConnectorToken('bot-connector-token');
  nock(TEAMS_SERVICE_URL, { reqheaders: { authorization: 'Bearer bot-connector-token' } })
    .post(/\/v3\/conversations\/.+\/activities(\/.*)?$/, (body: any) => {
      sent.push(body);
      return true;
    })
    .times(times)
    .reply(200, { id: 'sent-activity-1' });
}

/**
 * What a successful sign-in after an outage needs: the connector (up to 3 activities into `sent`),
 * Entra's on-behalf-of answer with `graphToken` (each request into `obo`), and the person's groups
 * for the form that follows ("Marketing").
 */
export function nockSignInThatFollows(graphToken: string): { sent: any[]; obo: OboRequest[] } {
  const sent: any[] = [];
  nockConnector(sent, 3);
  const obo: OboRequest[] = [];
  nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, graphToken) }, 3);
  nockMyGroups(graphToken, [{ id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing' }]);
  return { sent, obo };
}
