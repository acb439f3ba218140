// Teams mode: the Graph token the bot is about to use must be the sender's. Whatever produced it
// (an on-behalf-of answer, msal's cache), a JWT whose oid is someone else's is refused before
// any Graph call, and forgotten.
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { ALICE, BOB, graphTokenFor, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { createInvoke } from '../helpers/fixtures';
import { nockCreateConversation, nockGetGroup, nockTokenEndpoint, type OboRequest } from '../helpers/graph-nock';
import { banner, cardTitle, inputValues } from '../helpers/card-readers';
import { notice, say } from '../../src/core/words';

const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const FORM = { participants: '', otherEmails: '' };
const withSso = (sso: string) =>
  createInvoke(FORM, (a) => {
    a.value.authentication = { id: 'auth-1', connectionName: '', token: sso };
  });

describe("Teams mode: a Graph token that is not the sender's is never used", () => {
  const bot = useTestBot({ teams: true });

  it(
    "Alice's exchange answered with Bob's Graph token → the form " + 'kept with the mismatch banner; no Graph call',
    async () => {
      const bobToken = graphTokenFor(BOB);
      const obo: OboRequest[] = [];
      // The id_token is Alice's (msal caches the result under her account), the access token Bob's.
      nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, bobToken) });
      const lookup = nockGetGroup(bobToken, GROUP);
      const post = nockCreateConversation(bobToken, GROUP.id, []);

      const res = await bot.post('/api/messages', withSso(ssoTokenFor(ALICE)), teamsAuth());

      expect(res.body.statusCode).toBe(200);
      expect(banner(res.body.value)).toEqual(notice('error.wrong_user'));
      expect(inputValues(res.body.value)).toMatchObject({ topic: 'Quarterly planning', groupId: GROUP.id });
      expect(obo).toHaveLength(1);
      expect(lookup.isDone()).toBe(false);
      expect(post.isDone()).toBe(false);

      // msal's cache held Bob's token for Alice: it was forgotten, so the next Post asks Teams for SSO.
      const again = await bot.post('/api/messages', createInvoke(FORM), teamsAuth());
      expect(again.body.statusCode).toBe(401);
      expect(again.body.value.tokenExchangeResource).toBeDefined();
      expect(post.isDone()).toBe(false);
      expect(obo).toHaveLength(1);
    }
  );

  it("Alice's own Graph token (a JWT about her) is used as usual", async () => {
    const aliceToken = graphTokenFor(ALICE);
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, aliceToken) });
    nockGetGroup(aliceToken, GROUP);
    const created: Conversation[] = [];
    nockCreateConversation(aliceToken, GROUP.id, created);

    const res = await bot.post('/api/messages', withSso(ssoTokenFor(ALICE)), teamsAuth());

    expect(res.body.statusCode).toBe(200);
    expect(cardTitle(res.body.value)).toBe(say('confirmation.title', { group: 'Marketing' }));
    expect(created).toHaveLength(1);
  });
});
