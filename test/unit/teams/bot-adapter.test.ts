// The bot's own identity towards Bot Framework: what createBotAdapter hands botbuilder for each
// BOT_APP_TYPE, and where the bot then asks for its token. Azure Bot Service creates no new
// multi-tenant bots (since 31 July 2025): a single-tenant bot must get its token from its own tenant,
// a managed identity from the App Service, and a multi-tenant one only when BOT_APP_TYPE says so.
// botbuilder caches tokens per app id across instances: each test forces a fresh request.
import nock from 'nock';
import type { Activity } from 'botbuilder';
import { ClaimsIdentity, type BotFrameworkAuthentication } from 'botframework-connector';
import { reuseBotClients } from '../../../src/teams/app/reused-bot-clients';
import { loadConfig } from '../../../src/config';
import { botFrameworkSettings, createBotAdapter } from '../../../src/teams/app/bot-adapter';
import { BOT_ID, BOT_PASSWORD, TENANT_ID, teamsEnv } from '../../helpers/entra';

const BOT_TENANT = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
// What botbuilder passes for the public cloud: the multi-tenant login URL, which a single-tenant
// credential factory replaces with the bot's own tenant.
const PUBLIC_CLOUD_LOGIN = 'https://login.microsoftonline.com/botframework.com';
const BOT_FRAMEWORK = 'https://api.botframework.com';

interface CredentialsFactory {
  inner: object;
  createCredentials(appId: string, audience: string, loginEndpoint: string, validate: boolean): Promise<Credentials>;
}
interface Credentials {
  getToken(forceRefresh?: boolean): Promise<string>;
}

function factoryFor(env: Record<string, string>): CredentialsFactory {
  const adapter = createBotAdapter(loadConfig(teamsEnv(env))) as unknown as {
    credentialsFactory: CredentialsFactory;
  };
  return adapter.credentialsFactory;
}

/** Entra ID's token endpoint of `tenant`, answering the bot's client-credentials request once. */
function nockBotToken(tenant: string, seen: Record<string, string>[]): nock.Scope {
  return nock('https://login.microsoftonline.com')
    .post(`/${tenant}/oauth2/v2.0/token`, (body: Record<string, string>) => Boolean(seen.push(body)))
    .query(true)
    .reply(200, {
      token_type: 'Bearer',
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: 'bot-token'
    });
}

afterEach(() => nock.cleanAll());

describe('the bot identity botbuilder gets', () => {
  it('by default single-tenant, in the sign-in app tenant when BOT_TENANT_ID is unset', () => {
    const config = loadConfig(teamsEnv());
    expect(botFrameworkSettings(config.bot!)).toEqual({
      MicrosoftAppId: BOT_ID,
      MicrosoftAppPassword: BOT_PASSWORD,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT_ID
    });
  });

  it('a single-tenant bot asks its own tenant (BOT_TENANT_ID) for its Bot Framework token', async () => {
    const seen: Record<string, string>[] = [];
    const scope = nockBotToken(BOT_TENANT, seen);
    const credentials = await factoryFor({
      BOT_TENANT_ID: BOT_TENANT
    }).createCredentials(BOT_ID, BOT_FRAMEWORK, PUBLIC_CLOUD_LOGIN, true);
    expect(await credentials.getToken(true)).toBe('bot-token');
    expect(scope.isDone()).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      grant_type: 'client_credentials',
      client_id: BOT_ID,
      client_secret: BOT_PASSWORD,
      scope: `${BOT_FRAMEWORK}/.default`
    });
  });

  it('BOT_APP_TYPE=UserAssignedMSI: the managed identity, no password, its tenant', () => {
    const config = loadConfig(teamsEnv({ BOT_APP_TYPE: 'UserAssignedMSI', BOT_PASSWORD: '' }));
    expect(botFrameworkSettings(config.bot!)).toEqual({
      MicrosoftAppId: BOT_ID,
      MicrosoftAppPassword: undefined,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT_ID
    });
    // botbuilder asserts these settings itself (a password or a missing tenant would throw here).
    const factory = factoryFor({
      BOT_APP_TYPE: 'UserAssignedMSI',
      BOT_PASSWORD: ''
    });
    expect(factory.inner.constructor.name).toBe('ManagedIdentityServiceClientCredentialsFactory');
  });

  it('MultiTenant only when asked for: then the token comes from the botframework.com tenant', async () => {
    const seen: Record<string, string>[] = [];
    const scope = nockBotToken('botframework.com', seen);
    const factory = factoryFor({ BOT_APP_TYPE: 'MultiTenant' });
    const credentials = await factory.createCredentials(BOT_ID, BOT_FRAMEWORK, PUBLIC_CLOUD_LOGIN, true);
    expect(await credentials.getToken(true)).toBe('bot-token');
    expect(scope.isDone()).toBe(true);
    expect(seen[0]).toMatchObject({
      grant_type: 'client_credentials',
      client_id: BOT_ID
    });
  });
});

describe('the clients a turn gets (reused-bot-clients.ts)', () => {
  const adapter = createBotAdapter(loadConfig({ MODE: 'local', PLAYGROUND: '0', DATA_DIR: ':memory:' }));
  const activity = (serviceUrl: string): Activity =>
    ({
      type: 'message',
      id: 'a1',
      channelId: 'msteams',
      serviceUrl,
      from: { id: 'u1' },
      recipient: { id: 'bot' },
      conversation: { id: 'c1' },
      text: 'hi',
      deliveryMode: 'expectReplies'
    }) as Partial<Activity> as Activity;
  /** The connector and user-token clients one turn was handed. */
  async function clientsOf(serviceUrl: string): Promise<[unknown, unknown]> {
    let seen: [unknown, unknown] = [undefined, undefined];
    await adapter.processParsedActivity('', activity(serviceUrl), async (context) => {
      seen = [context.turnState.get(adapter.ConnectorClientKey), context.turnState.get(adapter.UserTokenClientKey)];
    });
    return seen;
  }

  it('one connector client per service URL and one user-token client, from turn to turn', async () => {
    const [connector1, userToken1] = await clientsOf('http://127.0.0.1:9/a');
    const [connector2, userToken2] = await clientsOf('http://127.0.0.1:9/a');
    const [connector3, userToken3] = await clientsOf('http://127.0.0.1:9/b');
    expect(connector1).toBeDefined();
    expect(userToken1).toBeDefined();
    expect(connector2).toBe(connector1);
    expect(userToken2).toBe(userToken1);
    // Another service is another client (its base URL is the service's).
    expect(connector3).not.toBe(connector1);
    expect((connector3 as { baseUri?: string }).baseUri).toBe('http://127.0.0.1:9/b');
    expect(userToken3).toBe(userToken1);
  });
});

describe('reuseBotClients', () => {
  it('forgets a client that failed to build: the next turn builds it again', async () => {
    let calls = 0;
    const auth = {
      authenticateRequest: jest.fn(),
      createConnectorFactory: jest.fn(),
      createUserTokenClient: async () => {
        calls++;
        if (calls === 1) throw new Error('token service unreachable');
        return { n: calls };
      }
    } as unknown as BotFrameworkAuthentication;
    reuseBotClients(auth);
    const identity = new ClaimsIdentity([{ type: 'aud', value: BOT_ID }]);
    await expect(auth.createUserTokenClient(identity)).rejects.toThrow('token service unreachable');
    const second = await auth.createUserTokenClient(identity);
    expect(second).toEqual({ n: 2 });
    expect(await auth.createUserTokenClient(identity)).toBe(second);
    expect(calls).toBe(2);
  });
});
