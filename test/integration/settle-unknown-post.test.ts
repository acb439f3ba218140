// Issue 13, item 7: a post whose outcome is unknown is settled by the bot itself. After the grace it
// looks again in the background (the same search as Try again, never a post) and updates the
// person's card through the Bot Connector: posted → the confirmation; certainly absent → the form
// with Try again and everything typed kept. Scheduling is passed in: the test runs the look.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth, TEAMS_SERVICE_URL } from '../helpers/bot-framework-auth';
import { CLICKED_CARD_PATH, nockCardUpdate } from '../helpers/card-update-nock';
import { ALICE, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { createInvoke } from '../helpers/fixtures';
import { GRAPH, nockGetGroup, nockReconcileCreate, nockTokenEndpoint } from '../helpers/graph-nock';
import { nockThreadLookup } from '../helpers/conversation-nock';
import { assertValidCard } from '../helpers/card-schema';
import { banner, cardTexts, cardTitle, findAction, inputValues } from '../helpers/card-readers';
import { notice, say } from '../../src/core/words';

const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const ME = { id: ALICE.aadObjectId, displayName: ALICE.name, mail: ALICE.mail };
const GRAPH_TOKEN = 'graph-access-token-for-alice';
const DRAFT = 'd0000000-0000-4000-8000-00000000e7e7';
const VALUES = {
  groupId: GROUP.id,
  topic: 'Launch plan',
  body: 'Hi all, review by Friday.',
  participants: '',
  otherEmails: ''
};

const tasks: { delayMs: number; task: () => Promise<void> }[] = [];
/** The bot's clock runs ahead by this much when the test says the grace is over. */
let ahead = 0;
const runScheduled = async () => {
  for (const { task } of tasks.splice(0)) await task();
};

function failCreateWith504(seen: Conversation[]) {
  nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
    .post(`/v1.0/groups/${GROUP.id}/conversations`, (body: Conversation) => Boolean(seen.push(body)))
    .reply(504, { error: { code: 'GatewayTimeout', message: 'timeout', innerError: { 'request-id': 'r' } } });
}

async function postUncertainly(bot: ReturnType<typeof useTestBot>, seen: Conversation[]) {
  nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
  nockGetGroup(GRAPH_TOKEN, GROUP).persist();
  failCreateWith504(seen);
  // The look right after the 504: nothing visible yet.
  nockReconcileCreate(GRAPH_TOKEN, GROUP.id, ME);
  const invoke = createInvoke({ ...VALUES, draftId: DRAFT }, (a) => {
    a.value.authentication = { id: 'auth-1', connectionName: '', token: ssoTokenFor(ALICE) };
  });
  const res = await bot.post('/api/messages', invoke, teamsAuth());
  expect(banner(res.body.value)?.title).toBe(notice('error.post_status_unknown', {}).title);
  return res;
}

describe('Teams mode: the bot settles an uncertain post by itself', () => {
  const bot = useTestBot({
    teams: true,
    env: { RECONCILE_GRACE_MS: '15000' },
    schedule: (delayMs, task) => void tasks.push({ delayMs, task }),
    now: () => Date.now() + ahead
  });
  beforeEach(() => {
    tasks.splice(0);
    ahead = 0;
  });

  it('504 on the create, then the background search finds it: the card becomes the confirmation', async () => {
    const seen: Conversation[] = [];
    await postUncertainly(bot, seen);
    // Scheduled once, after the grace; nothing looked for yet.
    expect(tasks.map((t) => t.delayMs)).toEqual([15_000]);

    const found = nockReconcileCreate(GRAPH_TOKEN, GROUP.id, ME, [
      {
        id: 'AAQkLanded=',
        topic: VALUES.topic,
        lastDeliveredDateTime: new Date().toISOString(),
        uniqueSenders: [ME.displayName]
      }
    ]);
    nockThreadLookup(GRAPH_TOKEN, GROUP.id, 'AAQkLanded=', { threadId: 'AAQkLandedThread=' });
    nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
      .get(`/v1.0/groups/${GROUP.id}/threads/${encodeURIComponent('AAQkLandedThread=')}/posts`)
      .query({ $select: 'id,from,sender,createdDateTime,body' })
      .reply(200, {
        value: [
          {
            id: 'p1',
            from: { emailAddress: { address: ALICE.mail } },
            body: { contentType: 'html', content: `<div>${VALUES.body}</div>` }
          }
        ]
      });
    const updated = nockCardUpdate();
    ahead = 16_000; // the grace is over
    await runScheduled();

    const update = await updated;
    const card = update.attachments[0].content;
    assertValidCard(card);
    expect(update.id).toBe('1732700000002');
    expect(cardTitle(card)).toBe(say('confirmation.title', { group: 'Marketing' }));
    expect(cardTexts(card)).toContain(say('confirmation.conversationId', { id: 'AAQkLanded=' }));
    for (const scope of found) expect(scope.isDone()).toBe(true);
    // It only looked: one create in all.
    expect(seen).toHaveLength(1);
  });

  it('504 on the create, then the background search finds nothing: the form with Try again, all kept', async () => {
    const seen: Conversation[] = [];
    await postUncertainly(bot, seen);
    expect(tasks).toHaveLength(1);

    const absent = nockReconcileCreate(GRAPH_TOKEN, GROUP.id, ME);
    const updated = nockCardUpdate();
    ahead = 16_000; // the grace is over
    await runScheduled();

    const update = await updated;
    const card = update.attachments[0].content;
    assertValidCard(card);
    expect(banner(card)?.title).toBe(notice('error.post_not_found').title);
    expect(inputValues(card)).toMatchObject({ topic: VALUES.topic, body: VALUES.body });
    expect(findAction(card, 'createConversation')).toMatchObject({ title: say('button.tryAgain') });
    for (const scope of absent) expect(scope.isDone()).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('still unknown (Graph cannot be asked): the card is left as it is', async () => {
    const seen: Conversation[] = [];
    await postUncertainly(bot, seen);
    nock(GRAPH)
      .get('/v1.0/me')
      .query(true)
      .reply(503, { error: { code: 'ServiceUnavailable', message: 'x' } });
    const put = nock(TEAMS_SERVICE_URL).put(CLICKED_CARD_PATH).reply(200, {});
    ahead = 16_000;
    await runScheduled();
    expect(put.isDone()).toBe(false);
    nock.cleanAll();
    expect(seen).toHaveLength(1);
  });
});
