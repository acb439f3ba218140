// The core path in Teams mode, over HTTP, as Teams sends it: a signed Bot Framework request,
// Action.Execute with the person's SSO token → on-behalf-of at Entra ID → Graph → the card.
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import {
  ALICE,
  BOB,
  BOT_ID,
  CLIENT_ID,
  CLIENT_SECRET,
  OAUTH_CONNECTION_NAME,
  oboTokenResponse,
  ssoTokenFor
} from '../helpers/entra';
import { createInvoke } from '../helpers/fixtures';
import {
  assertConversationBody,
  nockCreateConversation,
  nockGetGroup,
  nockResolveUsers,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { banner, cardTexts, cardTitle, facts, openUrls } from '../helpers/card-readers';
import { notice, say } from '../../src/core/words';
import { signInLink } from '../helpers/sign-in';

const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const CAROL = { id: 'ca201000-0000-4000-8000-0000000ca201', displayName: 'Carol Diaz', mail: 'carol@contoso.test' };
const GRAPH_TOKEN = 'graph-access-token-for-alice';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Teams mode: Post from the form creates the conversation as the person', () => {
  const auth = () => teamsAuth();

  const bot = useTestBot({ teams: true });

  it(
    'exchanges the SSO token on-behalf-of, ' + 'posts exactly the Graph body, and answers with the confirmation card',
    async () => {
      const sso = ssoTokenFor(ALICE);
      const oboRequests: OboRequest[] = [];
      const created: Conversation[] = [];
      const entra = nockTokenEndpoint(oboRequests, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
      const group = nockGetGroup(GRAPH_TOKEN, GROUP);
      const users = nockResolveUsers(
        GRAPH_TOKEN,
        [BOB.aadObjectId, CAROL.id],
        [
          { id: CAROL.id, displayName: CAROL.displayName, mail: CAROL.mail },
          { id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }
        ]
      );
      const graph = nockCreateConversation(GRAPH_TOKEN, GROUP.id, created);

      const invoke = createInvoke({}, (a) => {
        a.value.authentication = { id: 'auth-1', connectionName: '', token: sso };
      });
      const res = await bot.post('/api/messages', invoke, auth());

      expect(res.status).toBe(200);
      // On-behalf-of, field by field.
      expect(oboRequests).toHaveLength(1);
      expect(oboRequests[0]).toMatchObject({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        assertion: sso,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET
      });
      expect(oboRequests[0].scope.split(' ').sort()).toEqual(
        [
          'https://graph.microsoft.com/Group.ReadWrite.All',
          'https://graph.microsoft.com/User.ReadBasic.All',
          'offline_access',
          'openid',
          'profile'
        ].sort()
      );
      // The Graph POST, in full.
      expect(created).toEqual([
        {
          topic: 'Quarterly planning',
          threads: [
            {
              posts: [
                {
                  body: { contentType: 'html', content: 'Hi all,<br>please review the plan by Friday.' },
                  newParticipants: [
                    { emailAddress: { name: BOB.name, address: BOB.mail } },
                    { emailAddress: { name: CAROL.displayName, address: CAROL.mail } },
                    { emailAddress: { name: 'partner@fabrikam.test', address: 'partner@fabrikam.test' } }
                  ]
                }
              ]
            }
          ]
        }
      ]);
      assertConversationBody(created[0]);
      for (const scope of [entra, group, users, graph]) expect(scope.isDone()).toBe(true);

      // The confirmation card replaces the form.
      expect(res.body.statusCode).toBe(200);
      expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
      const card = res.body.value;
      assertValidCard(card);
      expect(cardTitle(card)).toBe(say('confirmation.title', { group: 'Marketing' }));
      expect(cardTexts(card)).toEqual(
        expect.arrayContaining([
          'Quarterly planning',
          say('confirmation.conversationId', { id: 'AAQkAGConversation1=' }),
          say('confirmation.threadId', { id: 'AAQkAGThread1=' })
        ])
      );
      expect(facts(card).map((f) => f.title)).toContain('Bob Stone');
      expect(openUrls(card)).toEqual(['https://outlook.office.com/mail/group/contoso.test/marketing/email']);
    }
  );

  it(
    'asks Teams for the SSO token with a 401 loginRequest when ' + 'the action carries none and nothing is cached',
    async () => {
      const res = await bot.post('/api/messages', createInvoke({}), auth());
      expect(res.status).toBe(200);
      // toStrictEqual: no providerId key at all (an empty one is not a provider).
      expect(res.body).toStrictEqual({
        statusCode: 401,
        type: 'application/vnd.microsoft.activity.loginRequest',
        value: {
          text: say('signIn.prompt'),
          connectionName: OAUTH_CONNECTION_NAME,
          tokenExchangeResource: { id: expect.stringMatching(UUID), uri: `api://botid-${BOT_ID}` },
          buttons: [{ type: 'signin', title: say('button.signIn'), value: signInLink(ALICE) }]
        }
      });
      // Each request has its own exchange id.
      const again = await bot.post('/api/messages', createInvoke({}), auth());
      expect(again.body.value.tokenExchangeResource.id).toMatch(UUID);
      expect(again.body.value.tokenExchangeResource.id).not.toBe(res.body.value.tokenExchangeResource.id);
    }
  );

  it('uses the cached token for the next submit: no second on-behalf-of request', async () => {
    const sso = ssoTokenFor(ALICE);
    const oboRequests: OboRequest[] = [];
    nockTokenEndpoint(oboRequests, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    nockGetGroup(GRAPH_TOKEN, GROUP);
    const seen: Conversation[] = [];
    nockCreateConversation(GRAPH_TOKEN, GROUP.id, seen);
    nockCreateConversation(GRAPH_TOKEN, GROUP.id, seen, {
      status: 201,
      body: { id: 'conv-2', threads: [{ id: 'thread-2' }] }
    });

    const first = createInvoke({ participants: '', otherEmails: '' }, (a) => {
      a.value.authentication = { token: sso };
    });
    expect((await bot.post('/api/messages', first, auth())).body.statusCode).toBe(200);

    // A second form (new draftId), no token attached: the cached OBO result is used.
    const second = createInvoke({
      draftId: 'd0000000-0000-4000-8000-000000000002',
      participants: '',
      otherEmails: '',
      topic: 'Second'
    });
    const res = await bot.post('/api/messages', second, auth());
    expect(res.body.statusCode).toBe(200);
    expect(cardTexts(res.body.value)).toContain(say('confirmation.conversationId', { id: 'conv-2' }));
    expect(oboRequests).toHaveLength(1);
    expect(seen.map((b) => b.topic)).toEqual(['Quarterly planning', 'Second']);
  });

  it('never exchanges a token that belongs to someone else', async () => {
    const oboRequests: OboRequest[] = [];
    const entra = nockTokenEndpoint(oboRequests, { status: 200, body: oboTokenResponse({ ...BOB }, 'bob-token') });
    const invoke = createInvoke({}, (a) => {
      a.value.authentication = { token: ssoTokenFor(BOB) };
    });
    const res = await bot.post('/api/messages', invoke, auth());
    expect(oboRequests).toHaveLength(0);
    expect(res.body.statusCode).toBe(200);
    expect(banner(res.body.value)?.title).toBe(notice('error.wrong_user').title);
    expect(entra.isDone()).toBe(false);
  });
});
