// Issue 13, item 7, for the other two ways to post: a reply, and the message action's dialog. A
// post whose outcome is unknown is looked for again once the grace is over (never posted again):
// - a reply's card is updated in place: found → "Reply sent"; certainly absent → the reply form,
//   text kept, with Try again;
// - a dialog cannot be updated once answered, so what the look finds goes to the person's 1:1 chat:
//   found → the confirmation; absent → the chat form (Action.Execute, the same draft) with Try again.
// Scheduling is passed in: the test runs the look, with the bot's clock past the grace.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { nockCardUpdate } from '../helpers/card-update-nock';
import { signInThroughACard } from '../helpers/sign-in-through-a-card';
import { ALICE, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { fixture } from '../helpers/fixtures';
import { GRAPH, nockReconcileCreate, nockResolveUsers, nockTokenEndpoint } from '../helpers/graph-nock';
import { cardAction, nockReply } from '../helpers/conversation-nock';
import { nockPersonalChat } from '../helpers/personal-chat-nock';
import { assertValidCard } from '../helpers/card-schema';
import { actionData, banner, cardTitle, findAction, inputValues } from '../helpers/card-readers';
import { describeError } from '../../src/core/describe-error';
import { AppError } from '../../src/core/errors';
import { notice, say } from '../../src/core/words';

const GRAPH_TOKEN = 'graph-token-for-alice';
const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const ME = { id: ALICE.aadObjectId, displayName: ALICE.name, mail: ALICE.mail };
const BOB = { id: 'b0b00000-0000-4000-8000-000000000b0b', displayName: 'Bob Stone', mail: 'bob@contoso.test' };
const THREAD_ID = 'AAQkAGThread1+/=';
const REPLY = {
  draftId: 'd0000000-0000-4000-8000-00000000e8e8',
  groupId: GROUP.id,
  conversationId: 'AAQkAGConversation1=',
  threadId: THREAD_ID,
  topic: 'Quarterly planning',
  body: 'Thanks all, see you Friday.',
  participants: '',
  otherEmails: ''
};
const submitData = fixture('invoke-message-action-submit').value.data;

const tasks: { delayMs: number; task: () => Promise<void> }[] = [];
let ahead = 0;
const runScheduled = async () => {
  for (const { task } of tasks.splice(0)) await task();
};

/** The thread's posts as the look reads them: `mine` adds Alice's reply (Graph's from = the group). */
function nockThreadPosts(mine: boolean): nock.Scope[] {
  const theirs = {
    id: 'p1',
    from: { emailAddress: { name: 'Bob', address: BOB.mail } },
    createdDateTime: new Date(Date.now() - 3_600_000).toISOString()
  };
  const ours = {
    id: 'p2',
    createdDateTime: new Date().toISOString(),
    body: { contentType: 'html', content: `<html><body><div>${REPLY.body}</div></body></html>` },
    from: { emailAddress: { name: GROUP.displayName, address: GROUP.mail } },
    sender: { emailAddress: { name: ALICE.name, address: ALICE.mail } }
  };
  return [
    nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
      .get('/v1.0/me')
      .query({ $select: 'id,displayName,mail,userPrincipalName' })
      .reply(200, ME),
    nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
      .get(`/v1.0/groups/${GROUP.id}/threads/${encodeURIComponent(THREAD_ID)}/posts`)
      .query({ $select: 'id,from,sender,createdDateTime,body' })
      .reply(200, { value: mine ? [theirs, ours] : [theirs] })
  ];
}

describe('Teams mode: the bot settles an uncertain reply or dialog post by itself', () => {
  const bot = useTestBot({
    teams: true,
    env: { RECONCILE_GRACE_MS: '15000' },
    schedule: (delayMs, task) => void tasks.push({ delayMs, task }),
    now: () => Date.now() + ahead,
    newDraftId: () => submitData.draftId
  });
  beforeEach(() => {
    tasks.splice(0);
    ahead = 0;
  });

  /** Reply's Post with Alice's SSO token; Graph answers 504 and the first look finds nothing. */
  async function replyUncertainly(sent: unknown[]): Promise<void> {
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    nockReply(GRAPH_TOKEN, GROUP.id, THREAD_ID, sent, { status: 504 });
    const firstLook = nockThreadPosts(false);
    const invoke = cardAction('replyToThread', REPLY, (a) => {
      a.value.authentication = { id: 'auth-1', connectionName: '', token: ssoTokenFor(ALICE) };
    });
    const res = await bot.post('/api/messages', invoke, teamsAuth());
    expect(banner(res.body.value)?.title).toBe(describeError(new AppError('post_status_unknown', 'x'), 'reply').title);
    for (const scope of firstLook) expect(scope.isDone()).toBe(true);
    expect(tasks.map((t) => t.delayMs)).toEqual([15_000]);
  }

  it('a reply answered 504, then found by the background look: its card becomes "Reply sent"', async () => {
    const sent: unknown[] = [];
    await replyUncertainly(sent);

    const look = nockThreadPosts(true);
    const updated = nockCardUpdate();
    ahead = 16_000;
    await runScheduled();

    const card = (await updated).attachments[0].content;
    assertValidCard(card);
    expect(cardTitle(card)).toBe(say('replySent.title', { topic: REPLY.topic }));
    for (const scope of look) expect(scope.isDone()).toBe(true);
    expect(sent).toHaveLength(1);
  });

  it('a reply answered 504, certainly absent on the background look: the reply form, kept, with Try again', async () => {
    const sent: unknown[] = [];
    await replyUncertainly(sent);

    const look = nockThreadPosts(false);
    const updated = nockCardUpdate();
    ahead = 16_000;
    await runScheduled();

    const card = (await updated).attachments[0].content;
    assertValidCard(card);
    expect(banner(card)?.title).toBe(notice('error.post_not_found').title);
    expect(inputValues(card)).toMatchObject({ body: REPLY.body });
    expect(findAction(card, 'replyToThread')).toMatchObject({ title: say('button.tryAgain') });
    for (const scope of look) expect(scope.isDone()).toBe(true);
    expect(sent).toHaveLength(1);
  });

  async function dialogPostUncertainly(creates: Conversation[]): Promise<void> {
    await signInThroughACard(bot, GRAPH_TOKEN, GROUP);
    nockResolveUsers(GRAPH_TOKEN, [BOB.id], [BOB]);
    nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
      .post(`/v1.0/groups/${GROUP.id}/conversations`, (body: Conversation) => Boolean(creates.push(body)))
      .reply(504, { error: { code: 'GatewayTimeout', message: 'timeout' } });
    const firstLook = nockReconcileCreate(GRAPH_TOKEN, GROUP.id, ME);
    const res = await bot.post('/api/messages', fixture('invoke-message-action-submit'), teamsAuth());
    // Answered in time: the dialog shows its form with "couldn't confirm".
    const card = res.body.task.value.card.content;
    expect(banner(card)?.title).toBe(notice('error.post_status_unknown', {}).title);
    for (const scope of firstLook) expect(scope.isDone()).toBe(true);
    expect(tasks.map((t) => t.delayMs)).toEqual([15_000]);
  }

  it('a dialog Post answered 504, then found by the background look: the confirmation in the 1:1 chat', async () => {
    const creates: Conversation[] = [];
    await dialogPostUncertainly(creates);

    nockResolveUsers(GRAPH_TOKEN, [BOB.id], [BOB]);
    const row = { id: 'AAQkLanded=', topic: submitData.topic, lastDeliveredDateTime: new Date().toISOString() };
    const look = nockReconcileCreate(GRAPH_TOKEN, GROUP.id, ME, [{ ...row, uniqueSenders: [ME.displayName] }]);
    nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
      .get(`/v1.0/groups/${GROUP.id}/conversations/${encodeURIComponent(row.id)}/threads`)
      .query({ $select: 'id' })
      .reply(200, { value: [{ id: 'AAQkLandedThread=' }] })
      .get(`/v1.0/groups/${GROUP.id}/threads/${encodeURIComponent('AAQkLandedThread=')}/posts`)
      .query({ $select: 'id,from,sender,createdDateTime,body' })
      .reply(200, { value: [{ id: 'p1', from: { emailAddress: { address: ALICE.mail } } }] });
    const chat = nockPersonalChat({ nockToken: false });
    ahead = 16_000;
    await runScheduled();

    const [card] = (await chat.firstMessage).attachments.map((a: any) => a.content);
    assertValidCard(card);
    expect(cardTitle(card)).toBe(say('confirmation.title', { group: GROUP.displayName }));
    for (const scope of look) expect(scope.isDone()).toBe(true);
    expect(creates).toHaveLength(1);
  });

  it('a dialog Post answered 504, certainly absent: the chat form with Try again in the 1:1 chat', async () => {
    const creates: Conversation[] = [];
    await dialogPostUncertainly(creates);

    const look = nockReconcileCreate(GRAPH_TOKEN, GROUP.id, ME);
    const chat = nockPersonalChat({ nockToken: false });
    ahead = 16_000;
    await runScheduled();

    const [card] = (await chat.firstMessage).attachments.map((a: any) => a.content);
    assertValidCard(card);
    expect(banner(card)?.title).toBe(notice('error.post_not_found').title);
    expect(inputValues(card)).toMatchObject({ topic: submitData.topic, body: submitData.body });
    // The chat form's Post (Action.Execute) on the same draft: Try again there works.
    const tryAgain = findAction(card, 'createConversation');
    expect(tryAgain).toMatchObject({ type: 'Action.Execute', title: say('button.tryAgain') });
    expect(actionData(tryAgain)).toMatchObject({ draftId: submitData.draftId });
    for (const scope of look) expect(scope.isDone()).toBe(true);
    expect(creates).toHaveLength(1);
  });
});
