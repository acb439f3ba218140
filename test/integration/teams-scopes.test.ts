// Where it works: personal chat (silent SSO, covered in teams-command-sso), team channel, group
// chat; and sign-out. Teams mode, signed Bot Framework requests, Entra ID and Graph via nock.
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { nockPersonalChat } from '../helpers/personal-chat-nock';
import { nockBotConnectorToken, teamsAuth } from '../helpers/bot-framework-auth';
import { ALICE, BOB, BOT_ID, oboTokenResponse, ssoTokenFor, TENANT_ID } from '../helpers/entra';
import { cardAttachments, createInvoke, fixture } from '../helpers/fixtures';
import { nockCreateConversation, nockGetGroup, nockTokenEndpoint, type OboRequest } from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { cardTexts, cardTitle, findInput, inputValues, openUrls } from '../helpers/card-readers';
import { nockConnector } from '../helpers/shared-audience';
import { notice, say } from '../../src/core/words';

const TEAM_GROUP = 'c0ffee00-0000-4000-8000-0000000000c2';
const DRAFT = 'd0000000-0000-4000-8000-00000000005c';
const CHANNEL = '19:general-channel@thread.tacv2;messageid=1732700000101';

describe('Teams mode: channel, group chat and sign-out', () => {
  const auth = () => teamsAuth();

  const bot = useTestBot({ teams: true, newDraftId: () => DRAFT });

  it(
    "in a channel, 'new' without a token opens the form on the team's group (no Graph, no OAuth card); " +
      'Post signs in through the card',
    async () => {
      const message = fixture('channel-mention-new', (a) => {
        a.deliveryMode = 'expectReplies';
        a.channelData.team.name = 'Contoso Team';
      });
      const res = await bot.post('/api/messages', message, auth());
      expect(res.status).toBe(200);
      const cards = cardAttachments(res.body.activities);
      expect(cards).toHaveLength(1);
      assertValidCard(cards[0]);
      const group = findInput(cards[0], 'groupId') as Record<string, any>;
      expect(group.choices).toEqual([{ title: 'Contoso Team', value: TEAM_GROUP }]);
      expect(group.value).toBe(TEAM_GROUP);
      expect(JSON.stringify(res.body.activities)).not.toContain('application/vnd.microsoft.card.oauth');

      // Post from the channel without a token: Teams is asked for one (loginRequest), then posts.
      const conversationInChannel = (a: any) => {
        a.conversation = message.conversation;
        a.channelData = message.channelData;
      };
      const first = await bot.post(
        '/api/messages',
        createInvoke({ draftId: DRAFT, groupId: TEAM_GROUP, participants: '', otherEmails: '' }, conversationInChannel),
        auth()
      );
      expect(first.body.statusCode).toBe(401);
      const obo: OboRequest[] = [];
      nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, 'alice-graph') });
      nockGetGroup('alice-graph', { id: TEAM_GROUP, displayName: 'Contoso Team', mail: 'team@contoso.test' });
      const created: Conversation[] = [];
      nockCreateConversation('alice-graph', TEAM_GROUP, created);
      const second = await bot.post(
        '/api/messages',
        createInvoke({ draftId: DRAFT, groupId: TEAM_GROUP, participants: '', otherEmails: '' }, (a) => {
          conversationInChannel(a);
          a.value.authentication = { token: ssoTokenFor(ALICE) };
        }),
        auth()
      );
      expect(second.body.statusCode).toBe(200);
      expect(cardTitle(second.body.value)).toBe(say('confirmation.title', { group: 'Contoso Team' }));
      expect(created).toHaveLength(1);
    }
  );

  it("in a group chat, 'new' without a token offers one click to the 1:1 chat", async () => {
    const message = fixture('message-new', (a) => {
      a.deliveryMode = 'expectReplies';
      a.conversation = {
        ...a.conversation,
        conversationType: 'groupChat',
        isGroup: true,
        id: '19:group-chat@thread.v2'
      };
    });
    const res = await bot.post('/api/messages', message, auth());
    const [card] = cardAttachments(res.body.activities);
    assertValidCard(card);
    expect(openUrls(card)).toEqual([
      `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(`28:${BOT_ID}`)}&message=new`
    ]);
    expect(inputValues(card)).toEqual({});
  });

  it(
    'a form in a group chat posted by someone else posts as them, ' +
      'with their own token, and shows them their own outcome',
    async () => {
      const chat = (a: any) =>
        (a.conversation = {
          ...a.conversation,
          conversationType: 'groupChat',
          isGroup: true,
          id: '19:group-chat@thread.v2'
        });
      const group = {
        id: 'c0ffee00-0000-4000-8000-000000000001',
        displayName: 'Marketing',
        mail: 'marketing@contoso.test'
      };
      const obo: OboRequest[] = [];
      nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, 'alice-graph') });
      nockGetGroup('alice-graph', group);
      const created: Conversation[] = [];
      nockCreateConversation('alice-graph', group.id, created);
      const data = { draftId: DRAFT, groupId: group.id, participants: '', otherEmails: '' };
      const [aliceSso, bobSso] = [ssoTokenFor(ALICE), ssoTokenFor(BOB)];
      const alice = await bot.post(
        '/api/messages',
        createInvoke(data, (a) => {
          chat(a);
          a.value.authentication = { token: aliceSso };
        }),
        auth()
      );
      expect(alice.body.statusCode).toBe(200);

      nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse({ ...BOB }, 'bob-graph') });
      nockGetGroup('bob-graph', group);
      nockCreateConversation('bob-graph', group.id, created, {
        status: 201,
        body: { id: 'bob-conversation', threads: [{ id: 'bob-thread' }] }
      });
      const bob = await bot.post(
        '/api/messages',
        createInvoke(data, (a) => {
          chat(a);
          a.from = { id: '29:1bob', name: BOB.name, aadObjectId: BOB.aadObjectId };
          a.value.authentication = { token: bobSso };
        }),
        auth()
      );
      expect(bob.body.statusCode).toBe(200);
      // Each person's own assertion, exchanged once each; never Alice's token for Bob's post.
      expect(obo.map((r) => r.assertion)).toEqual([aliceSso, bobSso]);
      expect(created).toHaveLength(2);
      expect(cardTexts(bob.body.value)).toContain(say('confirmation.conversationId', { id: 'bob-conversation' }));
      expect(JSON.stringify(bob.body.value)).not.toContain('AAQkAGConversation1=');
    }
  );

  // The Action.Submit fallback (clients without Universal Actions) answers with a new message,
  // which everyone in a channel reads: only the neutral card and a link to the 1:1 chat.
  // bot.audience fails these tests if the typed topic, text or addresses reach the channel.
  const typed = { topic: 'Salary bands 2027', body: 'Confidential:\nthe new bands are attached.' };
  const submitInChannel = (patch: (a: any) => void = () => undefined) =>
    fixture('channel-mention-new', (a) => {
      a.text = undefined;
      a.entities = [];
      a.channelData.team.name = 'Contoso Team';
      a.value = {
        verb: 'createConversation',
        draftId: DRAFT,
        groupId: TEAM_GROUP,
        ...typed,
        participants: '',
        otherEmails: 'partner@fabrikam.test'
      };
      patch(a);
    });
  const chatLink = `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(`28:${BOT_ID}`)}`;

  it(
    'Action.Submit in a channel without a token: "did not go through" ' +
      'for the channel; the retry form in the 1:1 chat',
    async () => {
      const personal = nockPersonalChat();
      const activity = submitInChannel((a) => (a.deliveryMode = 'expectReplies'));
      const res = await bot.post('/api/messages', activity, auth());
      const cards = cardAttachments(res.body.activities);
      expect(cards).toHaveLength(1);
      expect(cardTexts(cards[0])).toEqual(Object.values(notice('notice.sharedPostFailed', { actor: 'Alice Wong' })));
      expect(openUrls(cards[0])).toEqual([chatLink]);
      expect(inputValues(cards[0])).toEqual({});
      // Alice's own view, her text kept, reaches her alone: a 1:1 conversation with her, then the form.
      await personal.firstMessage;
      expect(personal.created).toEqual([
        expect.objectContaining({ isGroup: false, members: [{ id: activity.from.id }], tenantId: TENANT_ID })
      ]);
      const own = cardAttachments(personal.sent);
      expect(inputValues(own[0])).toMatchObject({ topic: typed.topic, body: typed.body });
    }
  );

  it(
    'a reply by Action.Submit in a channel without a token: ' + '"Alice\'s reply did not go through", not her text',
    async () => {
      const res = await bot.post(
        '/api/messages',
        submitInChannel((a) => {
          a.deliveryMode = 'expectReplies';
          a.value = {
            verb: 'replyToThread',
            draftId: DRAFT,
            groupId: TEAM_GROUP,
            conversationId: 'AAQkConv1=',
            threadId: 'AAQkThread1=',
            topic: 'Budget',
            body: typed.body,
            participants: '',
            otherEmails: 'partner@fabrikam.test'
          };
        }),
        auth()
      );
      const [card] = cardAttachments(res.body.activities);
      expect(cardTexts(card)).toEqual(Object.values(notice('notice.sharedReplyFailed', { actor: 'Alice Wong' })));
      expect(inputValues(card)).toEqual({});
    }
  );

  it(
    'Action.Submit in a channel, posted: the channel gets "Alice ' + 'posted …" through the connector, nothing typed',
    async () => {
      // A token from an earlier action in the 1:1 chat (Action.Submit carries no SSO token).
      nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'alice-graph') });
      nockGetGroup('alice-graph', { id: TEAM_GROUP, displayName: 'Contoso Team', mail: 'team@contoso.test' });
      nockCreateConversation('alice-graph', TEAM_GROUP, []);
      nockCreateConversation('alice-graph', TEAM_GROUP, []);
      const first = await bot.post(
        '/api/messages',
        createInvoke(
          { draftId: 'd0000000-0000-4000-8000-0000000000ab', groupId: TEAM_GROUP, participants: '', otherEmails: '' },
          (a) => (a.value.authentication = { token: ssoTokenFor(ALICE) })
        ),
        auth()
      );
      expect(first.body.statusCode).toBe(200);
      nockBotConnectorToken();
      const sent = nockConnector(bot.audience);

      const res = await bot.post('/api/messages', submitInChannel(), auth());
      expect(res.status).toBe(200);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ method: 'POST', conversationId: CHANNEL });
      const card = sent[0].body.attachments[0].content;
      assertValidCard(card);
      expect(cardTitle(card)).toBe(notice('notice.sharedPosted', { actor: 'Alice Wong', group: 'Contoso Team' }).title);
      expect(openUrls(card)).toEqual([chatLink]);
    }
  );

  it('signout forgets the person: the next Post asks Teams for a token again', async () => {
    const group = {
      id: 'c0ffee00-0000-4000-8000-000000000001',
      displayName: 'Marketing',
      mail: 'marketing@contoso.test'
    };
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'alice-graph') });
    nockGetGroup('alice-graph', group);
    nockCreateConversation('alice-graph', group.id, []);
    const signedIn = await bot.post(
      '/api/messages',
      createInvoke(
        { participants: '', otherEmails: '' },
        (a) => (a.value.authentication = { token: ssoTokenFor(ALICE) })
      ),
      auth()
    );
    expect(signedIn.body.statusCode).toBe(200);

    const out = await bot.post(
      '/api/messages',
      fixture('message-new', (a) => {
        a.text = 'signout';
        a.deliveryMode = 'expectReplies';
      }),
      auth()
    );
    const [signedOut] = cardAttachments(out.body.activities);
    expect(cardTitle(signedOut)).toBe(notice('notice.signedOut').title);

    const next = await bot.post(
      '/api/messages',
      createInvoke({ draftId: 'd0000000-0000-4000-8000-0000000000aa', participants: '', otherEmails: '' }),
      auth()
    );
    expect(next.body.statusCode).toBe(401);
    expect(next.body.type).toBe('application/vnd.microsoft.activity.loginRequest');
  });
});
