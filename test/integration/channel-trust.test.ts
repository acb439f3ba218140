// Trust the channel, not the client. Bot Framework's keys are endorsed for Direct Line and Web Chat
// too, where the client writes `from` and `channelData` itself: in Teams mode the bot answers 403,
// before any handler runs (no token lookup, no Graph, no reply), to anything Teams would not send.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { emulatorAuth, nockEmulatorMetadata, teamsAuth } from '../helpers/bot-framework-auth';
import { ALICE, BOT_ID, BOT_PASSWORD, TENANT_ID, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { createInvoke, fixture, type Activity } from '../helpers/fixtures';
import {
  expectOnBehalfOf,
  nockCreateConversation,
  nockGetGroup,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';
import { say } from '../../src/core/words';

const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const GRAPH_TOKEN = 'graph-access-token-for-alice';
const DIRECT_LINE = 'https://directline.botframework.com/';
const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';

/** A `help` message the bot would answer in the HTTP response. */
const help = (patch: (a: Activity) => void) =>
  fixture('message-new', (a) => {
    a.text = 'help';
    a.deliveryMode = 'expectReplies';
    patch(a);
  });

describe('Teams mode trusts the channel, not the client', () => {
  const bot = useTestBot({ teams: true });
  // Every request that left loopback with no interceptor to answer it (nock refuses them).
  let unexpected: string[] = [];
  const record = (req: { method?: string; host?: string; hostname?: string; path?: string }) => {
    const host = req.hostname ?? req.host ?? '';
    if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) unexpected.push(`${req.method} ${host}${req.path}`);
  };
  beforeEach(() => {
    unexpected = [];
    nock.emitter.on('no match', record);
  });
  afterEach(() => {
    nock.emitter.removeListener('no match', record);
  });

  it('a validly signed Direct Line activity with Alice as from.aadObjectId cannot use her cached token', async () => {
    // Alice posts from Teams: her SSO token is exchanged once and her Graph token cached.
    const obo: OboRequest[] = [];
    const sso = ssoTokenFor(ALICE);
    nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    nockGetGroup(GRAPH_TOKEN, GROUP);
    const created: Conversation[] = [];
    nockCreateConversation(GRAPH_TOKEN, GROUP.id, created);
    const posted = await bot.post(
      '/api/messages',
      createInvoke({ participants: '', otherEmails: '' }, (a) => (a.value.authentication = { token: sso })),
      teamsAuth()
    );
    expect(posted.body.statusCode).toBe(200);
    expect(created).toHaveLength(1);
    expect(obo).toHaveLength(1);
    expectOnBehalfOf(obo[0], sso);

    // Mallory, on the bot's Direct Line channel, writes Alice's ids into the activity herself.
    const asAlice = (a: Activity) => {
      a.channelId = 'directline';
      a.serviceUrl = DIRECT_LINE;
      a.from = { id: 'dl_mallory', name: 'Alice Wong', aadObjectId: ALICE.aadObjectId };
      a.conversation = { id: 'DL-conversation-1', tenantId: TENANT_ID };
      a.channelData = { tenant: { id: TENANT_ID } };
    };
    const forgedPost = createInvoke(
      { draftId: 'd0000000-0000-4000-8000-00000000f0f0', participants: '', otherEmails: '' },
      asAlice
    );
    const forgedList = fixture('message-new', (a) => {
      asAlice(a);
      a.text = 'list Marketing';
      a.deliveryMode = 'expectReplies';
    });
    const answers = [];
    for (const forged of [forgedPost, forgedList])
      answers.push(await bot.post('/api/messages', forged, teamsAuth(DIRECT_LINE)));
    // No Graph request (nock had none to give: without the guard, Alice's cached token would go out),
    // no second on-behalf-of, nothing posted.
    expect(unexpected).toEqual([]);
    expect(obo).toHaveLength(1);
    for (const res of answers) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: 'channel_not_teams', message: expect.any(String) });
    }
    expect(created).toHaveLength(1);
  });

  it.each([
    ['webchat', 'https://webchat.botframework.com/'],
    ['emulator', 'http://localhost:51234/'],
    ['slack', 'https://slack.botframework.com/']
  ])('refuses channelId %s with 403', async (channelId, serviceUrl) => {
    const res = await bot.post(
      '/api/messages',
      help((a) => {
        a.channelId = channelId;
        a.serviceUrl = serviceUrl;
      }),
      teamsAuth(serviceUrl)
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('channel_not_teams');
    expect(bot.logs.join('\n')).toContain('refused: not an activity Teams sent');
  });

  it('refuses a token botframework-connector accepts from another issuer (the Emulator path)', async () => {
    nockEmulatorMetadata();
    const res = await bot.post(
      '/api/messages',
      help(() => undefined),
      emulatorAuth()
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('issuer_not_bot_framework');
    expect(unexpected).toEqual([]);
  });

  it('refuses a serviceUrl Teams does not use, and sends nothing there', async () => {
    const evil = 'https://smba.evil.example.test/amer/';
    // What the bot would need to reply there: its own Bot Connector token, and the host itself.
    nock('https://login.microsoftonline.com')
      .post(
        '/botframework.com/oauth2/v2.0/token',
        (b: Record<string, string>) => b.client_id === BOT_ID && b.client_secret === BOT_PASSWORD
      )
      .query(true)
      .reply(200, { token_type: 'Bearer', expires_in: 3600, access_token: 'connector-token' });
    const sentThere: string[] = [];
    nock('https://smba.evil.example.test')
      .persist()
      .post(/.*/)
      .reply(function () {
        sentThere.push(String(this.req.path));
        return [200, { id: 'x' }];
      });
    // Normal delivery (not expectReplies): the help card would go to the serviceUrl.
    const message = fixture('message-new', (a) => {
      a.text = 'help';
      a.serviceUrl = evil;
    });
    const res = await bot.post('/api/messages', message, teamsAuth(evil));
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('service_url_not_allowed');
    expect(sentThere).toEqual([]);
  });

  it('refuses plain http even on a Teams host', async () => {
    const http = 'http://smba.trafficmanager.net/amer/';
    const res = await bot.post(
      '/api/messages',
      help((a) => (a.serviceUrl = http)),
      teamsAuth(http)
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('service_url_not_allowed');
  });

  it('refuses a conversation.tenantId that differs from channelData.tenant.id', async () => {
    const res = await bot.post(
      '/api/messages',
      help((a) => (a.conversation.tenantId = OTHER_TENANT)),
      teamsAuth()
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('tenant_mismatch');
  });

  it('answers Teams itself as before', async () => {
    const res = await bot.post(
      '/api/messages',
      help(() => undefined),
      teamsAuth()
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body.activities)).toContain(say('help.title'));
  });
});

describe('TEAMS_SERVICE_URL_HOSTS replaces the list of serviceUrl hosts', () => {
  const bot = useTestBot({ teams: true, env: { TEAMS_SERVICE_URL_HOSTS: '*.teams.example.test' } });

  it('accepts a host on it, refuses smba.trafficmanager.net which is not', async () => {
    const custom = 'https://eu.teams.example.test/';
    const ok = await bot.post(
      '/api/messages',
      help((a) => (a.serviceUrl = custom)),
      teamsAuth(custom)
    );
    expect(ok.status).toBe(200);
    const refused = await bot.post(
      '/api/messages',
      help(() => undefined),
      teamsAuth()
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('service_url_not_allowed');
  });
});
