// HOW TO START A TEST BOT: call `useTestBot()` (the only way) inside a `describe` or at the top
// of a test file, and use what it returns as the bot:
//
//   const bot = useTestBot();                                   // local mode, a fresh bot per test
//   const bot = useTestBot({ teams: true });                    // Teams mode: teamsEnv() from entra.ts, and
//                                                               //   Bot Framework's OpenID metadata served by nock
//   const bot = useTestBot({ env: { GRAPH_BASE_URL: url }, newDraftId: () => DRAFT });
//   const bot = useTestBot({ per: 'describe', env: () => ({ GRAPH_BASE_URL: sandbox.baseUrl }) });
//                                                               // one bot for the whole describe; a function
//                                                               //   env is read when the bot starts, after the
//                                                               //   beforeAll hooks registered before this call
//   const bot = useTestBot({ deps: (built) => ({ forms: failing(built.forms) }) });
//                                                               // replaces dependencies of the built bot (a
//                                                               //   store that fails): see TestBotOptions.deps
//   const res = await bot.post('/api/messages', activity, teamsAuth());   // then bot.logs, bot.url, bot.bot
//
// It is the real server (loadConfig → buildBot → restify on 127.0.0.1, random port) with every
// log line captured. `bot.post` checks every Adaptive Card in every answer it gets back (invoke
// answers, expectReplies activities, dialogs) with assertValidCard — official schemas and
// Microsoft's renderer — and every invoke answer against its documented shape (invoke-contract.ts:
// status, Universal Actions, loginRequest, message extension, sign-in invokes) before it returns,
// so no test can forget to. A test posting by other means checks with `bot.invokeContract`.
// It also keeps what people typed in channels and group chats (`bot.audience`, shared-audience.ts)
// and fails a test in which any of it reached such a conversation (expectReplies answers here,
// Bot Connector traffic through nockConnector).
// In local mode the channel is the Agents Playground, whose activities name its loopback connector:
// `bot.post` sends a Teams fixture's serviceUrl (TEAMS_SERVICE_URL) as PLAYGROUND_SERVICE_URL, so a
// Bot Connector call is nocked there; any other serviceUrl goes as written (local mode refuses it).
// (Whole processes are another thing: `npm start` for the e2e suites is local-process.ts, the
// faults suite's killable bot is fault-child-bot.ts.)
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { buildBot, type BuildOptions, type BuiltBot } from '../../src/create-bot';
import type { BotDeps } from '../../src/teams/app/bot-deps';
import { nockBotFrameworkMetadata, PLAYGROUND_SERVICE_URL, TEAMS_SERVICE_URL } from './bot-framework-auth';
import { assertValidCard } from './card-schema';
import { checkAnswerCards } from './answer-cards';
import { createInvokeContract, type InvokeContract } from './invoke-contract';
import { teamsEnv } from './entra';
import { createAudienceWatch, type AudienceWatch } from './shared-audience';

export interface TestBot {
  url: string;
  bot: BuiltBot;
  logs: string[];
  /** This bot's invoke contract (it remembers the tokenExchangeResource ids the bot gave out). */
  invokeContract: InvokeContract;
  /**
   * What people typed in channels and group chats, checked against everything those conversations
   * are sent (shared-audience.ts): post() checks expectReplies answers; nockConnector the Bot
   * Connector's traffic; a leak fails the test after it ends.
   */
  audience: AudienceWatch;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>
  ): Promise<{ status: number; body: any; text: string }>;
  /** Stops the bot now (its logs stay readable); the hooks would otherwise stop it after the test or describe. */
  close(): Promise<void>;
}

export interface TestBotOptions {
  /** Teams mode: Entra ID and Bot Framework settings of entra.ts, JWT checked against nock's metadata. */
  teams?: boolean;
  /** Settings on top of the test defaults; a function is called when the bot starts. */
  env?: Record<string, string> | (() => Record<string, string>);
  /** 'test' (default): a fresh bot for each test. 'describe': one bot for every test of the block. */
  per?: 'test' | 'describe';
  newDraftId?: () => string;
  now?: () => number;
  /**
   * The bot's background tasks (BotDeps.schedule: the second look at an uncertain post). Default:
   * never run, so no test sees Graph or Bot Connector calls it did not ask for; a test that wants
   * them collects the tasks and runs them when it chooses.
   */
  schedule?: (delayMs: number, task: () => Promise<void>) => void;
  /** teams-ai's turn state instead of the bot's SQLite one (a failing one; one shared by two bots). */
  storage?: BuildOptions['storage'];
  /** The claimed token exchange ids instead of a fresh memory store (shared by two bots). */
  tokenExchanges?: BuildOptions['tokenExchanges'];
  /**
   * Dependencies to put in place of the built ones (given them, e.g. to wrap a store), before the
   * server listens. Only what handlers read on each turn (the stores, graph, tokens…): what the app
   * reads once while it is built (config, sso, signIn, teams-ai's `storage`: the option above)
   * keeps the built value.
   */
  deps?: (built: BotDeps) => Partial<BotDeps>;
  /**
   * The follow feature's background work (issue 16). Default: notifications are worked on as they
   * arrive, but nothing runs on a timer (a test calls bot.following.renewDue() when it chooses).
   */
  following?: BuildOptions['following'];
}

async function startTestBot(
  env: Record<string, string>,
  options: Pick<TestBotOptions, 'newDraftId' | 'now' | 'schedule' | 'storage' | 'tokenExchanges' | 'deps' | 'following'>
): Promise<TestBot> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    }
  });
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'debug',
    DATA_DIR: ':memory:',
    RECONCILE_GRACE_MS: '0',
    ...env
  });
  const { deps, ...buildOptions } = options;
  const bot = buildBot(config, {
    logger: createLogger(config.logLevel, sink),
    schedule: () => undefined,
    following: { kick: true, timers: false },
    ...buildOptions
  });
  // The app holds this very object and reads its stores on each turn.
  if (deps) Object.assign(bot.deps, deps(bot.deps));
  await bot.ready();
  await new Promise<void>((resolve) => bot.server.listen(0, '127.0.0.1', resolve));
  const { port } = bot.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // Local mode has no bot id: the loginRequest's tokenExchangeResource.uri is then not compared.
  const invokeContract = createInvokeContract({ botId: config.bot?.appId });
  const audience = createAudienceWatch();
  let closing: Promise<void> | undefined;
  return {
    url,
    bot,
    logs,
    invokeContract,
    audience,
    async post(path, body, headers = {}) {
      if (config.mode === 'local') body = asPlaygroundSends(body);
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body)
      });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch (err) {
        parsed = { unparsable: text, err: String(err) };
      }
      checkAnswerCards(path, parsed);
      invokeContract.checkPosted(path, body, { status: res.status, body: parsed });
      audience.checkPosted(path, body, parsed);
      return { status: res.status, body: parsed, text };
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) =>
        bot.server.close(() => {
          bot.close();
          resolve();
        })
      ))
  };
}

/** A Teams fixture as the Agents Playground would send it: its serviceUrl is the playground's connector. */
export function asPlaygroundSends(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const activity = body as { serviceUrl?: unknown };
  return activity.serviceUrl === TEAMS_SERVICE_URL ? { ...activity, serviceUrl: PLAYGROUND_SERVICE_URL } : body;
}

/** The card checks' first run compiles the schemas (about a second): done before the tests, not inside a timed one. */
function warmCardChecks(): void {
  try {
    assertValidCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'warm-up' }] });
  } catch {
    // A missing schema under CI fails in the test that checks a card, with its own message.
  }
}

/** The one way to start a test bot: see the top of this file. */
export function useTestBot(options: TestBotOptions = {}): TestBot {
  const { teams = false, env = {}, per = 'test', ...botOptions } = options;
  let current: TestBot | undefined;
  const start = async () => {
    const settings = typeof env === 'function' ? env() : env;
    if (teams) nockBotFrameworkMetadata();
    current = await startTestBot(teams ? teamsEnv(settings) : settings, botOptions);
  };
  const stop = async () => {
    const stopping = current;
    current = undefined;
    await stopping?.close();
    stopping?.audience.assertClean();
  };
  beforeAll(warmCardChecks);
  if (per === 'describe') {
    beforeAll(start);
    afterAll(stop);
    // nock's interceptors are cleared after each test (no-network.ts): serve the metadata again.
    if (teams) beforeEach(() => nockBotFrameworkMetadata());
    afterEach(() => current?.audience.assertClean());
  } else {
    beforeEach(start);
    afterEach(stop);
  }
  const running = (): TestBot => {
    if (!current) throw new Error('useTestBot: the bot exists only while a test (or its hooks) runs');
    return current;
  };
  return {
    get url() {
      return running().url;
    },
    get bot() {
      return running().bot;
    },
    get logs() {
      return running().logs;
    },
    get invokeContract() {
      return running().invokeContract;
    },
    get audience() {
      return running().audience;
    },
    post: (path, body, headers) => running().post(path, body, headers),
    close: () => running().close()
  };
}
