// Teams mode's message extension invokes carry no SSO token: the bot posts with the token msal's
// cache already holds for the person. This fills it the way a person does: an earlier Post from a
// chat form with Alice's SSO token (one on-behalf-of exchange, one conversation created).
import { teamsAuth } from './bot-framework-auth';
import { ALICE, oboTokenResponse, ssoTokenFor } from './entra';
import { createInvoke } from './fixtures';
import { nockCreateConversation, nockGetGroup, nockTokenEndpoint, type Group, type OboRequest } from './graph-nock';
import type { TestBot } from './test-bot';

/** Returns the on-behalf-of requests Entra ID was sent (exactly one). */
export async function signInThroughACard(bot: TestBot, graphToken: string, group: Group): Promise<OboRequest[]> {
  const obo: OboRequest[] = [];
  nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, graphToken) });
  nockGetGroup(graphToken, group);
  nockCreateConversation(graphToken, group.id, []);
  const earlier = createInvoke(
    { draftId: 'd0000000-0000-4000-8000-0000000ea41e', participants: '', otherEmails: '' },
    (a) => (a.value.authentication = { token: ssoTokenFor(ALICE) })
  );
  const res = await bot.post('/api/messages', earlier, teamsAuth());
  expect(res.body.statusCode).toBe(200);
  expect(obo).toHaveLength(1);
  return obo;
}
