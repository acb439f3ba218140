// The message action against Teams' 5 s limit for message extensions (ME_INVOKE_DEADLINE_MS, 200 ms
// here): Graph is held until the test lets it answer, so each invoke is answered before Graph
// does — no timing is asserted, only what was answered and what went out, in order.
// - fetchTask: "still loading" in time; the read goes on (once, however often the dialog is
//   opened meanwhile) and the next open shows the form from it.
// - submitAction: the dialog closes in time; the result reaches the person's 1:1 chat with the bot
//   (the connector's create-conversation, then the message); Teams' two retries of the same
//   submit post nothing more and send no second result.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { signInThroughACard } from '../helpers/sign-in-through-a-card';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { BOB, BOT_ID, TENANT_ID } from '../helpers/entra';
import { createInvoke, fixture } from '../helpers/fixtures';
import { GRAPH, nockCreateConversation, nockResolveUsers } from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { nockPersonalChat, PERSONAL_CHAT } from '../helpers/personal-chat-nock';
import { actionData, cardTitle, findAction, findInput, inputValues } from '../helpers/card-readers';
import { expectRetryForm } from '../helpers/retry-form';
import { describeError } from '../../src/core/describe-error';
import { AppError } from '../../src/core/errors';
import { say } from '../../src/core/words';

const GRAPH_TOKEN = 'graph-token-for-alice';
const DRAFT = 'd0000000-0000-4000-8000-00000000d1a1';
const MARKETING = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'm@contoso.test' };
const submitData = fixture('invoke-message-action-submit').value.data;

/** A Graph answer the test releases: the request is recorded when it arrives. */
function held<T>(): { release: (value: T) => void; answer: Promise<T> } {
  let release: (value: T) => void = () => undefined;
  const answer = new Promise<T>((resolve) => (release = resolve));
  return { release, answer };
}

/** Resolves once a log line contains `text` (the late work's last step). */
async function logged(logs: string[], text: string): Promise<void> {
  while (!logs.some((l) => l.includes(text))) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('Teams mode: the message action within the message extension deadline', () => {
  const bot = useTestBot({ teams: true, env: { ME_INVOKE_DEADLINE_MS: '200' }, newDraftId: () => DRAFT });

  it('fetchTask with Graph slow: "still loading" in time, one read, then the form from that read', async () => {
    await signInThroughACard(bot, GRAPH_TOKEN, MARKETING);
    const groups = held<void>();
    let reads = 0;
    nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
      .get('/v1.0/me/memberOf/microsoft.graph.group')
      .query(true)
      .reply(async () => {
        reads++;
        await groups.answer;
        return [200, { value: [{ ...MARKETING, groupTypes: ['Unified'], visibility: 'Public' }] }];
      });

    const stillLoading = { task: { type: 'message', value: say('dialog.stillLoading') } };
    const first = await bot.post('/api/messages', fixture('invoke-message-action-fetch'), teamsAuth());
    expect(first.status).toBe(200);
    expect(first.body).toEqual(stillLoading);
    // Opened again while the read is still running: the same answer, and no second read.
    const again = await bot.post('/api/messages', fixture('invoke-message-action-fetch'), teamsAuth());
    expect(again.body).toEqual(stillLoading);
    groups.release();
    await logged(bot.logs, 'its reads are cached for the next open');
    expect(reads).toBe(1);

    // Nothing more is nocked: the form comes from the read above.
    const opened = await bot.post('/api/messages', fixture('invoke-message-action-fetch'), teamsAuth());
    expect(opened.body.task.type).toBe('continue');
    const form = opened.body.task.value.card.content;
    assertValidCard(form);
    expect(findInput(form, 'groupId')?.choices).toEqual([{ title: 'Marketing', value: MARKETING.id }]);
    expect(inputValues(form)).toMatchObject({ topic: submitData.topic, participants: BOB.aadObjectId });
    expect(reads).toBe(1);
  });

  it(
    'submitAction with Graph slow, delivered three times (Teams retries): each closes the dialog, ' +
      'one Graph POST, one confirmation in the 1:1 chat',
    async () => {
      await signInThroughACard(bot, GRAPH_TOKEN, MARKETING);
      nockResolveUsers(
        GRAPH_TOKEN,
        [BOB.aadObjectId],
        [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]
      );
      const graph = held<void>();
      const posts: Conversation[] = [];
      nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
        .post(`/v1.0/groups/${MARKETING.id}/conversations`, (body: Conversation) => Boolean(posts.push(body)))
        .reply(async () => {
          await graph.answer;
          return [201, { id: 'slow-conversation', threads: [{ id: 'slow-thread' }] }];
        });
      const chat = nockPersonalChat();

      for (let delivery = 1; delivery <= 3; delivery++) {
        const res = await bot.post('/api/messages', fixture('invoke-message-action-submit'), teamsAuth());
        expect(res.status).toBe(200);
        expect(res.body).toEqual({});
      }
      expect(posts).toHaveLength(1);
      expect(chat.created).toEqual([]);
      graph.release();

      const message = await chat.firstMessage;
      await logged(bot.logs, 'the late dialog result was sent to the 1:1 chat');
      // The 1:1 conversation, asked for as Teams documents it: the sender's Teams id, the bot, the tenant.
      expect(chat.created).toEqual([
        {
          isGroup: false,
          bot: { id: `28:${BOT_ID}`, name: 'Group Conversations' },
          members: [{ id: '29:1alice-teams-user-id' }],
          tenantId: TENANT_ID,
          channelData: { tenant: { id: TENANT_ID } }
        }
      ]);
      expect(chat.sent).toHaveLength(1);
      // Into the conversation itself, from the bot: not a reply to botbuilder's stand-in activity.
      expect(message).toMatchObject({
        type: 'message',
        conversation: { id: PERSONAL_CHAT },
        from: { id: `28:${BOT_ID}` }
      });
      expect(message.replyToId).toBeUndefined();
      expect(message.attachments).toHaveLength(1);
      const card = message.attachments[0].content;
      assertValidCard(card);
      expect(cardTitle(card)).toBe(say('confirmation.title', { group: 'Marketing' }));
      expect(posts).toHaveLength(1);
    }
  );

  it('a submitAction failing after the deadline: the chat form with the typed text in the 1:1 chat', async () => {
    await signInThroughACard(bot, GRAPH_TOKEN, MARKETING);
    nockResolveUsers(GRAPH_TOKEN, [BOB.aadObjectId], [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]);
    const graph = held<void>();
    nock(GRAPH)
      .post(`/v1.0/groups/${MARKETING.id}/conversations`)
      .reply(async () => {
        await graph.answer;
        return [403, { error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } }];
      });
    const chat = nockPersonalChat();

    const res = await bot.post('/api/messages', fixture('invoke-message-action-submit'), teamsAuth());
    expect(res.body).toEqual({});
    graph.release();

    const message = await chat.firstMessage;
    expect(chat.created).toHaveLength(1);
    const [card] = message.attachments.map((a: any) => a.content);
    assertValidCard(card);
    const { title, text } = describeError(new AppError('access_denied', 'test'));
    // The chat's form (Action.Execute, the same draft), not the dialog's: Try again works in the chat.
    expectRetryForm(card, {
      values: {
        groupId: MARKETING.id,
        topic: submitData.topic,
        body: submitData.body,
        participants: BOB.aadObjectId,
        otherEmails: ''
      },
      draftId: DRAFT,
      banner: { title, text },
      // Built for the group chat the message was in (single-group), though it is sent to the 1:1 chat.
      scope: 'shared'
    });

    // Try again there: the chat form's Action.Execute on the same draft posts, once, and confirms in place.
    nockResolveUsers(GRAPH_TOKEN, [BOB.aadObjectId], [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]);
    const posts: Conversation[] = [];
    nockCreateConversation(GRAPH_TOKEN, MARKETING.id, posts);
    const tryAgain = createInvoke({ ...inputValues(card), ...actionData(findAction(card, 'createConversation')) });
    const retried = await bot.post('/api/messages', tryAgain, teamsAuth());
    expect(retried.body.statusCode).toBe(200);
    expect(cardTitle(retried.body.value)).toBe(say('confirmation.title', { group: 'Marketing' }));
    expect(posts).toHaveLength(1);
    expect(posts[0].topic).toBe(submitData.topic);
  });
});
