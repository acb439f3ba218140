// The long-lived children of a run, started the same way each time: the Graph sandbox, the echo
// bot (the ceiling), the minimal teams-ai bot (the framework's own cost), the bot under test (on
// SQLite, and once more on Blob Storage) and the Azurite it uses, all on 127.0.0.1; ours are plain
// JS (see compile-children.ts), the bots with --expose-gc so that the memory figures can collect first.
import path from 'node:path';
import { type Azurite, startAzurite } from '../../test/helpers/azurite-process';
import { postJson } from '../load/http';
import {
  BOT_LOG_LEVEL,
  BOT_NODE_FLAGS,
  BOT_MAILBOX_CONCURRENCY,
  MAILBOX_CONCURRENCY,
  POSTS_PER_MINUTE,
  READS_PER_MINUTE
} from '../settings';
import { childScript } from './compile-children';
import { type IpcChild, notePort, spawnNode, startIpcChild, tmpDir } from './supervisor';

/**
 * The sandbox answers at once (latency 0) and lets 1000 requests per mailbox in at a time, unless
 * `config` says otherwise (the broadcast scenario's own sandbox: Graph's latency, Outlook's limit).
 */
export async function startSandbox(
  config: { latencyMs: number; mailboxConcurrency: number } = { latencyMs: 0, mailboxConcurrency: MAILBOX_CONCURRENCY },
  name = 'sandbox'
): Promise<IpcChild> {
  const dir = tmpDir(name);
  const sandbox = await startIpcChild(`graph ${name}`, childScript('sandbox-process'), {
    args: [dir],
    logFile: path.join(dir, 'sandbox.log')
  });
  await postJson(`${sandboxOrigin(sandbox)}/_sandbox/config`, config);
  return sandbox;
}

export function sandboxOrigin(sandbox: IpcChild): string {
  if (!sandbox.ready.origin) throw new Error('the sandbox did not say its origin');
  return sandbox.ready.origin;
}

export function startEcho(): Promise<IpcChild> {
  return startIpcChild('echo bot', childScript('echo-bot'), { execArgv: ['--expose-gc'] });
}

export function startTeamsAi(): Promise<IpcChild> {
  return startIpcChild('teams-ai bot', childScript('teams-ai-bot'), { execArgv: ['--expose-gc'] });
}

/**
 * Azurite, the Blob Storage emulator the tests use (test/helpers/azurite-process.ts), started through
 * this run's supervisor: stopped by PID with the rest, and its PID and port in the final check.
 */
export async function startBenchAzurite(): Promise<Azurite> {
  const azurite = await startAzurite({ location: tmpDir('azurite'), spawnNode });
  notePort(azurite.port);
  return azurite;
}

/**
 * The bot in local mode against the sandbox, with a fresh DATA_DIR; with `blob`, its shared state
 * in that Azurite (AZURE_STORAGE_CONNECTION_STRING, the default container, created at start). Its
 * per-mailbox queue matches the sandbox's raised limit, so queueing is not counted as the bot's own
 * share (the product default, 4, is Outlook's limit); the post and read limits are raised so that
 * they cannot interfere.
 */
export function startBot(
  name: string,
  sandbox: IpcChild,
  blob?: Azurite,
  /** Settings of this bot only, over the bench's (the broadcast scenario's product defaults). */
  overrides: Record<string, string> = {}
): Promise<IpcChild> {
  if (!sandbox.ready.baseUrl) throw new Error('the sandbox did not say its Graph base URL');
  const dataDir = tmpDir(name);
  const env = {
    MODE: 'local',
    HOST: '127.0.0.1',
    PORT: '0',
    GRAPH_BASE_URL: sandbox.ready.baseUrl,
    POSTS_PER_MINUTE,
    READS_PER_MINUTE,
    GRAPH_MAILBOX_CONCURRENCY: BOT_MAILBOX_CONCURRENCY,
    LOG_LEVEL: BOT_LOG_LEVEL,
    DATA_DIR: dataDir,
    ...(blob ? { AZURE_STORAGE_CONNECTION_STRING: blob.connectionString } : {}),
    ...overrides
  };
  return startIpcChild(name === 'bot' ? 'bot' : `bot (${name})`, childScript('bot-process'), {
    env,
    execArgv: ['--expose-gc', ...BOT_NODE_FLAGS],
    logFile: path.join(dataDir, 'bot.log')
  });
}
