// Graph slower than Teams' invoke limit: the Post is answered in time with a "Posting…" card;
// when the post completes, the card is replaced through the Bot Connector with the confirmation.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { nockBotConnectorToken, signBotFrameworkToken, TEAMS_SERVICE_URL } from '../helpers/bot-framework-auth';
import { ALICE, BOB, BOT_ID, oboTokenResponse, ssoTokenFor, TENANT_ID } from '../helpers/entra';
import { createInvoke, fixture } from '../helpers/fixtures';
import { cardAction } from '../helpers/conversation-nock';
import { nockConnector } from '../helpers/shared-audience';
import { nockGetGroup, nockHeldCreate, nockTokenEndpoint } from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { assertWithinSizeBudget } from '../helpers/size-budget';
import { cardButtons, cardTexts, cardTitle, findAction, inputValues } from '../helpers/card-readers';
import { notice, say } from '../../src/core/words';

const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };

describe('Teams mode: a post slower than the invoke deadline', () => {
  const bot = useTestBot({ teams: true, env: { INVOKE_DEADLINE_MS: '300' } });

  it(
    'answers "Posting…" in time, ' +
      'then updates the same card with the confirmation; ' +
      'Check status never posts twice',
    async () => {
      nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'alice-graph') });
      nockGetGroup('alice-graph', GROUP);
      const created: Conversation[] = [];
      // Graph answers only when the test lets it (after "Check status" meanwhile).
      const releaseGraph = nockHeldCreate(GROUP.id, undefined, created);
      // The Bot Connector: the bot's own token, then the update of the card the person clicked.
      nockBotConnectorToken('connector-token');
      const updated = new Promise<any>((resolve) => {
        nock(TEAMS_SERVICE_URL, { reqheaders: { authorization: 'Bearer connector-token' } })
          .put(
            `/v3/conversations/${encodeURIComponent('a:1personal-chat-alice')}/activities/1732700000002`,
            (body: any) => {
              resolve(body);
              return true;
            }
          )
          .reply(200, { id: '1732700000002' });
      });

      const auth = { authorization: `Bearer ${signBotFrameworkToken({ aud: BOT_ID, serviceUrl: TEAMS_SERVICE_URL })}` };
      const invoke = createInvoke(
        { participants: '', otherEmails: '' },
        (a) => (a.value.authentication = { token: ssoTokenFor(ALICE) })
      );
      const res = await bot.post('/api/messages', invoke, auth);

      expect(res.status).toBe(200);
      expect(res.body.statusCode).toBe(200);
      const posting = res.body.value;
      assertValidCard(posting);
      expect(cardTitle(posting)).toBe(say('posting.title'));
      const check = findAction(posting, 'createConversation');
      expect(cardButtons(posting)).toEqual([check]);
      expect(check).toMatchObject({
        type: 'Action.Execute',
        title: say('button.checkStatus'),
        verb: 'createConversation',
        data: { draftId: invoke.value.action.data.draftId, topic: 'Quarterly planning' }
      });

      // Meanwhile, Check status: the draft is still being posted, nothing is sent again.
      const meanwhile = await bot.post('/api/messages', createInvoke({ participants: '', otherEmails: '' }), auth);
      expect(cardTexts(meanwhile.body.value)).toContain(notice('error.draft_in_progress').title);
      releaseGraph();

      const update = await updated;
      assertWithinSizeBudget(update, 'The card update sent to the Bot Connector');
      expect(update.type).toBe('message');
      const card = update.attachments[0].content;
      assertValidCard(card);
      expect(cardTitle(card)).toBe(say('confirmation.title', { group: 'Marketing' }));
      expect(cardTexts(card)).toContain(say('confirmation.conversationId', { id: 'slow-conversation' }));
      expect(created).toHaveLength(1);

      // After: Check status shows the confirmation; still one conversation.
      const after = await bot.post('/api/messages', createInvoke({ participants: '', otherEmails: '' }), auth);
      expect(cardTexts(after.body.value)).toContain(say('confirmation.conversationId', { id: 'slow-conversation' }));
      expect(created).toHaveLength(1);
    }
  );
});

// In a channel the late update is what every member reads: a neutral card, and the person's own
// result through a user-specific refresh (refresh.userIds = their Teams id). bot.audience fails
// the test if the topic, text or addresses typed reach the channel (the PUT below included).
describe('Teams mode: a slow post in a channel', () => {
  const bot = useTestBot({ teams: true, env: { INVOKE_DEADLINE_MS: '300' } });
  const TEAM = { id: 'c0ffee00-0000-4000-8000-0000000000c2', displayName: 'Contoso Team', mail: 'team@contoso.test' };
  const CHANNEL = '19:general-channel@thread.tacv2;messageid=1732700000101';
  const ALICE_TEAMS_ID = '29:1alice-teams-user-id';
  const typed = { topic: 'Salary bands 2027', body: 'Confidential:\nthe new bands are attached.' };
  const auth = () => ({
    authorization: `Bearer ${signBotFrameworkToken({ aud: BOT_ID, serviceUrl: TEAMS_SERVICE_URL })}`
  });
  const inChannel = (a: any) => {
    const channel = fixture('channel-mention-new');
    a.conversation = channel.conversation;
    a.channelData = channel.channelData;
    a.replyToId = '1732700000101';
  };
  const post = (patch: (a: any) => void = () => undefined) =>
    createInvoke({ groupId: TEAM.id, participants: '', otherEmails: 'partner@fabrikam.test', ...typed }, (a) => {
      inChannel(a);
      a.value.authentication = { token: ssoTokenFor(ALICE) };
      patch(a);
    });

  /** Graph answers the create with `reply` once released; resolves with the card update the bot sends. */
  function slowGraph(reply: [number, unknown]): { release: () => void; update: Promise<any> } {
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'alice-graph') });
    nockGetGroup('alice-graph', TEAM);
    const release = nockHeldCreate(TEAM.id, reply);
    nock('https://login.microsoftonline.com')
      .post(`/${TENANT_ID}/oauth2/v2.0/token`)
      .query(true)
      .reply(200, { token_type: 'Bearer', expires_in: 3600, access_token: 'connector-token' });
    const update = new Promise<any>((resolve) => nockConnector(bot.audience, { onSend: resolve }));
    return { release, update };
  }

  async function postedLate(reply: [number, unknown]): Promise<{ sent: any; card: any }> {
    const { release, update } = slowGraph(reply);
    const res = await bot.post('/api/messages', post(), auth());
    expect(cardTitle(res.body.value)).toBe(say('posting.title'));
    release();
    const sent = await update;
    expect(sent).toMatchObject({ method: 'PUT', conversationId: CHANNEL, activityId: '1732700000101' });
    const card = sent.body.attachments[0].content;
    assertValidCard(card);
    return { sent, card };
  }

  /** The refresh Teams sends for a person viewing the shared card. */
  const refreshBy = (card: any, from: Record<string, string>) =>
    bot.post(
      '/api/messages',
      cardAction(card.refresh.action.verb, card.refresh.action.data, (a) => {
        inChannel(a);
        a.from = from;
        a.value.trigger = 'automatic';
      }),
      auth()
    );

  it(
    'the channel sees "Alice posted a conversation to Contoso Team"; Alice alone, through the refresh, ' +
      'her confirmation; anyone else the neutral card',
    async () => {
      const { card } = await postedLate([201, { id: 'late-conversation', threads: [{ id: 'late-thread' }] }]);
      expect(cardTexts(card)).toEqual(
        Object.values(notice('notice.sharedPosted', { actor: 'Alice Wong', group: 'Contoso Team' }))
      );
      expect(card.refresh).toEqual({
        action: {
          type: 'Action.Execute',
          verb: 'showOwnView',
          data: { viewId: expect.any(String), draftId: 'd0000000-0000-4000-8000-000000000001' }
        },
        userIds: [ALICE_TEAMS_ID]
      });

      const own = await refreshBy(card, { id: ALICE_TEAMS_ID, name: 'Alice Wong', aadObjectId: ALICE.aadObjectId });
      expect(cardTitle(own.body.value)).toBe(say('confirmation.title', { group: 'Contoso Team' }));
      expect(cardTexts(own.body.value)).toContain(typed.topic);

      // A view the bot has forgotten (a restart): a posted draft's confirmation from the ledger, for Alice only.
      const forgotten = { ...card, refresh: { ...card.refresh, action: { ...card.refresh.action } } };
      forgotten.refresh.action.data = { ...card.refresh.action.data, viewId: 'forgotten-view' };
      const fromLedger = await refreshBy(forgotten, {
        id: ALICE_TEAMS_ID,
        name: 'Alice Wong',
        aadObjectId: ALICE.aadObjectId
      });
      expect(cardTitle(fromLedger.body.value)).toBe(say('confirmation.title', { group: 'Contoso Team' }));
      const notBob = await refreshBy(forgotten, { id: '29:1bob', name: BOB.name, aadObjectId: BOB.aadObjectId });
      expect(JSON.stringify(notBob.body.value)).not.toContain(typed.topic);

      const bob = await refreshBy(card, { id: '29:1bob', name: BOB.name, aadObjectId: BOB.aadObjectId });
      expect(cardTitle(bob.body.value)).toBe(
        notice('notice.sharedPosted', { actor: 'Alice Wong', group: 'Contoso Team' }).title
      );
      expect(JSON.stringify(bob.body.value)).not.toContain(typed.topic);
    }
  );

  it(
    'a late failure: the channel sees "Alice\'s post did not go ' +
      'through"; Alice\'s refresh, the form with her text',
    async () => {
      const rejected = { error: { code: 'ErrorInvalidRequest', message: 'bad', innerError: { 'request-id': 'r' } } };
      const { card } = await postedLate([400, rejected]);
      expect(cardTitle(card)).toBe(notice('notice.sharedPostFailed', { actor: 'Alice Wong' }).title);
      expect(card.refresh.userIds).toEqual([ALICE_TEAMS_ID]);

      const own = await refreshBy(card, { id: ALICE_TEAMS_ID, name: 'Alice Wong', aadObjectId: ALICE.aadObjectId });
      expect(inputValues(own.body.value)).toMatchObject({ topic: typed.topic, otherEmails: 'partner@fabrikam.test' });
      const bob = await refreshBy(card, { id: '29:1bob', name: BOB.name, aadObjectId: BOB.aadObjectId });
      expect(inputValues(bob.body.value)).toEqual({});
    }
  );

  it('the helper catches a leak: an update of the channel card carrying the typed topic fails the test', () => {
    bot.audience.checkPosted('/api/messages', post(), undefined);
    expect(() =>
      bot.audience.checkOutgoing(CHANNEL, { attachments: [{ content: { text: typed.topic } }] }, 'a test')
    ).toThrow('Typed text reached a shared conversation');
    expect(() => bot.audience.assertClean()).toThrow(typed.topic);
  });
});
