// The only reader of process.env. Everything else gets a typed, frozen Config passed in.
// A missing or malformed variable stops the start with a message naming it and the fix.
import path from 'node:path';
import { deepFreeze } from './core/deep-freeze';
import { parseAllowedTenants, parseServiceHosts } from './config-trust';
import {
  LOCAL_MODE_PORT,
  TEAMS_MODE_PORT,
  parseHttpLimits,
  refuseImplicitLocalMode,
  type HttpLimits,
  type IntegerSetting
} from './config-edge';
import { parseMemoryBudgets, type MemoryBudgets } from './config-memory';
import { parseBroadcastSettings, type BroadcastSettings } from './config-broadcast';
import { parseFollowSettings, type FollowSettings } from './config-follow';
import { parseStorageSetting, type StorageSetting } from './config-storage';

export type { MemoryBudgets } from './config-memory';
export type { BroadcastSettings } from './config-broadcast';
export type { FollowSettings } from './config-follow';
export type { StorageSetting } from './config-storage';
export { TEAMS_SERVICE_HOSTS } from './config-trust';

export type Mode = 'teams' | 'local';

/**
 * How the bot proves who it is to Bot Framework (Azure Bot `msaAppType`). Azure Bot Service
 * creates no new multi-tenant bots since 31 July 2025, so SingleTenant is the default and
 * MultiTenant is only ever taken when BOT_APP_TYPE says so (a registration made before then).
 */
export type BotAppType = 'SingleTenant' | 'UserAssignedMSI' | 'MultiTenant';

export interface BotIdentity {
  /** The bot's Entra app id, or the user-assigned managed identity's client id. */
  appId: string;
  /** Empty for a managed identity: it has no secret. */
  appPassword: string;
  appType: BotAppType;
  /** The tenant of the bot's identity; undefined only for MultiTenant. */
  tenantId?: string;
}

export interface AadApp {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  /** e.g. https://login.microsoftonline.com (no trailing slash). */
  authorityHost: string;
}

export interface Config {
  mode: Mode;
  host: string;
  /** PORT; default 3978 in Teams mode (the dev tunnel's), 3979 in local mode (never the tunnel's). */
  port: number;
  /** The HTTP server's timeouts and connection cap (HTTP_* settings, src/config-edge.ts). */
  http: HttpLimits;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  graphBaseUrl: string;
  graphTimeoutMs: number;
  /** After an uncertain write, how long "not found" is not yet proof that it did not happen. */
  reconcileGraceMs: number;
  /** Requests in flight per group mailbox, or per app (`graphConcurrencyScope`); Outlook: 4. */
  graphMailboxConcurrency: number;
  /**
   * What Outlook's concurrency limit counts: `mailbox` (4 per app and mailbox) or `app` (4 per app
   * across all mailboxes): the two wordings Microsoft has published (PLATFORM-FACTS).
   */
  graphConcurrencyScope: 'mailbox' | 'app';
  /** Reads that may wait for one mailbox's slots (as many writes again); beyond it "busy, try again". */
  graphMailboxQueue: number;
  /** A card action not done by then is answered with a "Posting…" card, updated when done. */
  invokeDeadlineMs: number;
  /**
   * A message-extension invoke (fetchTask, submitAction) not done by then is answered anyway:
   * Teams allows 5 s, then retries it and shows "Unable to reach the app", ignoring a late answer.
   */
  meInvokeDeadlineMs: number;
  /** Delegated Graph scopes the bot asks for on the person's behalf. */
  graphScopes: readonly string[];
  /** https://BOT_DOMAIN: builds the sign-in and consent links Teams opens. */
  publicBaseUrl?: string;
  bot?: BotIdentity;
  aad?: AadApp;
  /**
   * Teams mode: the name of the OAuth connection on the Azure Bot resource (OAUTH_CONNECTION_NAME).
   * Teams ignores a card's sign-in request whose connectionName is empty or missing.
   */
  oauthConnectionName?: string;
  /**
   * Entra tenant ids whose people may use the bot (lower case), or 'any' (ALLOWED_TENANTS=*, and
   * local mode by default). Teams mode defaults to the app's own tenant: it fails closed.
   */
  allowedTenants: readonly string[] | 'any';
  /**
   * Host names a Teams activity's serviceUrl may name (replies go there), `*.` for any subdomain;
   * TEAMS_SERVICE_URL_HOSTS, else TEAMS_SERVICE_HOSTS. Checked in Teams mode only.
   */
  teamsServiceUrlHosts: readonly string[];
  /** Posts (conversations and replies) one person may make per minute. */
  postsPerMinute: number;
  /** Memory budgets: no person, and no crowd of people, grows the process without bound (issue 13). */
  memory: MemoryBudgets;
  /** One announcement to many groups (issue 15): BROADCAST_CONCURRENCY, BROADCAST_MAX_GROUPS, BROADCAST_KEEP_HOURS. */
  broadcast: BroadcastSettings;
  /** A channel following a group (issue 16): FOLLOW_SUBSCRIPTION_MINUTES, FOLLOW_MAX_PER_CHANNEL. */
  follow: FollowSettings;
  /** Other actions that call Graph (list, More, opening a form or reply, the typeahead) per person a minute. */
  readsPerMinute: number;
  /** Where state and the sandbox's data live as SQLite files; null keeps them in memory. */
  dataDir: string | null;
  /** SQLite in dataDir (the default), or Azure Blob Storage for several instances (config-storage.ts). */
  storage: StorageSetting;
  /** Local mode only: what `npm start` runs beside the bot. */
  local: {
    startSandbox: boolean;
    sandboxPort: number;
    playground: boolean;
    playgroundPort: number;
    /** Environment for child processes: the basics from ours, never a secret. */
    childEnv: Readonly<Record<string, string>>;
  };
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Configuration problem${problems.length > 1 ? 's' : ''}:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

// Group.ReadWrite.All creates conversations and lists the person's groups; User.ReadBasic.All
// resolves picked participants to mail addresses. Both are delegated: the bot acts as the person.
export const GRAPH_SCOPES = Object.freeze([
  'https://graph.microsoft.com/Group.ReadWrite.All',
  'https://graph.microsoft.com/User.ReadBasic.All'
]);

const BOT_APP_TYPES: readonly BotAppType[] = ['SingleTenant', 'UserAssignedMSI', 'MultiTenant'];
const TEAMS_VARS = [
  'BOT_ID',
  'BOT_PASSWORD',
  'AAD_APP_CLIENT_ID',
  'AAD_APP_CLIENT_SECRET',
  'AAD_APP_TENANT_ID'
] as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'];
// Passed to child processes (the Agents Playground): what a program needs to run, no secrets.
const CHILD_ENV_VARS = [
  'PATH',
  'HOME',
  'LANG',
  'LC_ALL',
  'TMPDIR',
  'TEMP',
  'TMP',
  'SystemRoot',
  'APPDATA',
  'LOCALAPPDATA',
  'USERPROFILE'
];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };

  const mode = chooseMode(get, problems);
  if (mode === 'local') refuseImplicitLocalMode(get, get('MODE'), problems);
  const port = parsePort(get('PORT'), 'PORT', mode === 'local' ? LOCAL_MODE_PORT : TEAMS_MODE_PORT, problems);
  const int: IntegerSetting = (name, fallback, min, max) => parseInteger(get(name), name, fallback, min, max, problems);
  const http = parseHttpLimits(int, problems);
  const logLevel = (get('LOG_LEVEL') ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL="${logLevel}" is not one of ${LOG_LEVELS.join(', ')}.`);
  }
  const sandboxPort = parseInteger(get('SANDBOX_PORT'), 'SANDBOX_PORT', 5980, 1, 65535, problems);
  const playgroundPort = parseInteger(get('PLAYGROUND_PORT'), 'PLAYGROUND_PORT', 56150, 1, 65535, problems);
  const playgroundFlag = get('PLAYGROUND') ?? '1';
  if (!['0', '1', 'true', 'false'].includes(playgroundFlag))
    problems.push(`PLAYGROUND="${playgroundFlag}" must be 1 (start the Agents Playground) or 0.`);
  // Local mode talks to the Graph sandbox it starts itself, unless GRAPH_BASE_URL says otherwise.
  const explicitGraph = get('GRAPH_BASE_URL');
  const defaultGraph = mode === 'local' ? `http://127.0.0.1:${sandboxPort}/v1.0` : 'https://graph.microsoft.com/v1.0';
  const graphBaseUrl = parseUrl(explicitGraph ?? defaultGraph, 'GRAPH_BASE_URL', problems);
  const graphTimeoutMs = parseInteger(get('GRAPH_TIMEOUT_MS'), 'GRAPH_TIMEOUT_MS', 8000, 100, 60000, problems);
  // Teams gives up on an invoke after about 10 s ("Unable to reach app"): answer well before.
  const invokeDeadlineMs = parseInteger(get('INVOKE_DEADLINE_MS'), 'INVOKE_DEADLINE_MS', 7000, 100, 12_000, problems);
  // Message extensions get 5 s: the upper bound keeps an answer from ever arriving too late to count.
  const meInvokeDeadlineMs = parseInteger(
    get('ME_INVOKE_DEADLINE_MS'),
    'ME_INVOKE_DEADLINE_MS',
    4000,
    100,
    4500,
    problems
  );
  const reconcileGraceMs = parseInteger(get('RECONCILE_GRACE_MS'), 'RECONCILE_GRACE_MS', 15_000, 0, 600_000, problems);
  const graphMailboxConcurrency = parseInteger(
    get('GRAPH_MAILBOX_CONCURRENCY'),
    'GRAPH_MAILBOX_CONCURRENCY',
    4,
    1,
    64,
    problems
  );
  const graphConcurrencyScope = (get('GRAPH_CONCURRENCY_SCOPE') ?? 'mailbox') as Config['graphConcurrencyScope'];
  if (graphConcurrencyScope !== 'mailbox' && graphConcurrencyScope !== 'app')
    problems.push(`GRAPH_CONCURRENCY_SCOPE="${graphConcurrencyScope}" must be mailbox or app.`);
  const postsPerMinute = parseInteger(get('POSTS_PER_MINUTE'), 'POSTS_PER_MINUTE', 10, 1, 10_000, problems);
  const memory = parseMemoryBudgets(int);
  const broadcast = parseBroadcastSettings(int);
  const follow = parseFollowSettings(int);
  const storage = parseStorageSetting(get, problems);
  // Reads are cheaper than posts and come in runs (More, More…): a higher budget of their own.
  const readsPerMinute = parseInteger(get('READS_PER_MINUTE'), 'READS_PER_MINUTE', 60, 1, 10_000, problems);
  // 50 waiting reads drain in seconds at Outlook's 4 slots; a longer queue outlasts Teams' invoke wait.
  const graphMailboxQueue = parseInteger(get('GRAPH_MAILBOX_QUEUE'), 'GRAPH_MAILBOX_QUEUE', 50, 1, 10_000, problems);
  const allowedTenants = parseAllowedTenants(get('ALLOWED_TENANTS'), mode, get('AAD_APP_TENANT_ID'), problems);
  const teamsServiceUrlHosts = parseServiceHosts(get('TEAMS_SERVICE_URL_HOSTS'), problems);

  let bot: BotIdentity | undefined;
  let aad: AadApp | undefined;
  let publicBaseUrl: string | undefined;
  let oauthConnectionName: string | undefined;
  if (mode === 'teams') {
    bot = botIdentity(get, problems);
    for (const name of TEAMS_VARS) {
      // A managed identity has no password (checked in botIdentity).
      if (name === 'BOT_PASSWORD' && bot.appType === 'UserAssignedMSI') continue;
      if (!get(name))
        problems.push(
          `${name} is not set: Teams mode needs ${TEAMS_VARS.join(', ')} (see env/.env.dev and README "Environment").`
        );
    }
    if (new URL(graphBaseUrl).protocol !== 'https:')
      problems.push(`GRAPH_BASE_URL="${graphBaseUrl}" must be https in Teams mode: it carries people's tokens.`);
    for (const name of ['BOT_ID', 'AAD_APP_CLIENT_ID', 'AAD_APP_TENANT_ID'] as const) {
      const v = get(name);
      if (v && !GUID.test(v))
        problems.push(`${name}="${v}" is not a GUID: use the application (client) id from Entra ID.`);
    }
    const domain = get('BOT_DOMAIN');
    if (!domain) {
      problems.push(
        'BOT_DOMAIN is not set: give the public host name of the bot ' +
          '(e.g. mybot.azurewebsites.net); it builds the sign-in links.'
      );
    } else if (!/^[a-z0-9.-]+(:\d+)?$/i.test(domain)) {
      problems.push(
        `BOT_DOMAIN="${domain}" must be a bare host name such as mybot.azurewebsites.net (no scheme, no path).`
      );
    } else {
      publicBaseUrl = `https://${domain}`;
    }
    oauthConnectionName = get('OAUTH_CONNECTION_NAME');
    if (!oauthConnectionName)
      problems.push(
        'OAUTH_CONNECTION_NAME is not set: give the name of the OAuth connection on the Azure Bot resource ' +
          '(provision writes it to env/.env.dev); Teams ignores a card sign-in request without it.'
      );
    const authorityHost = parseUrl(
      get('AAD_APP_OAUTH_AUTHORITY_HOST') ?? 'https://login.microsoftonline.com',
      'AAD_APP_OAUTH_AUTHORITY_HOST',
      problems
    );
    if (/^http:/i.test(authorityHost))
      problems.push(
        `AAD_APP_OAUTH_AUTHORITY_HOST="${authorityHost}" must be https in Teams mode: the client secret goes there.`
      );
    aad = {
      clientId: get('AAD_APP_CLIENT_ID') ?? '',
      clientSecret: get('AAD_APP_CLIENT_SECRET') ?? '',
      tenantId: get('AAD_APP_TENANT_ID') ?? '',
      authorityHost: authorityHost.replace(/\/+$/, '')
    };
  }

  const host = get('HOST') ?? (mode === 'teams' ? '0.0.0.0' : '127.0.0.1');
  if (mode === 'local' && !LOOPBACK_HOSTS.includes(host)) {
    problems.push(
      [
        `HOST="${host}" is not a loopback address:`,
        'local mode accepts anonymous activities, so it only listens on 127.0.0.1, ::1 or localhost.'
      ].join(' ')
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return deepFreeze({
    mode,
    // Teams mode is reached through Azure Bot Service and must listen publicly; local mode
    // accepts anonymous activities and so never leaves loopback.
    host,
    port,
    http,
    logLevel,
    graphBaseUrl: graphBaseUrl.replace(/\/+$/, ''),
    graphTimeoutMs,
    invokeDeadlineMs,
    meInvokeDeadlineMs,
    graphMailboxConcurrency,
    graphConcurrencyScope,
    graphMailboxQueue,
    reconcileGraceMs,
    graphScopes: GRAPH_SCOPES,
    allowedTenants,
    teamsServiceUrlHosts,
    postsPerMinute,
    memory,
    broadcast,
    follow,
    readsPerMinute,
    publicBaseUrl,
    bot,
    aad,
    oauthConnectionName,
    dataDir: get('DATA_DIR') === ':memory:' ? null : path.resolve(get('DATA_DIR') ?? '.data'),
    storage,
    local: {
      startSandbox: mode === 'local' && explicitGraph === undefined,
      sandboxPort,
      playground: mode === 'local' && (playgroundFlag === '1' || playgroundFlag === 'true'),
      playgroundPort,
      childEnv: Object.fromEntries(CHILD_ENV_VARS.flatMap((name) => (env[name] ? [[name, env[name] as string]] : [])))
    }
  });
}

// BOT_TENANT_ID defaults to AAD_APP_TENANT_ID: provision writes it (the tenant it created the bot's
// Entra app in, the same tenant as the sign-in app), and an environment set by hand that names only
// one tenant means that one. Never multi-tenant without BOT_APP_TYPE=MultiTenant.
function botIdentity(get: (n: string) => string | undefined, problems: string[]): BotIdentity {
  const raw = get('BOT_APP_TYPE') ?? 'SingleTenant';
  const appType = BOT_APP_TYPES.find((t) => t.toLowerCase() === raw.toLowerCase());
  if (!appType)
    problems.push(`BOT_APP_TYPE="${raw}" must be one of ${BOT_APP_TYPES.join(', ')} (default SingleTenant).`);
  const type = appType ?? 'SingleTenant';
  const tenantId = type === 'MultiTenant' ? undefined : (get('BOT_TENANT_ID') ?? get('AAD_APP_TENANT_ID'));
  if (type === 'MultiTenant' && get('BOT_TENANT_ID'))
    problems.push('BOT_TENANT_ID is set but BOT_APP_TYPE=MultiTenant: a multi-tenant bot has no tenant; drop one.');
  const explicitTenant = get('BOT_TENANT_ID');
  // AAD_APP_TENANT_ID is checked with the other ids.
  if (explicitTenant && !GUID.test(explicitTenant))
    problems.push(`BOT_TENANT_ID="${explicitTenant}" is not a GUID: use the tenant id of the bot's identity.`);
  if (type === 'UserAssignedMSI' && get('BOT_PASSWORD'))
    problems.push(
      'BOT_PASSWORD must be empty with BOT_APP_TYPE=UserAssignedMSI: a managed identity has no secret ' +
        '(BOT_ID is its client id).'
    );
  return { appId: get('BOT_ID') ?? '', appPassword: get('BOT_PASSWORD') ?? '', appType: type, tenantId };
}

function chooseMode(get: (n: string) => string | undefined, problems: string[]): Mode {
  const explicit = get('MODE');
  if (explicit) {
    if (explicit === 'teams' || explicit === 'local') return explicit;
    problems.push(`MODE="${explicit}" must be "teams" or "local" (or unset to choose from BOT_ID/AAD_APP_*).`);
    return 'local';
  }
  // Any Teams variable means the person meant Teams mode: report what is missing instead of
  // silently starting a local bot they did not ask for.
  return TEAMS_VARS.some((name) => get(name)) ? 'teams' : 'local';
}

function parsePort(raw: string | undefined, name: string, fallback: number, problems: string[]): number {
  return parseInteger(raw, name, fallback, 0, 65535, problems);
}

function parseInteger(
  raw: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[]
): number {
  if (raw === undefined) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}.`);
    return fallback;
  }
  return n;
}

function parseUrl(raw: string, name: string, problems: string[]): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    return raw;
  } catch {
    problems.push(`${name}="${raw}" is not an http(s) URL.`);
    return raw;
  }
}
