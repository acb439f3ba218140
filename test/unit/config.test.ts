// loadConfig(env): the only reader of the environment. Also two structural rules checked by
// reading the source: nothing else reads process.env, and the core layers stay free of the
// Bot Framework / Teams / HTTP-server packages.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, GRAPH_SCOPES, TEAMS_SERVICE_HOSTS, loadConfig, type Config } from '../../src/config';
import {
  BOT_ID,
  BOT_PASSWORD,
  CLIENT_ID,
  CLIENT_SECRET,
  OAUTH_CONNECTION_NAME,
  TENANT_ID,
  teamsEnv
} from '../helpers/entra';

const SRC = path.resolve(__dirname, '../../src');
const OTHER_TENANT = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

function fullTeamsEnv(extra: Record<string, string> = {}): Record<string, string> {
  const { PORT: _port, ...env } = teamsEnv(extra);
  return env;
}

/** The ConfigError loadConfig throws for `env`, with its message. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

function expectDeeplyFrozen(value: unknown, at = 'config'): void {
  if (value === null || typeof value !== 'object') return;
  if (!Object.isFrozen(value)) throw new Error(`${at} is not frozen`);
  for (const [k, v] of Object.entries(value)) expectDeeplyFrozen(v, `${at}.${k}`);
}

describe('loadConfig: local mode', () => {
  it('an empty environment is local mode on loopback with the defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject<Partial<Config>>({
      mode: 'local',
      host: '127.0.0.1',
      // Not 3978: that is the dev tunnel's port (Teams mode on this machine), open to the internet.
      port: 3979,
      logLevel: 'info',
      // Local mode talks to the Graph sandbox it starts itself on loopback.
      graphBaseUrl: 'http://127.0.0.1:5980/v1.0',
      graphTimeoutMs: 8000,
      invokeDeadlineMs: 7000,
      // Message extensions get 5 s from Teams (PLATFORM-FACTS "Message extensions").
      meInvokeDeadlineMs: 4000,
      // Outlook's 4, per mailbox unless said otherwise (PLATFORM-FACTS "Outlook concurrency").
      graphMailboxConcurrency: 4,
      graphConcurrencyScope: 'mailbox',
      local: { startSandbox: true, sandboxPort: 5980, playground: true, playgroundPort: 56150, childEnv: {} }
    });
    expect(config.bot).toBeUndefined();
    expect(config.aad).toBeUndefined();
    expect(config.publicBaseUrl).toBeUndefined();
    expect(config.graphScopes).toEqual(GRAPH_SCOPES);
    expect(config.dataDir).toBe(path.resolve('.data'));
  });

  it('GRAPH_CONCURRENCY_SCOPE=app counts the limit across all mailboxes', () => {
    expect(loadConfig({ GRAPH_CONCURRENCY_SCOPE: 'app' }).graphConcurrencyScope).toBe('app');
  });

  it('READS_PER_MINUTE (default 60) and GRAPH_MAILBOX_QUEUE (default 50) bound reads and the mailbox queue', () => {
    expect(loadConfig({})).toMatchObject({ readsPerMinute: 60, graphMailboxQueue: 50, postsPerMinute: 10 });
    expect(loadConfig({ READS_PER_MINUTE: '120', GRAPH_MAILBOX_QUEUE: '20' })).toMatchObject({
      readsPerMinute: 120,
      graphMailboxQueue: 20
    });
    for (const [name, value] of [
      ['READS_PER_MINUTE', '0'],
      ['READS_PER_MINUTE', 'lots'],
      ['GRAPH_MAILBOX_QUEUE', '0'],
      ['GRAPH_MAILBOX_QUEUE', '-5']
    ] as const)
      expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('the config and everything in it is frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.graphScopes)).toBe(true);
    expectDeeplyFrozen(config);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => (config.graphScopes as string[]).push('x')).toThrow(TypeError);
  });

  it('reads only the env it is given, not process.env', () => {
    const saved = process.env.BOT_ID;
    process.env.BOT_ID = 'not-a-guid';
    try {
      expect(loadConfig({}).mode).toBe('local');
    } finally {
      if (saved === undefined) delete process.env.BOT_ID;
      else process.env.BOT_ID = saved;
    }
  });

  it('does not change the env object it reads', () => {
    const env = { PORT: ' 4000 ', GRAPH_BASE_URL: 'http://127.0.0.1:5980/v1.0/' };
    const copy = { ...env };
    loadConfig(env);
    expect(env).toEqual(copy);
  });

  it('trims values, and treats blank values as unset', () => {
    const config = loadConfig({ PORT: ' 4000 ', LOG_LEVEL: '  ', BOT_ID: '   ', HOST: '' });
    expect(config).toMatchObject({ mode: 'local', port: 4000, logLevel: 'info', host: '127.0.0.1' });
  });

  it('GRAPH_BASE_URL set → that Graph, and no sandbox is started', () => {
    const config = loadConfig({ GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0' });
    expect(config.graphBaseUrl).toBe('https://graph.microsoft.com/v1.0');
    expect(config.local.startSandbox).toBe(false);
  });

  it('SANDBOX_PORT moves the default sandbox URL; PLAYGROUND=0 turns the playground off', () => {
    const config = loadConfig({ SANDBOX_PORT: '6000', PLAYGROUND: '0' });
    expect(config.graphBaseUrl).toBe('http://127.0.0.1:6000/v1.0');
    expect(config.local).toMatchObject({ sandboxPort: 6000, playground: false });
  });

  it('DATA_DIR=:memory: keeps state in memory (dataDir null); otherwise an absolute path', () => {
    expect(loadConfig({ DATA_DIR: ':memory:' }).dataDir).toBeNull();
    expect(loadConfig({ DATA_DIR: 'state' }).dataDir).toBe(path.resolve('state'));
  });

  it('GRAPH_BASE_URL loses its trailing slashes (the sandbox URL works as is)', () => {
    expect(loadConfig({ GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0/' }).graphBaseUrl).toBe(
      'https://graph.microsoft.com/v1.0'
    );
    expect(loadConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:5980/v1.0//' }).graphBaseUrl).toBe(
      'http://127.0.0.1:5980/v1.0'
    );
  });

  it('PORT=0 (any free port), HOST and LOG_LEVEL are taken as given', () => {
    expect(loadConfig({ PORT: '0', HOST: '::1', LOG_LEVEL: 'silent' })).toMatchObject({
      port: 0,
      host: '::1',
      logLevel: 'silent'
    });
  });

  it('MODE=local wins over Teams variables', () => {
    const config = loadConfig({ MODE: 'local', BOT_ID });
    expect(config.mode).toBe('local');
    expect(config.bot).toBeUndefined();
  });
});

describe('loadConfig: Teams mode', () => {
  it('the full Teams environment → Teams mode, public listener, sign-in base URL, identities', () => {
    const config = loadConfig(fullTeamsEnv());
    expect(config).toMatchObject({
      mode: 'teams',
      host: '0.0.0.0',
      port: 3978,
      logLevel: 'debug',
      publicBaseUrl: 'https://gcbot.example.test',
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
      local: { startSandbox: false, playground: false },
      // Single-tenant by default (Azure creates no new multi-tenant bots), in the sign-in app's tenant.
      bot: { appId: BOT_ID, appPassword: BOT_PASSWORD, appType: 'SingleTenant', tenantId: TENANT_ID },
      aad: {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        tenantId: TENANT_ID,
        authorityHost: 'https://login.microsoftonline.com'
      }
    });
    expect(config.aad?.authorityHost.endsWith('/')).toBe(false);
    expectDeeplyFrozen(config);
  });

  it('the authority host loses its trailing slash; it defaults to the public cloud', () => {
    expect(
      loadConfig(fullTeamsEnv({ AAD_APP_OAUTH_AUTHORITY_HOST: 'https://login.microsoftonline.us/' })).aad?.authorityHost
    ).toBe('https://login.microsoftonline.us');
    const { AAD_APP_OAUTH_AUTHORITY_HOST: _h, ...withoutHost } = fullTeamsEnv();
    expect(loadConfig(withoutHost).aad?.authorityHost).toBe('https://login.microsoftonline.com');
  });

  it('BOT_TENANT_ID names the single-tenant bot identity tenant; BOT_DOMAIN may carry a port', () => {
    const config = loadConfig(fullTeamsEnv({ BOT_TENANT_ID: OTHER_TENANT, BOT_DOMAIN: 'abc123.devtunnels.ms:443' }));
    expect(config.bot).toMatchObject({ appType: 'SingleTenant', tenantId: OTHER_TENANT });
    expect(config.aad?.tenantId).toBe(TENANT_ID);
    expect(config.publicBaseUrl).toBe('https://abc123.devtunnels.ms:443');
  });

  it('only BOT_ID set → one error naming every missing variable', () => {
    const err = configError({ BOT_ID });
    for (const name of [
      'BOT_PASSWORD',
      'AAD_APP_CLIENT_ID',
      'AAD_APP_CLIENT_SECRET',
      'AAD_APP_TENANT_ID',
      'BOT_DOMAIN'
    ]) {
      expect(err.message).toContain(name);
      expect(err.problems.some((p) => p.startsWith(name))).toBe(true);
    }
    expect(err.problems.some((p) => p.startsWith('BOT_ID'))).toBe(false);
    // Secrets never appear in the message, even the ones that were set.
    expect(configError({ BOT_ID, BOT_PASSWORD }).message).not.toContain(BOT_PASSWORD);
  });

  it('MODE=teams with nothing set names every Teams variable', () => {
    const err = configError({ MODE: 'teams' });
    for (const name of [
      'BOT_ID',
      'BOT_PASSWORD',
      'AAD_APP_CLIENT_ID',
      'AAD_APP_CLIENT_SECRET',
      'AAD_APP_TENANT_ID',
      'BOT_DOMAIN'
    ]) {
      expect(err.problems.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('BOT_ID or AAD_APP_CLIENT_ID that is not a GUID is named', () => {
    const bad = configError(fullTeamsEnv({ BOT_ID: 'my-bot' }));
    expect(bad.problems).toHaveLength(1);
    expect(bad.message).toContain('BOT_ID');
    expect(bad.message).toContain('not a GUID');
    expect(configError(fullTeamsEnv({ AAD_APP_CLIENT_ID: '1234' })).message).toContain('AAD_APP_CLIENT_ID');
  });

  it.each(['https://x/y', 'https://gcbot.example.test', 'gcbot.example.test/path', 'bot domain.test'])(
    'BOT_DOMAIN=%s is named',
    (domain) => {
      const err = configError(fullTeamsEnv({ BOT_DOMAIN: domain }));
      expect(err.problems).toHaveLength(1);
      expect(err.message).toContain('BOT_DOMAIN');
    }
  );

  it('OAUTH_CONNECTION_NAME → config.oauthConnectionName; unset, it is named with what it is', () => {
    expect(loadConfig(fullTeamsEnv()).oauthConnectionName).toBe(OAUTH_CONNECTION_NAME);
    const { OAUTH_CONNECTION_NAME: _name, ...without } = fullTeamsEnv();
    const err = configError(without);
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^OAUTH_CONNECTION_NAME is not set: .*OAuth connection on the Azure Bot resource/);
    expect(configError(fullTeamsEnv({ OAUTH_CONNECTION_NAME: '  ' })).problems[0]).toMatch(/^OAUTH_CONNECTION_NAME/);
    // Local mode has no Azure Bot: the setting is not read there.
    expect(loadConfig({ OAUTH_CONNECTION_NAME: 'GraphSso' }).oauthConnectionName).toBeUndefined();
  });

  it('AAD_APP_OAUTH_AUTHORITY_HOST that is not a URL is named', () => {
    expect(configError(fullTeamsEnv({ AAD_APP_OAUTH_AUTHORITY_HOST: 'login.microsoftonline.com' })).message).toContain(
      'AAD_APP_OAUTH_AUTHORITY_HOST'
    );
  });
});

describe('loadConfig: who the bot trusts (ALLOWED_TENANTS, the authority host, TEAMS_SERVICE_URL_HOSTS)', () => {
  const OTHER = '99999999-9999-4999-8999-999999999999';

  it("ALLOWED_TENANTS fails closed: unset in Teams mode is the app registration's own tenant", () => {
    expect(loadConfig(fullTeamsEnv({ AAD_APP_TENANT_ID: TENANT_ID.toUpperCase() })).allowedTenants).toEqual([
      TENANT_ID
    ]);
  });

  it('ALLOWED_TENANTS=* opens Teams mode to every tenant, on purpose', () => {
    expect(loadConfig(fullTeamsEnv({ ALLOWED_TENANTS: ' * ' })).allowedTenants).toBe('any');
  });

  it('ALLOWED_TENANTS lists tenants (trimmed, lower-cased); local mode accepts any tenant unless told', () => {
    expect(
      loadConfig(fullTeamsEnv({ ALLOWED_TENANTS: `${TENANT_ID}, ${OTHER.toUpperCase()}` })).allowedTenants
    ).toEqual([TENANT_ID, OTHER]);
    expect(loadConfig({}).allowedTenants).toBe('any');
    expect(loadConfig({ ALLOWED_TENANTS: OTHER }).allowedTenants).toEqual([OTHER]);
  });

  it.each([`*,${TENANT_ID}`, 'contoso.com', `${TENANT_ID},*.contoso.com`])('ALLOWED_TENANTS=%s is named', (value) => {
    const err = configError(fullTeamsEnv({ ALLOWED_TENANTS: value }));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toContain('ALLOWED_TENANTS');
  });

  it('AAD_APP_OAUTH_AUTHORITY_HOST must be https in Teams mode (the client secret goes there)', () => {
    const err = configError(fullTeamsEnv({ AAD_APP_OAUTH_AUTHORITY_HOST: 'http://login.microsoftonline.com' }));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toContain('AAD_APP_OAUTH_AUTHORITY_HOST="http://login.microsoftonline.com" must be https');
  });

  it('TEAMS_SERVICE_URL_HOSTS defaults to the hosts Teams uses, public cloud and US government clouds', () => {
    expect(loadConfig(fullTeamsEnv()).teamsServiceUrlHosts).toEqual([
      'smba.trafficmanager.net',
      '*.botframework.com',
      'smba.infra.gcc.teams.microsoft.com',
      'smba.infra.gov.teams.microsoft.us',
      'smba.infra.dod.teams.microsoft.us'
    ]);
    expect(loadConfig(fullTeamsEnv()).teamsServiceUrlHosts).toBe(TEAMS_SERVICE_HOSTS);
  });

  it('TEAMS_SERVICE_URL_HOSTS replaces the list: comma-separated, trimmed, lower-cased, "*." for subdomains', () => {
    expect(
      loadConfig(fullTeamsEnv({ TEAMS_SERVICE_URL_HOSTS: ' SMBA.trafficmanager.net , *.teams.example.test,' }))
        .teamsServiceUrlHosts
    ).toEqual(['smba.trafficmanager.net', '*.teams.example.test']);
  });

  it.each([
    'https://smba.trafficmanager.net',
    'smba.trafficmanager.net:443',
    'smba.trafficmanager.net/amer',
    '*',
    '*.net.',
    'smba.*.net',
    '**.botframework.com',
    'localhost',
    '127.0.0.1'
  ])('TEAMS_SERVICE_URL_HOSTS=%s is named', (value) => {
    const err = configError(fullTeamsEnv({ TEAMS_SERVICE_URL_HOSTS: value }));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toContain(`TEAMS_SERVICE_URL_HOSTS contains "${value}"`);
  });

  it('TEAMS_SERVICE_URL_HOSTS with no host at all is named', () => {
    expect(configError(fullTeamsEnv({ TEAMS_SERVICE_URL_HOSTS: ' , ' })).problems).toEqual([
      'TEAMS_SERVICE_URL_HOSTS names no host: leave it unset for the default list.'
    ]);
  });
});

describe('loadConfig: malformed values are named', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '3978.5'],
    ['LOG_LEVEL', 'loud'],
    ['GRAPH_BASE_URL', 'not a url'],
    ['GRAPH_BASE_URL', 'ftp://graph.microsoft.com/v1.0'],
    ['GRAPH_TIMEOUT_MS', '5'],
    ['ME_INVOKE_DEADLINE_MS', '5000'],
    ['ME_INVOKE_DEADLINE_MS', '50'],
    ['MODE', 'cloud'],
    ['SANDBOX_PORT', '99999'],
    ['PLAYGROUND', 'maybe'],
    ['GRAPH_CONCURRENCY_SCOPE', 'tenant']
  ])('%s=%s', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toContain(name);
    expect(err.problems[0]).toContain(value);
    expect(err.message).toContain(name);
  });

  it('several problems are reported together, one per line', () => {
    const err = configError({ PORT: 'abc', LOG_LEVEL: 'loud', MODE: 'cloud' });
    expect(err.problems).toHaveLength(3);
    expect(err.message.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(3);
    expect(err.name).toBe('ConfigError');
  });
});

describe('source layout rules', () => {
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return files(full);
      return /\.[cm]?[jt]s$/.test(e.name) ? [full] : [];
    });
  const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');

  /** Every module specifier a file imports, re-exports or requires (multi-line imports included). */
  function specifiers(source: string): string[] {
    const found: string[] = [];
    const patterns = [
      // import x from '…', export { x } from '…'
      /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
      // import '…'
      /\bimport\s*['"]([^'"]+)['"]/g,
      // require('…')
      /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
      // import('…')
      /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g
    ];
    for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]);
    return found;
  }

  it('finds the source files it checks', () => {
    const all = files(SRC).map(rel);
    expect(all).toContain('config.ts');
    expect(all).toContain('server.ts');
    expect(all.length).toBeGreaterThan(20);
  });

  it('the import scanner sees multi-line, type-only and require imports', () => {
    const sample =
      "import {\n  a,\n  b\n} from 'botbuilder';\n" +
      'import type { X } from "restify";\n' +
      "const y = require('botframework-connector');\n" +
      "export * from '@microsoft/teams-ai';";
    expect(specifiers(sample)).toEqual(
      expect.arrayContaining(['botbuilder', 'restify', 'botframework-connector', '@microsoft/teams-ai'])
    );
  });

  it('no file under src/ other than src/config.ts mentions process.env', () => {
    const offenders = files(SRC)
      .filter((f) => rel(f) !== 'config.ts')
      .filter((f) => fs.readFileSync(f, 'utf8').includes('process.env'))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it(
    'src/core, src/cards, src/graph, src/auth and src/storage ' + 'do not import Bot Framework, teams-ai or restify',
    () => {
      const forbidden = /^(botbuilder(-[\w-]+)?|@microsoft\/teams-ai|restify(-[\w-]+)?|botframework-[\w-]+)(\/.*)?$/;
      const layers = ['core', 'cards', 'graph', 'auth', 'storage'];
      const checked: string[] = [];
      const offenders: string[] = [];
      for (const layer of layers) {
        const dir = path.join(SRC, layer);
        expect(fs.existsSync(dir)).toBe(true);
        for (const f of files(dir)) {
          checked.push(rel(f));
          for (const spec of specifiers(fs.readFileSync(f, 'utf8'))) {
            if (forbidden.test(spec)) offenders.push(`${rel(f)} imports ${spec}`);
          }
        }
      }
      expect(checked.length).toBeGreaterThan(10);
      expect(offenders).toEqual([]);
    }
  );
});

describe('loadConfig: rules added with local mode', () => {
  const problems = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
    } catch (err) {
      return (err as Error).message;
    }
    return '';
  };

  it('keeps an anonymous local bot on loopback', () => {
    expect(problems({ HOST: '0.0.0.0' })).toContain('HOST="0.0.0.0" is not a loopback address');
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
  });

  it('refuses plain-http Graph in Teams mode and a tenant id that is not a GUID', () => {
    const { PORT: _port, ...teams } = teamsEnv();
    expect(problems({ ...teams, GRAPH_BASE_URL: 'http://graph.example.test/v1.0' })).toContain(
      'must be https in Teams mode'
    );
    expect(problems({ ...teams, AAD_APP_TENANT_ID: 't' })).toContain('AAD_APP_TENANT_ID="t" is not a GUID');
  });

  it('takes ports only as plain digits', () => {
    expect(problems({ PORT: '0x50' })).toContain('PORT="0x50"');
    expect(problems({ PORT: '1e3' })).toContain('PORT="1e3"');
    expect(problems({ SANDBOX_PORT: '0' })).toContain('SANDBOX_PORT="0"');
  });

  it('gives child processes only the basics of the environment, never a secret', () => {
    const config = loadConfig({
      PATH: '/usr/bin',
      HOME: '/home/x',
      AAD_APP_CLIENT_SECRET_COPY: 's3cret',
      SECRET_BOT_PASSWORD: 'p'
    });
    expect(config.local.childEnv).toEqual({ PATH: '/usr/bin', HOME: '/home/x' });
  });
});

describe('loadConfig: the bot identity (BOT_APP_TYPE)', () => {
  it('is never multi-tenant unless BOT_APP_TYPE=MultiTenant says so', () => {
    expect(loadConfig(fullTeamsEnv()).bot?.appType).toBe('SingleTenant');
    expect(loadConfig(fullTeamsEnv({ BOT_APP_TYPE: 'singletenant' })).bot?.appType).toBe('SingleTenant');
    const multi = loadConfig(fullTeamsEnv({ BOT_APP_TYPE: 'MultiTenant' }));
    expect(multi.bot).toMatchObject({ appType: 'MultiTenant', tenantId: undefined });
  });

  it('MultiTenant with a BOT_TENANT_ID is a contradiction, named', () => {
    const err = configError(fullTeamsEnv({ BOT_APP_TYPE: 'MultiTenant', BOT_TENANT_ID: OTHER_TENANT }));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^BOT_TENANT_ID .*MultiTenant/);
  });

  it('UserAssignedMSI: BOT_ID is the identity client id, no BOT_PASSWORD needed or allowed', () => {
    const { BOT_PASSWORD: _p, ...withoutPassword } = fullTeamsEnv();
    const msi = loadConfig({ ...withoutPassword, BOT_APP_TYPE: 'UserAssignedMSI', BOT_TENANT_ID: OTHER_TENANT });
    expect(msi.bot).toEqual({ appId: BOT_ID, appPassword: '', appType: 'UserAssignedMSI', tenantId: OTHER_TENANT });
    const err = configError(fullTeamsEnv({ BOT_APP_TYPE: 'UserAssignedMSI' }));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^BOT_PASSWORD must be empty/);
    expect(err.message).not.toContain(BOT_PASSWORD);
  });

  it('a single-tenant bot still needs its password', () => {
    const { BOT_PASSWORD: _p, ...withoutPassword } = fullTeamsEnv();
    expect(configError(withoutPassword).problems.some((p) => p.startsWith('BOT_PASSWORD is not set'))).toBe(true);
  });

  it('an unknown BOT_APP_TYPE or a BOT_TENANT_ID that is not a GUID is named', () => {
    const err = configError(fullTeamsEnv({ BOT_APP_TYPE: 'Anonymous', BOT_TENANT_ID: 'contoso.onmicrosoft.com' }));
    expect(err.problems).toHaveLength(2);
    expect(err.problems[0]).toMatch(/^BOT_APP_TYPE="Anonymous" must be one of SingleTenant, UserAssignedMSI/);
    expect(err.problems[1]).toMatch(/^BOT_TENANT_ID="contoso.onmicrosoft.com" is not a GUID/);
  });
});

describe('loadConfig: memory budgets (issue 13)', () => {
  const HOUR = 60 * 60_000;
  it('defaults: 64 MB of forms, 32 MB of own views, 20 each a person for 24 h; tokens 7 days, 10,000 accounts', () => {
    expect(loadConfig({}).memory).toEqual({
      formStoreMaxBytes: 64 * 1024 * 1024,
      formsPerPerson: 20,
      formTtlMs: 24 * HOUR,
      ownViewStoreMaxBytes: 32 * 1024 * 1024,
      ownViewsPerPerson: 20,
      ownViewTtlMs: 24 * HOUR,
      tokenCacheIdleMs: 7 * 24 * HOUR,
      tokenCacheMaxAccounts: 10_000
    });
  });

  it('reads the FORM_*, OWN_VIEW*, TOKEN_CACHE_IDLE_DAYS and TOKEN_CACHE_MAX_ACCOUNTS budgets', () => {
    const config = loadConfig({
      FORM_STORE_MAX_BYTES: String(8 * 1024 * 1024),
      FORMS_PER_PERSON: '5',
      FORM_TTL_HOURS: '2',
      OWN_VIEW_STORE_MAX_BYTES: String(4 * 1024 * 1024),
      OWN_VIEWS_PER_PERSON: '7',
      OWN_VIEW_TTL_HOURS: '6',
      TOKEN_CACHE_IDLE_DAYS: '3',
      TOKEN_CACHE_MAX_ACCOUNTS: '500'
    });
    expect(config.memory).toEqual({
      formStoreMaxBytes: 8 * 1024 * 1024,
      formsPerPerson: 5,
      formTtlMs: 2 * HOUR,
      ownViewStoreMaxBytes: 4 * 1024 * 1024,
      ownViewsPerPerson: 7,
      ownViewTtlMs: 6 * HOUR,
      tokenCacheIdleMs: 3 * 24 * HOUR,
      tokenCacheMaxAccounts: 500
    });
    expectDeeplyFrozen(config);
  });

  it.each([
    ['FORM_STORE_MAX_BYTES', '1000'],
    ['FORM_STORE_MAX_BYTES', '64MB'],
    ['FORMS_PER_PERSON', '0'],
    ['FORM_TTL_HOURS', '0'],
    ['OWN_VIEW_STORE_MAX_BYTES', '1000'],
    ['OWN_VIEW_STORE_MAX_BYTES', '32MB'],
    ['OWN_VIEWS_PER_PERSON', '0'],
    ['OWN_VIEW_TTL_HOURS', '0'],
    ['TOKEN_CACHE_IDLE_DAYS', '0'],
    ['TOKEN_CACHE_IDLE_DAYS', '1.5'],
    ['TOKEN_CACHE_MAX_ACCOUNTS', '0']
  ])('%s=%s is named', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toContain(name);
  });
});

describe('loadConfig: the HTTP edge (ports, deployments, server timeouts)', () => {
  it("local mode's default port is 3979, never Teams mode's 3978 (the dev tunnel's)", () => {
    expect(loadConfig({}).port).toBe(3979);
    expect(loadConfig({ MODE: 'local' }).port).toBe(3979);
    expect(loadConfig(fullTeamsEnv()).port).toBe(3978);
    expect(loadConfig({ PORT: '3978' }).port).toBe(3978); // asked for by name: taken
  });

  it.each([
    ['WEBSITE_SITE_NAME', 'gcbot-app'],
    ['KUBERNETES_SERVICE_HOST', '10.0.0.1'],
    ['NODE_ENV', 'production'],
    ['NODE_ENV', 'Production']
  ])('refuses to fall back to local mode where %s=%s says this is a deployment', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toContain(name);
    expect(err.problems[0]).toContain('MODE=local');
    expect(err.problems[0]).toContain('BOT_ID');
  });

  it('MODE=local said on purpose, Teams mode, or a development NODE_ENV start as before', () => {
    const deployed = { WEBSITE_SITE_NAME: 'gcbot-app', KUBERNETES_SERVICE_HOST: '10.0.0.1', NODE_ENV: 'production' };
    expect(loadConfig({ ...deployed, MODE: 'local' }).mode).toBe('local');
    expect(loadConfig(fullTeamsEnv(deployed)).mode).toBe('teams');
    expect(loadConfig({ NODE_ENV: 'development' }).mode).toBe('local');
    expect(loadConfig({ NODE_ENV: 'test' }).mode).toBe('local');
  });

  it("the server's timeouts and connection cap default to 30 s, 15 s, 5 s and 1000 (Node's: 300 s, 60 s, none)", () => {
    const expected = {
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 15_000,
      keepAliveTimeoutMs: 5000,
      maxConnections: 1000
    };
    expect(loadConfig({}).http).toEqual(expected);
    expect(loadConfig(fullTeamsEnv()).http).toEqual(expected);
  });

  it('the HTTP_* settings (request, headers, keep-alive timeouts; connection cap) are read', () => {
    const config = loadConfig({
      HTTP_REQUEST_TIMEOUT_MS: '20000',
      HTTP_HEADERS_TIMEOUT_MS: '10000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      HTTP_MAX_CONNECTIONS: '200'
    });
    expect(config.http).toEqual({
      requestTimeoutMs: 20_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 65_000,
      maxConnections: 200
    });
  });

  it.each([
    ['HTTP_REQUEST_TIMEOUT_MS', '999'],
    ['HTTP_REQUEST_TIMEOUT_MS', 'soon'],
    ['HTTP_HEADERS_TIMEOUT_MS', '50'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '300001'],
    ['HTTP_MAX_CONNECTIONS', '0']
  ])('%s=%s is named', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toContain(name);
    expect(err.problems[0]).toContain(value);
  });

  it('a headers timeout longer than the request timeout is named', () => {
    const err = configError({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' });
    expect(err.problems).toEqual([expect.stringMatching(/^HTTP_HEADERS_TIMEOUT_MS \(6000\) must not exceed/)]);
  });
});
