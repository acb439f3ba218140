// Issue 14: the form contexts and kept messages may live in a shared store that fails (Azure Blob
// Storage unreachable). Post and Reply read them before any Graph call, so a store that rejects
// means nothing was sent: the person gets their form back, every input kept, with "Can't post right
// now". A store that fails after the post (shortening a kept message's expiry) never fails the post.
// Local mode against nock'd Graph; the failing stores are put in through useTestBot's `deps`.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { PLAYGROUND_SERVICE_URL } from '../helpers/bot-framework-auth';
import { ALICE } from '../helpers/entra';
import { createInvoke, fixture } from '../helpers/fixtures';
import { GRAPH, nockCreateConversation, nockGetGroup, nockHeldCreate } from '../helpers/graph-nock';
import { executeCardAction, nockReply } from '../helpers/conversation-nock';
import { assertValidCard } from '../helpers/card-schema';
import { actionData, banner, cardTitle, findAction, inputValues } from '../helpers/card-readers';
import { expectRetryForm } from '../helpers/retry-form';
import { describeError } from '../../src/core/describe-error';
import { AppError } from '../../src/core/errors';
import { LIMITS } from '../../src/core/validate-draft';
import { say } from '../../src/core/words';
import type { KeptDraftStore } from '../../src/storage/kept-draft-store';

const LOCAL_TOKEN = `sandbox.${ALICE.aadObjectId}`;
const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const DRAFT = 'd0000000-0000-4000-8000-000000000001';
const VALUES = {
  groupId: GROUP.id,
  topic: 'Quarterly planning',
  body: 'Hi all,\nplease review the plan by Friday.',
  participants: '',
  otherEmails: 'partner@fabrikam.test'
};
const REF = { groupId: GROUP.id, conversationId: 'AAQkAGConversation1=', threadId: 'AAQkAGThread1=', topic: 'Plan' };
const KEPT = 'The message Alice kept, too long for the card.';

const unavailable = () => Promise.reject(new AppError('storage_unavailable', 'the test store is down'));
const storageBanner = (during: 'post' | 'reply' = 'post') => {
  const { title, text } = describeError(new AppError('storage_unavailable', 'x'), during);
  return { title, text };
};
const env = { GRAPH_BASE_URL: `${GRAPH}/v1.0` };

/** The Graph calls a Post would make, recording: none of them may be consumed when the store fails. */
function arrangeGraph() {
  const created: Conversation[] = [];
  const scopes = [nockGetGroup(LOCAL_TOKEN, GROUP), nockCreateConversation(LOCAL_TOKEN, GROUP.id, created)];
  return { created, scopes };
}

describe('a form-context store that fails', () => {
  const bot = useTestBot({ env, deps: (built) => ({ forms: { ...built.forms, get: unavailable } }) });

  it('Post → "Can\'t post right now" on the form, every input kept, and no Graph call', async () => {
    const graph = arrangeGraph();

    const res = await bot.post('/api/messages', createInvoke({ ...VALUES, draftId: DRAFT }));

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    assertValidCard(res.body.value);
    expect(storageBanner().title).toBe("Can't post right now");
    expectRetryForm(res.body.value, { values: VALUES, draftId: DRAFT, banner: storageBanner() });
    expect(graph.created).toEqual([]);
    for (const scope of graph.scopes) expect(scope.isDone()).toBe(false);
    expect(bot.logs.join('\n')).toContain('nothing posted');
  });

  it("the message action's Post → the dialog's form again with the banner, and no Graph call", async () => {
    const graph = arrangeGraph();
    const submit = fixture('invoke-message-action-submit', (a) => {
      a.deliveryMode = 'expectReplies';
    });

    const res = await bot.post('/api/messages', submit);

    const answers = res.body.activities.filter((a: { type: string }) => a.type === 'invokeResponse');
    expect(answers).toHaveLength(1);
    const { task } = answers[0].value.body;
    expect(task.type).toBe('continue');
    const form = task.value.card.content;
    assertValidCard(form);
    expect(banner(form)).toEqual(storageBanner());
    expect(inputValues(form)).toMatchObject({ topic: submit.value.data.topic, body: submit.value.data.body });
    expect(graph.created).toEqual([]);
    for (const scope of graph.scopes) expect(scope.isDone()).toBe(false);
  });
});

describe('a kept-draft store that cannot read', () => {
  // The built store, to keep a message before and look at it after (only its `get` fails).
  const real: { kept?: KeptDraftStore } = {};
  const bot = useTestBot({
    env,
    deps: (built) => {
      real.kept = built.keptDrafts;
      return { keptDrafts: { ...built.keptDrafts, get: unavailable } };
    }
  });

  it('Post with the Message left for the kept one → the form again, nothing posted, the kept one kept', async () => {
    const kept = real.kept as KeptDraftStore;
    await kept.keep(DRAFT, ALICE.aadObjectId, KEPT, Date.now());
    const graph = arrangeGraph();

    const res = await bot.post('/api/messages', createInvoke({ ...VALUES, body: '', draftId: DRAFT }));

    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    assertValidCard(res.body.value);
    expectRetryForm(res.body.value, { values: { ...VALUES, body: '' }, draftId: DRAFT, banner: storageBanner() });
    expect(graph.created).toEqual([]);
    for (const scope of graph.scopes) expect(scope.isDone()).toBe(false);
    // An empty Message is never a reason to forget the kept one: Try again posts it once the store is back.
    expect(await kept.get(DRAFT, ALICE.aadObjectId, Date.now())).toBe(KEPT);
  });

  it('Reply with the Message left for the kept one → the reply form again with the banner', async () => {
    const seen: unknown[] = [];
    const reply = nockReply(LOCAL_TOKEN, GROUP.id, REF.threadId, seen);

    const card = await executeCardAction(bot, 'replyToThread', {
      draftId: DRAFT,
      ...REF,
      body: '',
      participants: '',
      otherEmails: ''
    });

    expect(banner(card)).toEqual(storageBanner('reply'));
    expect(inputValues(card)).toMatchObject({ body: '' });
    expect(seen).toEqual([]);
    expect(reply.isDone()).toBe(false);
  });
});

describe('a kept-draft store that fails after the post', () => {
  const bot = useTestBot({ env, deps: (built) => ({ keptDrafts: { ...built.keptDrafts, expireBy: unavailable } }) });

  it('Post → the confirmation: the conversation was created, whatever the store says afterwards', async () => {
    const graph = arrangeGraph();

    const res = await bot.post('/api/messages', createInvoke({ ...VALUES, draftId: DRAFT }));

    assertValidCard(res.body.value);
    expect(cardTitle(res.body.value)).toBe(say('confirmation.title', { group: GROUP.displayName }));
    expect(graph.created).toHaveLength(1);
    for (const scope of graph.scopes) expect(scope.isDone()).toBe(true);
    expect(bot.logs.join('\n')).toContain('could not shorten how long the kept message stays');
  });
});

describe('a kept-draft store that cannot keep, while a long post outlasts the invoke deadline', () => {
  const bot = useTestBot({
    env: { ...env, INVOKE_DEADLINE_MS: '300' },
    deps: (built) => ({ keptDrafts: { ...built.keptDrafts, keep: unavailable } })
  });

  it('answers "Posting…", its Check status without the message (never "nothing was sent")', async () => {
    nockGetGroup(LOCAL_TOKEN, GROUP);
    const created: Conversation[] = [];
    // Graph answers when the test lets it: the post is under way while the invoke is answered.
    const releaseGraph = nockHeldCreate(GROUP.id, undefined, created);
    // The Agents Playground's connector (local mode): the update of the card Alice pressed.
    const updated = new Promise<any>((resolve) => {
      nock(PLAYGROUND_SERVICE_URL)
        .put(`/v3/conversations/${encodeURIComponent('a:1personal-chat-alice')}/activities/1732700000002`, (b) => {
          resolve(b);
          return true;
        })
        .reply(200, { id: '1732700000002' });
    });
    // Too long for the Posting card to carry (ECHO_BUDGET_BYTES): it would be kept, but cannot be.
    const body = 'x'.repeat(LIMITS.body);

    const res = await bot.post('/api/messages', createInvoke({ ...VALUES, body, draftId: DRAFT }));

    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const posting = res.body.value;
    assertValidCard(posting);
    expect(cardTitle(posting)).toBe(say('posting.title'));
    expect(actionData(findAction(posting, 'createConversation'))).toMatchObject({ draftId: DRAFT, body: '' });
    expect(bot.logs.join('\n')).toContain('could not keep the long message for Check status');
    // The post itself goes on, with the whole message, and its result replaces the Posting card.
    releaseGraph();
    const update = await updated;
    expect(cardTitle(update.attachments[0].content)).toBe(say('confirmation.title', { group: GROUP.displayName }));
    expect(created).toHaveLength(1);
    expect(created[0].threads?.[0].posts?.[0].body?.content).toContain(body);
  });
});
