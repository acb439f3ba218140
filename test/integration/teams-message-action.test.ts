// "Post to a group" in Teams mode, with signed Bot Framework requests. Teams sends no SSO token
// with a message action (silent SSO is for search commands only), so the dialog uses the
// person's cached token (an earlier Post through a card, or the sign-in pop-up), and without one
// answers with the documented `auth` response. The confirmation goes out through the Bot Connector.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { signInThroughACard } from '../helpers/sign-in-through-a-card';
import { nockPersonalChat } from '../helpers/personal-chat-nock';
import { nockBotConnectorToken, teamsAuth, TEAMS_SERVICE_URL } from '../helpers/bot-framework-auth';
import { ALICE, BOB, oboTokenResponse } from '../helpers/entra';
import { cardAttachments, fixture } from '../helpers/fixtures';
import {
  assertConversationBody,
  GRAPH,
  LOGIN,
  nockCreateConversation,
  nockMyGroups,
  nockResolveUsers
} from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { cardButtons, cardTitle, inputValues } from '../helpers/card-readers';
import { finishSignIn, signInLink, startSignIn } from '../helpers/sign-in';
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
  nockBotConnectorToken('bot-connector-token');
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

  it('without a cached token: the documented `auth` answer with a sign-in link bound to the sender', async () => {
    const anyGraph = nock(GRAPH).get(/.*/).reply(200, { value: [] });
    const anyEntra = nock(LOGIN).post(/.*/).reply(400, {});
    const res = await bot.post('/api/messages', fixture('invoke-message-action-fetch'), auth());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      composeExtension: {
        type: 'auth',
        suggestedActions: { actions: [{ type: 'openUrl', value: signInLink(ALICE), title: say('button.signIn') }] }
      }
    });
    expect(anyGraph.isDone()).toBe(false);
    expect(anyEntra.isDone()).toBe(false);
  });

  it(
    'auth → pop-up → Teams resends fetchTask with the code: the pre-filled dialog; ' +
      'Post then posts with the token the pop-up cached',
    async () => {
      const asked = await bot.post('/api/messages', fixture('invoke-message-action-fetch'), auth());
      const started = await startSignIn(bot.url, asked.body.composeExtension.suggestedActions.actions[0].value);
      expect(started.authorize.searchParams.get('code_challenge_method')).toBe('S256');
      const end = await finishSignIn(bot.url, started, oboTokenResponse(ALICE, GRAPH_TOKEN));
      expect(end.requests[0]).toMatchObject({ grant_type: 'authorization_code', code_verifier: started.verifier });

      const groups = nockMyGroups(GRAPH_TOKEN, [MARKETING]);
      const resent = fixture('invoke-message-action-fetch', (a) => (a.value.state = end.verificationCode));
      const opened = await bot.post('/api/messages', resent, auth());
      expect(groups.isDone()).toBe(true);
      expect(opened.body.task.type).toBe('continue');
      const form = opened.body.task.value.card.content;
      assertValidCard(form);
      expect(inputValues(form)).toMatchObject({
        topic: 'Hi team, the Q1 launch moves to March 3.',
        participants: BOB.aadObjectId
      });

      nockResolveUsers(
        GRAPH_TOKEN,
        [BOB.aadObjectId],
        [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]
      );
      const created: Conversation[] = [];
      nockCreateConversation(GRAPH_TOKEN, MARKETING.id, created);
      const connector = nockConnector([]);
      const res = await bot.post('/api/messages', fixture('invoke-message-action-submit'), auth());
      expect(res.body).toEqual({});
      expect(created).toHaveLength(1);
      assertConversationBody(created[0]);
      expect(created[0].threads?.[0].posts?.[0].body?.content).toContain('<strong>Q1 launch</strong>');
      expect(connector.isDone()).toBe(true);
    }
  );

  it('a resent fetchTask with a code not issued to the sender: the sign-in again, no dialog, no Graph', async () => {
    await signInThroughACard(bot, GRAPH_TOKEN, MARKETING);
    const anyGraph = nock(GRAPH).get(/.*/).reply(200, { value: [] });
    const resent = fixture('invoke-message-action-fetch', (a) => (a.value.state = 'AAAAAAAAAAAAAAAAAAAAAA'));
    const res = await bot.post('/api/messages', resent, auth());
    expect(res.body).toEqual({
      composeExtension: {
        type: 'auth',
        suggestedActions: {
          actions: [{ type: 'openUrl', value: signInLink(ALICE), title: say('button.signInAgain') }]
        }
      }
    });
    expect(anyGraph.isDone()).toBe(false);
  });

  it('submitAction without a usable token: the same `auth` answer (Teams resends it after the pop-up)', async () => {
    const anyGraph = nock(GRAPH).intercept(/.*/, 'POST').reply(201);
    const res = await bot.post('/api/messages', fixture('invoke-message-action-submit'), auth());
    expect(res.body.composeExtension).toEqual({
      type: 'auth',
      suggestedActions: { actions: [{ type: 'openUrl', value: signInLink(ALICE), title: say('button.signIn') }] }
    });
    expect(anyGraph.isDone()).toBe(false);
  });

  it('a request without a valid Bot Framework token is refused', async () => {
    const res = await bot.post('/api/messages', fixture('invoke-message-action-fetch'));
    expect(res.status).toBe(401);
  });

  it(
    'with the cached token: the pre-filled dialog, then Post → ' +
      'Graph → the confirmation through the connector, the dialog closes',
    async () => {
      const obo = await signInThroughACard(bot, GRAPH_TOKEN, MARKETING);

      const groups = nockMyGroups(GRAPH_TOKEN, [MARKETING]);
      const opened = await bot.post('/api/messages', fixture('invoke-message-action-fetch'), auth());
      expect(groups.isDone()).toBe(true);
      const form = opened.body.task.value.card.content;
      assertValidCard(form);
      expect(inputValues(form)).toMatchObject({
        topic: 'Hi team, the Q1 launch moves to March 3.',
        participants: BOB.aadObjectId
      });
      expect(cardButtons(form)).toEqual([
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
      const personal = nockPersonalChat({ connectorToken: 'bot-connector-token', nockToken: false });
      const res = await bot.post('/api/messages', fixture('invoke-message-action-submit'), auth());

      expect(res.status).toBe(200);
      expect(res.body).toEqual({});
      expect(obo).toHaveLength(1); // the cached token, no second exchange
      expect(created).toHaveLength(1);
      assertConversationBody(created[0]);
      expect(created[0].threads?.[0].posts?.[0].body?.content).toContain('<strong>Q1 launch</strong>');
      expect(connector.isDone()).toBe(true);
      // The group chat reads who posted where, nothing typed; the confirmation is Alice's, in her 1:1 chat.
      const [neutral] = cardAttachments(sent);
      assertValidCard(neutral);
      expect(cardTitle(neutral)).toBe(notice('notice.sharedPosted', { actor: ALICE.name, group: 'Marketing' }).title);
      expect(JSON.stringify(neutral)).not.toContain('Q1 launch');
      expect(personal.created).toHaveLength(1);
      const [confirmation] = cardAttachments(personal.sent);
      assertValidCard(confirmation);
      expect(cardTitle(confirmation)).toBe(say('confirmation.title', { group: 'Marketing' }));
    }
  );

  it(
    'the bot is not in that chat (connector 403): ' + 'the post stands and the confirmation shows in the dialog',
    async () => {
      await signInThroughACard(bot, GRAPH_TOKEN, MARKETING);
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
