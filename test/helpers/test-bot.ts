// Starts the real server (loadConfig → buildBot → restify on 127.0.0.1, random port) and
// captures every log line, so tests can drive it over HTTP and check what was logged.
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { buildBot, type BuiltBot } from '../../src/create-bot';
import { nockBotFrameworkMetadata } from './bot-framework-auth';
import { teamsEnv } from './entra';

export interface TestBot {
  url: string;
  bot: BuiltBot;
  logs: string[];
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string }>;
  close(): Promise<void>;
}

export async function startTestBot(env: Record<string, string>, options: { newDraftId?: () => string; now?: () => number } = {}): Promise<TestBot> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    }
  });
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'debug', DATA_DIR: ':memory:', RECONCILE_GRACE_MS: '0', ...env });
  const bot = buildBot(config, { logger: createLogger(config.logLevel, sink), ...options });
  await new Promise<void>((resolve) => bot.server.listen(0, '127.0.0.1', resolve));
  const { port } = bot.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    bot,
    logs,
    async post(path, body, headers = {}) {
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
      return { status: res.status, body: parsed, text };
    },
    close: () =>
      new Promise<void>((resolve) =>
        bot.server.close(() => {
          bot.close();
          resolve();
        })
      )
  };
}

/**
 * A fresh bot for each test of the enclosing describe, closed after it; `before` runs first (e.g.
 * serving the Bot Framework's signing keys). Returns a getter: the bot exists only inside tests.
 */
export function useTestBot(env: Record<string, string>, before: () => void = () => undefined): () => TestBot {
  let bot: TestBot | undefined;
  beforeEach(async () => {
    before();
    bot = await startTestBot(env);
  });
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });
  return () => {
    if (!bot) throw new Error('useTestBot: the bot exists only while a test runs');
    return bot;
  };
}

/**
 * A Teams-mode bot for each test of the suite (Bot Framework OpenID metadata served by nock),
 * used as `bot.post(...)` as if it were one: it stands for the bot of the test that is running.
 */
export function useTeamsBot(env: Record<string, string> = {}, options: { newDraftId?: () => string } = {}): TestBot {
  let current: TestBot | undefined;
  beforeEach(async () => {
    nockBotFrameworkMetadata();
    current = await startTestBot(teamsEnv(env), options);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const running = (): TestBot => {
    if (!current) throw new Error('useTeamsBot: the bot exists only while a test runs');
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
    post: (path, body, headers) => running().post(path, body, headers),
    close: () => running().close()
  };
}
