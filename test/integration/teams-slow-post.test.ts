// Graph slower than Teams' invoke limit: the Post is answered in time with a "Posting…" card;
// when the post completes, the card is replaced through the Bot Connector with the confirmation.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { signBotFrameworkToken, TEAMS_SERVICE_URL } from '../helpers/bot-framework-auth';
import { ALICE, BOT_ID, BOT_PASSWORD, oboTokenResponse, ssoTokenFor, TENANT_ID } from '../helpers/entra';
import { createInvoke } from '../helpers/fixtures';
import { GRAPH, nockGetGroup, nockTokenEndpoint } from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { assertWithinSizeBudget } from '../helpers/size-budget';
import { cardButtons, cardTexts, cardTitle, findAction } from '../helpers/card-readers';
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
      // Graph answers only when the test lets it (after "Check status" meanwhile), not after a
      // fixed delay: on a loaded machine a delay can run out before the second request arrives.
      let releaseGraph: () => void = () => undefined;
      const graphReleased = new Promise<void>((resolve) => (releaseGraph = resolve));
      nock(GRAPH)
        .post(`/v1.0/groups/${GROUP.id}/conversations`, (b: Conversation) => Boolean(created.push(b)))
        .reply(async () => {
          await graphReleased;
          return [201, { id: 'slow-conversation', threads: [{ id: 'slow-thread' }] }];
        });
      // The Bot Connector: the bot's own token, then the update of the card the person clicked.
      nock('https://login.microsoftonline.com')
        .post(
          `/${TENANT_ID}/oauth2/v2.0/token`,
          (b: Record<string, string>) => b.client_id === BOT_ID && b.client_secret === BOT_PASSWORD
        )
        .query(true)
        .reply(200, { token_type: 'Bearer', expires_in: 3600, access_token: 'connector-token' });
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
