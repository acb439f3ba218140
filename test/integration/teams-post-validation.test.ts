// Teams mode, what the server checks on every Post before any token or Graph call: card data is
// client input and may be forged. A bad field comes back as the form with the field's own error;
// good but hostile text is posted escaped; a form is posted once however often it is submitted.
// Also the Action.Submit fallback (a message activity) for clients without Universal Actions.
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { ALICE, BOB, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { cardAttachments, createInvoke, fixture } from '../helpers/fixtures';
import {
  assertConversationBody,
  nockCreateConversation,
  nockGetGroup,
  nockResolveUsers,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { banner, cardButtons, cardTexts, cardTitle, findAction, inputValues } from '../helpers/card-readers';
import { expectRetryForm, fieldErrors } from '../helpers/retry-form';
import { isGuid } from '../../src/core/validate-draft';
import { notice, say } from '../../src/core/words';

const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const GRAPH_TOKEN = 'graph-access-token-for-alice';
const DRAFT = 'd0000000-0000-4000-8000-0000000da7a0';
const VALID = {
  groupId: GROUP.id,
  topic: 'Quarterly planning',
  body: 'Hi all,\nplease review the plan by Friday.',
  participants: BOB.aadObjectId,
  otherEmails: 'partner@fabrikam.test'
};
const guid = (i: number) => `0000${String(i).padStart(4, '0')}-0000-4000-8000-000000000000`;

const auth = () => teamsAuth();
/** The form's Post button: the one Action.Execute for createConversation among the card's buttons. */
const postButton = (card: any) => {
  const action = findAction(card, 'createConversation');
  expect(cardButtons(card)).toContain(action);
  expect(action.type).toBe('Action.Execute');
  return action;
};
/** A Post from the form, as Alice, with her SSO token attached (so only validation stops it). */
const post = (data: Record<string, unknown>, verb = 'createConversation') =>
  createInvoke({ ...VALID, draftId: DRAFT, ...data }, (a) => {
    a.value.action.verb = verb;
    a.value.authentication = { id: 'auth-1', connectionName: '', token: ssoTokenFor(ALICE) };
  });

/** Entra ID and Graph ready to answer: validation failures must leave every one of these untouched. */
function armTraps() {
  const obo: OboRequest[] = [];
  const seen: Conversation[] = [];
  const scopes = [
    nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) }),
    nockGetGroup(GRAPH_TOKEN, GROUP),
    nockResolveUsers(GRAPH_TOKEN, [BOB.aadObjectId], [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]),
    nockCreateConversation(GRAPH_TOKEN, GROUP.id, seen)
  ];
  return {
    expectUntouched() {
      expect(obo).toEqual([]);
      expect(seen).toEqual([]);
      for (const scope of scopes) expect(scope.isDone()).toBe(false);
    }
  };
}

/** One bad field: what is sent, the input it concerns, its message, and inputs shown otherwise than sent. */
type Case = { data: Record<string, unknown>; field: string; message: string; shown?: Record<string, unknown> };

describe('Teams mode: the server validates every Post before calling anything', () => {
  const bot = useTestBot({ teams: true });

  describe('a bad field → the form again, the error under that input, nothing called', () => {
    const longTopic = 'T'.repeat(300);
    it.each([
      {
        name: 'a tampered groupId',
        data: { groupId: '../../users/x' },
        field: 'groupId',
        message: say('field.group.notInList')
      },
      { name: 'an empty groupId', data: { groupId: '' }, field: 'groupId', message: say('field.group.missing') },
      {
        name: 'a 300-character topic',
        data: { topic: longTopic },
        field: 'topic',
        message: say('field.topic.tooLong', { max: 255 })
      },
      {
        name: 'a whitespace-only topic',
        data: { topic: ' \t  ' },
        field: 'topic',
        message: say('field.topic.missing')
      },
      { name: 'an empty body', data: { body: '' }, field: 'body', message: say('field.message.missing') },
      {
        name: 'a body of 32,001 characters',
        data: { body: 'b'.repeat(32_001) },
        field: 'body',
        message: say('field.message.tooLong', { max: 32_000 }),
        // Too long to show again within Teams' message size: kept on the server, the input empty.
        shown: { body: undefined }
      },
      {
        name: 'a participant that is not a GUID',
        data: { participants: `${BOB.aadObjectId},../me` },
        field: 'participants',
        message: say('field.participants.notPicked')
      },
      {
        name: '101 participants',
        data: { participants: Array.from({ length: 101 }, (_, i) => guid(i)).join(',') },
        field: 'participants',
        message: say('field.participants.tooMany', { max: 100 })
      },
      {
        name: 'a bad email among good ones',
        data: { otherEmails: 'not-an-email; ok@contoso.test' },
        field: 'otherEmails',
        message: say('field.otherEmails.invalid', { addresses: ['not-an-email'], more: false })
      }
    ])('$name', async ({ data, field, message, shown }: Case) => {
      const traps = armTraps();
      const res = await bot.post('/api/messages', post(data), auth());

      expect(res.status).toBe(200);
      expect(res.body.statusCode).toBe(200);
      const card = res.body.value;
      assertValidCard(card);
      // Every input exactly as submitted (the 300-character topic too), "Try again" for the same draft.
      expectRetryForm(card, {
        values: { ...VALID, ...data, ...shown },
        draftId: DRAFT,
        banner: notice('error.validation_failed', { refreshed: false, fields: 1 })
      });
      expect(fieldErrors(card)).toEqual({ [field]: message });
      traps.expectUntouched();
    });

    it.each([
      { name: 'a number as topic', data: { topic: 42 }, field: 'topic', shown: { topic: '42' } },
      { name: 'an object as body', data: { body: { html: '<b>x</b>' } }, field: 'body', shown: {} }
    ])('$name → no crash, "wrong type" under the input', async ({ data, field, shown }) => {
      const traps = armTraps();
      const res = await bot.post('/api/messages', post(data), auth());

      expect(res.body.statusCode).toBe(200);
      const card = res.body.value;
      assertValidCard(card);
      expect(fieldErrors(card)).toEqual({ [field]: say('field.wrongType') });
      expect(banner(card)?.title).toBe(notice('error.validation_failed', { refreshed: false, fields: 1 }).title);
      const values = inputValues(card);
      expect(typeof values[field]).toBe('string');
      expect(values).toMatchObject({ ...VALID, [field]: expect.any(String), ...shown });
      expect(postButton(card).data.draftId).toBe(DRAFT);
      traps.expectUntouched();
    });

    it.each([
      { name: 'a forged draftId', draftId: 'x' as string | undefined },
      { name: 'a missing draftId', draftId: undefined }
    ])('$name → the form comes back with a new valid draftId', async ({ draftId }) => {
      const traps = armTraps();
      const invoke = post({});
      if (draftId === undefined) delete invoke.value.action.data.draftId;
      else invoke.value.action.data.draftId = draftId;
      const res = await bot.post('/api/messages', invoke, auth());

      expect(res.body.statusCode).toBe(200);
      const card = res.body.value;
      assertValidCard(card);
      const { data, fallback } = postButton(card);
      expect(isGuid(data.draftId)).toBe(true);
      expect(data.draftId).not.toBe('x');
      expect(data.draftId).not.toBe(DRAFT);
      expect(fallback.data.draftId).toBe(data.draftId);
      // The 1:1 chat's form also has "Post to all my groups" (issue 15), off as it was.
      expect(inputValues(card)).toEqual({ ...VALID, allGroups: 'false' });
      // No input is wrong, so none is marked, and the banner must not claim one is.
      expect(fieldErrors(card)).toEqual({});
      expect(banner(card)).toEqual(notice('error.validation_failed.retry', { refreshed: true }));
      traps.expectUntouched();
    });
  });

  describe('a valid form', () => {
    /** Alice's token and the group; `participants` are resolved by the caller's own nock. */
    const arrange = (seen: Conversation[]) => {
      nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
      nockGetGroup(GRAPH_TOKEN, GROUP);
      return nockCreateConversation(GRAPH_TOKEN, GROUP.id, seen);
    };

    it('posts typed markup as text: <script> arrives escaped', async () => {
      const seen: Conversation[] = [];
      arrange(seen);
      const res = await bot.post(
        '/api/messages',
        post({ body: '<script>alert(1)</script>', participants: '', otherEmails: '' }),
        auth()
      );
      expect(res.body.statusCode).toBe(200);
      assertValidCard(res.body.value);
      expect(seen).toHaveLength(1);
      expect(seen[0].threads?.[0].posts?.[0].body).toEqual({
        contentType: 'html',
        content: '&lt;script&gt;alert(1)&lt;/script&gt;'
      });
      assertConversationBody(seen[0]);
    });

    it('accepts a topic of exactly 255 characters and sends it whole', async () => {
      const seen: Conversation[] = [];
      const graph = arrange(seen);
      const topic = `${'x'.repeat(254)}!`;
      const res = await bot.post('/api/messages', post({ topic, participants: '', otherEmails: '' }), auth());
      expect(res.body.statusCode).toBe(200);
      assertValidCard(res.body.value);
      expect(banner(res.body.value)).toBeUndefined();
      expect(graph.isDone()).toBe(true);
      expect(seen[0].topic).toBe(topic);
      assertConversationBody(seen[0]);
    });

    it('sends a participant picked twice (in any case) once', async () => {
      const seen: Conversation[] = [];
      arrange(seen);
      // The users lookup matches only a filter naming Bob once.
      const users = nockResolveUsers(
        GRAPH_TOKEN,
        [BOB.aadObjectId],
        [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]
      );
      const participants = [BOB.aadObjectId, BOB.aadObjectId.toUpperCase(), BOB.aadObjectId].join(',');
      const res = await bot.post(
        '/api/messages',
        post({ participants, otherEmails: 'BOB@contoso.test; partner@fabrikam.test' }),
        auth()
      );
      expect(res.body.statusCode).toBe(200);
      assertValidCard(res.body.value);
      expect(users.isDone()).toBe(true);
      expect(seen[0].threads?.[0].posts?.[0].newParticipants).toEqual([
        { emailAddress: { name: BOB.name, address: BOB.mail } },
        { emailAddress: { name: 'partner@fabrikam.test', address: 'partner@fabrikam.test' } }
      ]);
    });

    it('the same form submitted twice posts once and answers both times with the same confirmation', async () => {
      const seen: Conversation[] = [];
      arrange(seen);
      const second = nockCreateConversation(GRAPH_TOKEN, GROUP.id, seen, {
        status: 201,
        body: { id: 'conv-dup', threads: [{ id: 'thread-dup' }] }
      });
      const form = post({ participants: '', otherEmails: '' });

      const first = await bot.post('/api/messages', form, auth());
      const again = await bot.post('/api/messages', form, auth());

      expect(first.body.statusCode).toBe(200);
      assertValidCard(first.body.value);
      assertValidCard(again.body.value);
      expect(cardTexts(first.body.value)).toContain(say('confirmation.conversationId', { id: 'AAQkAGConversation1=' }));
      expect(again.body).toEqual(first.body);
      expect(seen).toHaveLength(1);
      expect(second.isDone()).toBe(false);
    });
  });

  it('an unknown verb → an error response, nothing called', async () => {
    const traps = armTraps();
    const res = await bot.post('/api/messages', post({}, 'deleteEverything'), auth());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'unknown_action', message: expect.stringContaining(notice('notice.unknownAction').text) }
    });
    traps.expectUntouched();
  });

  it('Cancel → "Draft discarded", nothing called', async () => {
    const traps = armTraps();
    const res = await bot.post('/api/messages', post({}, 'cancelDraft'), auth());
    expect(res.body.statusCode).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    assertValidCard(res.body.value);
    expect(cardTitle(res.body.value)).toBe(notice('notice.draftDiscarded').title);
    expect(inputValues(res.body.value)).toEqual({});
    traps.expectUntouched();
  });

  describe('Action.Submit fallback (a message activity carrying the form)', () => {
    const submit = (draftId: string, topic: string) =>
      fixture('message-new', (a) => {
        delete a.text;
        a.value = {
          verb: 'createConversation',
          draftId,
          groupId: GROUP.id,
          topic,
          body: 'Posted from an older client.',
          participants: '',
          otherEmails: ''
        };
        a.deliveryMode = 'expectReplies';
      });

    it('with a cached token → the reply carries the confirmation card', async () => {
      const seen: Conversation[] = [];
      nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
      nockGetGroup(GRAPH_TOKEN, GROUP);
      nockCreateConversation(GRAPH_TOKEN, GROUP.id, seen);
      const fallback = nockCreateConversation(GRAPH_TOKEN, GROUP.id, seen, {
        status: 201,
        body: { id: 'conv-submit', threads: [{ id: 'thread-submit' }] }
      });
      expect(
        (await bot.post('/api/messages', post({ participants: '', otherEmails: '' }), auth())).body.statusCode
      ).toBe(200);

      const res = await bot.post(
        '/api/messages',
        submit('d0000000-0000-4000-8000-00000000500b', 'Via Action.Submit'),
        auth()
      );

      expect(res.status).toBe(200);
      const cards = cardAttachments(res.body.activities);
      expect(cards).toHaveLength(1);
      assertValidCard(cards[0]);
      expect(cardTexts(cards[0])).toEqual(
        expect.arrayContaining([say('confirmation.conversationId', { id: 'conv-submit' }), 'Via Action.Submit'])
      );
      expect(fallback.isDone()).toBe(true);
      expect(seen.map((c) => c.topic)).toEqual(['Quarterly planning', 'Via Action.Submit']);
    });

    it('without a cached token → the reply is the form kept, with "Sign-in needed"', async () => {
      const traps = armTraps();
      const draftId = 'd0000000-0000-4000-8000-00000000500c';
      const res = await bot.post('/api/messages', submit(draftId, 'Needs sign-in'), auth());

      expect(res.status).toBe(200);
      const cards = cardAttachments(res.body.activities);
      expect(cards).toHaveLength(2);
      cards.forEach(assertValidCard);
      expectRetryForm(cards[0], {
        values: {
          groupId: GROUP.id,
          topic: 'Needs sign-in',
          body: 'Posted from an older client.',
          participants: '',
          otherEmails: ''
        },
        draftId,
        banner: notice('error.sign_in_required')
      });
      // Action.Submit cannot ask Teams for a token: the person is told how to sign in.
      expect(cardTexts(cards[1]).join('\n')).toContain(notice('notice.signInFirst').text);
      traps.expectUntouched();
    });
  });
});
