// The command path in Teams mode: "new" → teams-ai's Teams SSO (OAuthCard with a token exchange
// resource) → signin/tokenExchange → on-behalf-of → the form, sent through the Bot Connector.
// Then a Post from that form uses the same cached token (one msal cache for both paths).
import type nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { nockConnector, oauthCardExchangeId } from '../helpers/command-sign-in';
import { ALICE, BOB, graphTokenFor, oboTokenResponse, ssoTokenFor, TENANT_ID } from '../helpers/entra';
import { startSignIn } from '../helpers/sign-in';
import { cardAttachments, createInvoke, fixture } from '../helpers/fixtures';
import {
  entraError,
  nockCreateConversation,
  nockMyGroups,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { cardTexts, cardTitle, findAction, findInput } from '../helpers/card-readers';
import { notice, say } from '../../src/core/words';

const GRAPH_TOKEN = 'graph-token-from-command-path';
const GROUPS = [
  { id: 'c0ffee00-0000-4000-8000-000000000002', displayName: 'sales' },
  { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' }
];
const DRAFT = 'd0000000-0000-4000-8000-00000000c0de';

describe('Teams mode: "new" signs the person in with Teams SSO and sends the form', () => {
  const auth = () => teamsAuth();

  const bot = useTestBot({ teams: true, newDraftId: () => DRAFT });

  it('OAuthCard → token exchange → OBO → groups → form; then Post reuses the cached token', async () => {
    // 1. "new" from a person the bot has no token for: teams-ai answers with its SSO OAuthCard.
    const first = await bot.post(
      '/api/messages',
      fixture('message-new', (a) => (a.deliveryMode = 'expectReplies')),
      auth()
    );
    expect(first.status).toBe(200);
    const oauth = first.body.activities
      .flatMap((a: any) => a.attachments ?? [])
      .find((x: any) => x.contentType === 'application/vnd.microsoft.card.oauth');
    expect(oauth).toBeDefined();
    const exchangeId: string = oauth.content.tokenExchangeResource.id;
    expect(exchangeId).toMatch(/^[0-9a-f-]{36}-graph$/);
    expect(oauth.content.buttons[0]).toMatchObject({ type: 'signin' });
    expect(oauth.content.buttons[0].value).toMatch(/^https:\/\/gcbot\.example\.test\/auth-start\?/);
    // teams-ai's static link is bound to the sender on its way out: /auth-start accepts only that.
    const bound = new URL(oauth.content.buttons[0].value);
    expect(bound.searchParams.get('for')).toMatch(new RegExp(`^${ALICE.aadObjectId}\\.${TENANT_ID}\\.`));
    expect((await startSignIn(bot.url, bound.toString())).authorize.searchParams.get('code_challenge_method')).toBe(
      'S256'
    );

    // 2. Teams exchanges silently: signin/tokenExchange with the SSO token.
    const sso = ssoTokenFor(ALICE);
    const obo: OboRequest[] = [];
    nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    const groups = nockMyGroups(GRAPH_TOKEN, GROUPS);
    const sent: any[] = [];
    nockConnector(sent);
    const exchange = fixture('invoke-token-exchange', (a) => {
      a.value = { id: exchangeId, connectionName: '', token: sso };
    });
    const second = await bot.post('/api/messages', exchange, auth());
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ id: exchangeId, failureDetail: '' });
    expect(obo).toHaveLength(1);
    expect(obo[0]).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      requested_token_use: 'on_behalf_of',
      assertion: sso
    });
    expect(groups.isDone()).toBe(true);

    // The form went out through the connector: groups sorted by name, fresh draftId.
    const [form] = cardAttachments(sent);
    assertValidCard(form);
    expect(findInput(form, 'groupId')?.choices).toEqual([
      { title: 'Marketing', value: GROUPS[1].id },
      { title: 'sales', value: GROUPS[0].id }
    ]);
    const post = findAction(form, 'createConversation');
    expect(post.type).toBe('Action.Execute');
    expect(post.data).toEqual({ draftId: DRAFT });

    // 3. Post without a token on the action: the command path's token is in the shared cache.
    const created: Conversation[] = [];
    nockCreateConversation(GRAPH_TOKEN, GROUPS[1].id, created);
    const res = await bot.post(
      '/api/messages',
      createInvoke({ draftId: DRAFT, groupId: GROUPS[1].id, participants: '', otherEmails: '' }),
      auth()
    );
    expect(res.body.statusCode).toBe(200);
    expect(cardTitle(res.body.value)).toBe(say('confirmation.title', { group: 'Marketing' }));
    expect(created).toHaveLength(1);
    expect(obo).toHaveLength(1);
  });
});

describe("Teams mode: the command path never exchanges someone else's SSO token", () => {
  const bot = useTestBot({ teams: true, newDraftId: () => DRAFT });
  const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';

  it("Alice's own SSO token exchanged for a Graph token about Bob → the mismatch notice, no Graph call", async () => {
    const exchangeId = await oauthCardExchangeId(bot);
    const bobToken = graphTokenFor(BOB);
    const obo: OboRequest[] = [];
    nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, bobToken) });
    const groups = nockMyGroups(bobToken, GROUPS);
    const sent: any[] = [];
    nockConnector(sent);

    const res = await bot.post(
      '/api/messages',
      fixture('invoke-token-exchange', (a) => {
        a.value = { id: exchangeId, connectionName: '', token: ssoTokenFor(ALICE) };
      }),
      teamsAuth()
    );

    expect(res.status).toBe(200);
    expect(obo).toHaveLength(1);
    expect(groups.isDone()).toBe(false);
    const [card] = cardAttachments(sent);
    expect(cardTexts(card)).toEqual(expect.arrayContaining(Object.values(notice('error.wrong_user'))));
  });

  it.each([
    { name: "Bob's SSO token sent as Alice", token: () => ssoTokenFor(BOB), reason: 'oid' },
    { name: "Alice's oid from another tenant", token: () => ssoTokenFor(ALICE, { tid: OTHER_TENANT }), reason: 'tid' },
    { name: 'a token that is not a JWT', token: () => 'not-a-jwt', reason: 'unreadable' }
  ])(
    '$name → 412 as teams-ai answers a failed exchange; no OBO request, no Graph call, no form',
    async ({ token, reason }) => {
      const exchangeId = await oauthCardExchangeId(bot);
      const sso = token();
      const obo: OboRequest[] = [];
      const entra = nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(BOB, 'bob-graph-token') });
      const groups = nockMyGroups('bob-graph-token', GROUPS);
      const sent: any[] = [];
      nockConnector(sent);

      const res = await bot.post(
        '/api/messages',
        fixture('invoke-token-exchange', (a) => {
          a.value = { id: exchangeId, connectionName: '', token: sso };
        }),
        teamsAuth()
      );

      // botbuilder sends an invoke response's status as the HTTP status: teams-ai's failed exchange
      // is {status: 412, body: {id, failureDetail}}, on which Teams falls back to the sign-in button.
      expect(res.status).toBe(412);
      expect(res.body).toEqual({ id: exchangeId, failureDetail: expect.any(String) });
      expect(obo).toEqual([]);
      expect(entra.isDone()).toBe(false);
      expect(groups.isDone()).toBe(false);
      expect(sent).toEqual([]);
      const refusal = bot.logs.map((l) => JSON.parse(l)).find((l) => /not the sender's/.test(l.msg));
      expect(refusal).toMatchObject({ level: 40, reason });
      expect(bot.logs.join('\n')).not.toContain(sso);
    }
  );
});

describe('Teams mode: a failed command-path exchange is answered once, by the bot, as Teams needs it', () => {
  const bot = useTestBot({ teams: true, newDraftId: () => DRAFT });

  async function exchangeWith(reply: { status: number; body: nock.Body }) {
    const exchangeId = await oauthCardExchangeId(bot);
    const obo: OboRequest[] = [];
    nockTokenEndpoint(obo, reply);
    const sent: any[] = [];
    nockConnector(sent);
    const sso = ssoTokenFor(ALICE);
    const res = await bot.post(
      '/api/messages',
      fixture('invoke-token-exchange', (a) => {
        a.value = { id: exchangeId, connectionName: '', token: sso };
      }),
      teamsAuth()
    );
    return { res, obo, sent, exchangeId, sso };
  }

  it('consent missing (AADSTS65001) → 412, so Teams shows the sign-in card; Entra ID asked once', async () => {
    const { res, obo, sent, exchangeId, sso } = await exchangeWith({
      status: 400,
      body: entraError('invalid_grant', 65001, 'The user or administrator has not consented.')
    });
    expect(res.status).toBe(412);
    expect(res.body).toEqual({ id: exchangeId, failureDetail: 'token_exchange_failed: consent_required' });
    expect(obo).toHaveLength(1);
    expect(obo[0]).toMatchObject({ requested_token_use: 'on_behalf_of', assertion: sso });
    expect(sent).toEqual([]);
  });

  it(
    'a wrong client secret (invalid_client) → no sign-in card ' + '(200), the misconfigured notice, one error line',
    async () => {
      const { res, obo, sent, exchangeId, sso } = await exchangeWith({
        status: 401,
        body: entraError('invalid_client', 7000215, 'Invalid client secret provided.')
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: exchangeId, failureDetail: '' });
      expect(obo).toHaveLength(1);
      const cards = cardAttachments(sent);
      expect(cards).toHaveLength(1);
      expect(cardTexts(cards[0])).toEqual(expect.arrayContaining(Object.values(notice('error.bot_misconfigured'))));
      expect(sent.flatMap((a) => a.attachments ?? []).map((x: any) => x.contentType)).not.toContain(
        'application/vnd.microsoft.card.oauth'
      );
      const errors = bot.logs.map((l) => JSON.parse(l)).filter((l) => l.level === 50);
      expect(errors).toHaveLength(1);
      expect(JSON.stringify(errors[0])).toContain('7000215');
      expect(bot.logs.join('\n')).not.toContain(sso);
    }
  );
});
