// A retry form keeps what was typed within Teams' message size (100 KB in UTF-16; the bot aims
// for far less): the longest message validation allows, multi-byte, is kept on the server for
// that form and person, the card shows its beginning, and Try again posts the whole of it.
// Local mode against nock'd Graph.
import type { Conversation } from '@microsoft/microsoft-graph-types';
import nock from 'nock';
import { buildFormCard, buildReplyFormCard, ECHO_BUDGET_BYTES, utf16Bytes } from '../../src/cards';
import { MAX_STATIC_GROUPS } from '../../src/cards/group-picker';
import { textToHtml } from '../../src/core/body-html';
import { describeError } from '../../src/core/describe-error';
import { AppError } from '../../src/core/errors';
import { markdownSafe } from '../../src/core/markdown-safe';
import { LIMITS } from '../../src/core/validate-draft';
import { say } from '../../src/core/words';
import { cardTexts, findAction, findInput } from '../helpers/card-readers';
import { executeCardAction, nockReply } from '../helpers/conversation-nock';
import { ALICE, BOB } from '../helpers/entra';
import { cardAttachments, createInvoke, fixture } from '../helpers/fixtures';
import { GRAPH, nockCreateConversation, nockGetGroup } from '../helpers/graph-nock';
import { useTestBot } from '../helpers/test-bot';

const LOCAL_TOKEN = `sandbox.${ALICE.aadObjectId}`;
const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const DRAFT = 'd0000000-0000-4000-8000-0000000b1c00';
const REF = { groupId: GROUP.id, conversationId: 'AAQkAGConv1=', threadId: 'AAQkAGThread1=', topic: 'Planning' };

/** The biggest message validation allows (LIMITS.body UTF-16 code units), multi-byte and escape-heavy. */
const LONGEST = (() => {
  const line = 'Grüße aus Zürich 😀 "Q3" — 会議\n';
  return line.repeat(Math.ceil(LIMITS.body / line.length)).slice(0, LIMITS.body);
})();
const FIELDS = { groupId: GROUP.id, topic: 'Launch', participants: '', otherEmails: '' };
const KB = 1024;

const forbidden = { status: 403, body: { error: { code: 'ErrorAccessDenied', message: 'no' } } };

describe('Local mode: a retry form with the longest message stays within the size budget', () => {
  const bot = useTestBot({ env: { GRAPH_BASE_URL: `${GRAPH}/v1.0` } });
  const post = (data: Record<string, unknown>, patch?: Parameters<typeof createInvoke>[1]) =>
    bot.post('/api/messages', createInvoke({ draftId: DRAFT, ...FIELDS, ...data }, patch));

  it('before/after: echoing that message fills the 80 KB budget; keeping it, the form is under 40 KB', () => {
    expect(LONGEST.length).toBe(LIMITS.body);
    // A person in 50 groups (about what the group picker shows without typeahead).
    const groups = Array.from({ length: 50 }, (_, i) => ({
      id: `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`,
      displayName: `Project team ${i} — Contoso EMEA`
    }));
    const form = (body: string, keptBody?: { preview: string; length: number; hours: number }) =>
      buildFormCard({
        draftId: DRAFT,
        groups,
        values: { ...FIELDS, body },
        keptBody,
        error: describeError(new AppError('access_denied', 'x'), 'post')
      });
    const echoed = form(LONGEST);
    const kept = form('', { preview: LONGEST.slice(0, 600), length: LONGEST.length, hours: 24 });
    // The builders stay within the 80 KB budget by construction (size-budget.ts fitList drops group
    // choices when it must): echoing the message alone takes the form to that edge.
    expect(utf16Bytes(echoed)).toBeGreaterThan(75 * KB);
    expect(utf16Bytes(echoed)).toBeLessThanOrEqual(80 * KB);
    expect(utf16Bytes(kept)).toBeLessThan(ECHO_BUDGET_BYTES);
    expect(findInput(kept, 'groupId')?.choices).toHaveLength(MAX_STATIC_GROUPS);
  });

  it(
    'after: kept on the server, the card shows its beginning; ' + 'Try again posts all of it; nobody else can',
    async () => {
      // 1. Graph refuses the post: the form comes back, small, without the message in it.
      nockGetGroup(LOCAL_TOKEN, GROUP);
      const refused: Conversation[] = [];
      nockCreateConversation(LOCAL_TOKEN, GROUP.id, refused, forbidden);
      const res = await post({ body: LONGEST });
      expect(refused).toHaveLength(1);
      expect(refused[0].threads?.[0].posts?.[0].body).toEqual({ contentType: 'html', content: textToHtml(LONGEST) });
      const retry = res.body.value;
      expect(utf16Bytes(retry)).toBeLessThanOrEqual(ECHO_BUDGET_BYTES);
      expect(utf16Bytes(res.body)).toBeLessThanOrEqual(80 * KB);
      expect(JSON.stringify(retry)).not.toContain(LONGEST.slice(0, 2000));
      // The message input is empty and optional (its text is kept); the card says so and shows the beginning.
      expect(findInput(retry, 'body')).toMatchObject({ label: say('input.message.replaceLabel'), isRequired: false });
      expect(findInput(retry, 'body')?.value).toBeUndefined();
      const texts = cardTexts(retry);
      expect(texts).toEqual(
        expect.arrayContaining([say('form.kept.title'), say('form.kept.note', { length: LIMITS.body, hours: 24 })])
      );
      const preview = texts.find((t) => t.startsWith(markdownSafe(LONGEST.slice(0, 40))));
      expect(preview?.endsWith('…')).toBe(true);
      // Every other input as typed; Try again for the same draft.
      expect(findInput(retry, 'topic')?.value).toBe('Launch');
      expect(findAction(retry, 'createConversation')).toMatchObject({
        title: say('button.tryAgain'),
        data: { draftId: DRAFT }
      });

      // 2. Bob presses Try again on the same form (a shared card): Alice's message is not his to post.
      const asBob = await post({ body: '' }, (a) => {
        a.from = { id: '29:1bob', name: BOB.name, aadObjectId: BOB.aadObjectId };
      });
      expect(JSON.stringify(asBob.body)).not.toContain(LONGEST.slice(0, 200));
      expect(findInput(asBob.body.value, 'body')).toMatchObject({ isRequired: true });
      expect(cardTexts(asBob.body.value)).toContain(say('field.message.missing'));

      // 3. Alice's Try again (the Message left empty, as the form sends it) posts the whole message
      // (the group's name is still cached from the first attempt).
      const posted: Conversation[] = [];
      nockCreateConversation(LOCAL_TOKEN, GROUP.id, posted, { status: 201 });
      const done = await post({ body: '' });
      expect(posted).toHaveLength(1);
      expect(posted[0].threads?.[0].posts?.[0].body).toEqual({ contentType: 'html', content: textToHtml(LONGEST) });
      expect(cardTexts(done.body.value)[0]).toBe(say('confirmation.title', { group: GROUP.displayName }));
      expect(nock.pendingMocks()).toEqual([]);
    }
  );

  it("Try again through the form's Action.Submit fallback (older clients) posts the kept message too", async () => {
    nockGetGroup(LOCAL_TOKEN, GROUP);
    nockCreateConversation(LOCAL_TOKEN, GROUP.id, [], forbidden);
    const retry = (await post({ body: LONGEST })).body.value;
    const { fallback } = findAction(retry, 'createConversation');
    const posted: Conversation[] = [];
    nockCreateConversation(LOCAL_TOKEN, GROUP.id, posted, { status: 201 });
    // What an old client sends for the fallback: its data (with the verb) and the inputs, Message empty.
    const res = await bot.post(
      '/api/messages',
      fixture('message-new', (a) => {
        delete a.text;
        a.deliveryMode = 'expectReplies';
        a.value = { ...fallback.data, ...FIELDS, body: '' };
      })
    );
    expect(fallback.data).toEqual({ verb: 'createConversation', draftId: DRAFT });
    expect(posted.map((c) => c.threads?.[0].posts?.[0].body)).toEqual([
      { contentType: 'html', content: textToHtml(LONGEST) }
    ]);
    const [card] = cardAttachments(res.body.activities);
    expect(cardTexts(card)[0]).toBe(say('confirmation.title', { group: GROUP.displayName }));
  });

  it('a message that fits comes back in the card, as typed, and nothing is kept', async () => {
    nockGetGroup(LOCAL_TOKEN, GROUP);
    nockCreateConversation(LOCAL_TOKEN, GROUP.id, [], forbidden);
    const short = 'Hi all,\n**not bold** 😀';
    const res = await post({ body: short });
    expect(findInput(res.body.value, 'body')).toMatchObject({ value: short, isRequired: true });
    expect(cardTexts(res.body.value)).not.toContain(say('form.kept.title'));
    // An empty Message now is just empty: nothing kept to fall back on, and nothing reaches Graph.
    const empty = await post({ body: '' });
    expect(cardTexts(empty.body.value)).toContain(say('field.message.missing'));
  });

  it('the reply form keeps a long reply the same way', async () => {
    const data = { draftId: DRAFT, ...REF, participants: '', otherEmails: '' };
    expect(
      utf16Bytes(buildReplyFormCard({ draftId: DRAFT, conversation: REF, values: { ...data, body: LONGEST } }))
    ).toBeGreaterThan(64 * KB);
    const refused: unknown[] = [];
    nockReply(LOCAL_TOKEN, GROUP.id, REF.threadId, refused, { status: 403 });
    const retry = await executeCardAction(bot, 'replyToThread', { ...data, body: LONGEST });
    expect(refused).toHaveLength(1);
    expect(utf16Bytes(retry)).toBeLessThanOrEqual(ECHO_BUDGET_BYTES);
    expect(cardTexts(retry)).toContain(say('form.kept.title'));

    const seen: { post: { body: unknown } }[] = [];
    nockReply(LOCAL_TOKEN, GROUP.id, REF.threadId, seen);
    const sent = await executeCardAction(bot, 'replyToThread', { ...data, body: '' });
    expect(seen.map((s) => s.post.body)).toEqual([{ contentType: 'html', content: textToHtml(LONGEST) }]);
    expect(cardTexts(sent)[0]).toBe(say('replySent.title', { topic: REF.topic }));
  });
});
