// "Post to a group" in Teams mode, with signed Bot Framework requests. Teams sends no SSO token
// with a message action and teams-ai's Teams SSO covers search commands only, so the dialog uses
// the person's cached token (here: from an earlier Post through a card, exchanged on-behalf-of),
// and without one says how to sign in. The confirmation goes out through the Bot Connector.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth, TEAMS_SERVICE_URL } from '../helpers/bot-framework-auth';
import { ALICE, BOB, BOT_ID, BOT_PASSWORD, oboTokenResponse, ssoTokenFor, TENANT_ID } from '../helpers/entra';
import { cardAttachments, createInvoke, fixture } from '../helpers/fixtures';
import {
  assertConversationBody,
  nockCreateConversation,
  nockGetGroup,
  nockMyGroups,
  nockResolveUsers,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { cardTexts, cardTitle, inputValues } from '../helpers/card-readers';
import { notice, say } from '../../src/core/words';

const GRAPH_TOKEN = 'graph-token-for-alice';
const DRAFT = 'd0000000-0000-4000-8000-00000000d1a1';
const MARKETING = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  displayName: 'Marketing',
  mail: 'marketing@contoso.test'
};

/** The Bot Connector: the single-tenant bot's own token from its tenant, then the message to the chat. */
function nockConnector(sent: any[], status = 200): nock.Scope {
  nock('https://login.microsoftonline.com')
    .post(
      `/${TENANT_ID}/oauth2/v2.0/token`,
      (body: Record<string, string>) => body.client_id === BOT_ID && body.client_secret === BOT_PASSWORD
    )
    .query(true)
    .reply(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'bot-connector-token' });
  return nock(TEAMS_SERVICE_URL, { reqheaders: { authorization: 'Bearer bot-connector-token' } })
    .post(
      /\/v3\/conversations\/19%3A8a1f0c2e5b3d4e6f9a7b0c1d2e3f4a5b%40thread\.v2\/activities(\/.*)?$/,
      (body: any) => {
        sent.push(body);
        return true;
      }
    )
    .reply(
      status,
      status < 300
        ? { id: 'sent-1' }
        : { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } }
    );
}

describe('Teams mode: the "Post to a group" message action', () => {
  const auth = () => teamsAuth();

  const bot = useTestBot({ teams: true, newDraftId: () => DRAFT });

  /** An earlier Post from a chat form with Alice's SSO token: on-behalf-of fills the token cache. */
  async function signInThroughACard(obo: OboRequest[]): Promise<void> {
    nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    nockGetGroup(GRAPH_TOKEN, MARKETING);
    nockCreateConversation(GRAPH_TOKEN, MARKETING.id, []);
    const earlier = createInvoke(
      { draftId: 'd0000000-0000-4000-8000-0000000ea41e', participants: '', otherEmails: '' },
      (a) => {
        a.value.authentication = { token: ssoTokenFor(ALICE) };
      }
    );
    const res = await bot.post('/api/messages', earlier, auth());
    expect(res.body.statusCode).toBe(200);
    expect(obo).toHaveLength(1);
  }

  it('without a cached token: a dialog that says how to sign in (no Graph, no Entra ID call)', async () => {
    const res = await bot.post('/api/messages', fixture('invoke-message-action-fetch'), auth());
    expect(res.status).toBe(200);
    expect(res.body.task.type).toBe('continue');
    const card = res.body.task.value.card.content;
    assertValidCard(card);
    expect(inputValues(card)).toEqual({});
    expect(cardTitle(card)).toBe(notice('error.sign_in_required.dialog').title);
    const text = cardTexts(card).join('\n');
    expect(text).toContain(notice('error.sign_in_required.dialog').text);
  });

  it('a request without a valid Bot Framework token is refused', async () => {
    const res = await bot.post('/api/messages', fixture('invoke-message-action-fetch'));
    expect(res.status).toBe(401);
  });

  it(
    'with the cached token: the pre-filled dialog, then Post → ' +
      'Graph → the confirmation through the connector, the dialog closes',
    async () => {
      const obo: OboRequest[] = [];
      await signInThroughACard(obo);

      const groups = nockMyGroups(GRAPH_TOKEN, [MARKETING]);
      const opened = await bot.post('/api/messages', fixture('invoke-message-action-fetch'), auth());
      expect(groups.isDone()).toBe(true);
      const form = opened.body.task.value.card.content;
      assertValidCard(form);
      expect(inputValues(form)).toMatchObject({
        topic: 'Hi team, the Q1 launch moves to March 3.',
        participants: BOB.aadObjectId
      });
      expect(form.actions).toEqual([
        {
          type: 'Action.Submit',
          title: say('button.post'),
          style: 'positive',
          data: { verb: 'createConversation', draftId: DRAFT }
        }
      ]);

      nockResolveUsers(
        GRAPH_TOKEN,
        [BOB.aadObjectId],
        [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]
      );
      const created: Conversation[] = [];
      nockCreateConversation(GRAPH_TOKEN, MARKETING.id, created);
      const sent: any[] = [];
      const connector = nockConnector(sent);
      const res = await bot.post('/api/messages', fixture('invoke-message-action-submit'), auth());

      expect(res.status).toBe(200);
      expect(res.body).toEqual({});
      expect(obo).toHaveLength(1); // the cached token, no second exchange
      expect(created).toHaveLength(1);
      assertConversationBody(created[0]);
      expect(created[0].threads?.[0].posts?.[0].body?.content).toContain('<strong>Q1 launch</strong>');
      expect(connector.isDone()).toBe(true);
      const [confirmation] = cardAttachments(sent);
      assertValidCard(confirmation);
      expect(cardTitle(confirmation)).toBe(say('confirmation.title', { group: 'Marketing' }));
    }
  );

  it(
    'the bot is not in that chat (connector 403): ' + 'the post stands and the confirmation shows in the dialog',
    async () => {
      await signInThroughACard([]);
      nockMyGroups(GRAPH_TOKEN, [MARKETING]);
      await bot.post('/api/messages', fixture('invoke-message-action-fetch'), auth());
      nockResolveUsers(
        GRAPH_TOKEN,
        [BOB.aadObjectId],
        [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]
      );
      const created: Conversation[] = [];
      nockCreateConversation(GRAPH_TOKEN, MARKETING.id, created);
      nockConnector([], 403);

      const res = await bot.post('/api/messages', fixture('invoke-message-action-submit'), auth());
      expect(res.status).toBe(200);
      expect(created).toHaveLength(1);
      expect(res.body.task.type).toBe('continue');
      assertValidCard(res.body.task.value.card.content);
      expect(cardTitle(res.body.task.value.card.content)).toBe(say('confirmation.title', { group: 'Marketing' }));
    }
  );
});
