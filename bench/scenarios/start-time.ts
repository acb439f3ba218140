// Start, measured like the throughput (issue 18): from spawn to the first GET /healthz 200, each
// process spawned the same way (plain `node <script> …`, no IPC channel, its output to a file, a
// free port chosen here), in turn in each run: the echo bot, the minimal teams-ai bot, the bot as
// deployed (Teams mode: `node dist/src/index.js` with Teams variables that reach nothing at start,
// LOG_LEVEL=info, the default SQLite storage in a temporary DATA_DIR) and, as information, the bot
// as `npm start` runs it on a laptop (local mode, its own Graph sandbox, no playground). The
// judged figure is each run's Teams-mode start ÷ the echo bot's start of the same run.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BUILT_ENTRY } from '../built-code';
import { teamsEnv } from '../../test/helpers/entra';
import { freePort } from '../../test/helpers/local-process';
import { childScript } from '../processes/compile-children';
import { notePort, spawnNode, stopChild, tmpDir } from '../processes/supervisor';
import { BOT_LOG_LEVEL, BOT_NODE_FLAGS, baseChildEnv, START_RUNS } from '../settings';
import { type Summary, summary } from '../stats';

export interface StartTime {
  /** The bot as deployed (Teams mode). */
  ms: Summary;
  /** Each run's Teams-mode start ÷ the echo bot's. */
  ratioToEcho: Summary;
  echoMs: Summary;
  teamsAiMs: Summary;
  /** `npm start` on a laptop: local mode, which also starts its own Graph sandbox. */
  localModeMs: Summary;
  runs: number[];
}

function healthz(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('error', () => resolve(false));
  });
}

/** What to start: the node arguments after the bench's flags, and the environment besides PATH and HOME. */
interface Start {
  name: string;
  args: (port: number) => string[];
  env: (port: number, dataDir: string) => Promise<Record<string, string>>;
}

const STARTS = {
  echo: { name: 'echo bot', args: (port) => [childScript('echo-bot'), String(port)], env: async () => ({}) },
  teamsAi: {
    name: 'teams-ai bot',
    args: (port) => [childScript('teams-ai-bot'), String(port)],
    env: async () => ({})
  },
  teams: {
    name: 'the bot (Teams mode)',
    args: () => [...BOT_NODE_FLAGS, BUILT_ENTRY],
    env: async (port, dataDir) =>
      teamsEnv({ HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: BOT_LOG_LEVEL })
  },
  local: {
    name: 'the bot (local mode)',
    args: () => [...BOT_NODE_FLAGS, BUILT_ENTRY],
    env: async (port, dataDir) => {
      const sandboxPort = await freePort();
      notePort(sandboxPort);
      return { PORT: String(port), SANDBOX_PORT: String(sandboxPort), PLAYGROUND: '0', DATA_DIR: dataDir };
    }
  }
} satisfies Record<string, Start>;

async function startOnce(start: Start): Promise<number> {
  const port = await freePort();
  notePort(port);
  const dataDir = tmpDir('start');
  const env = { ...baseChildEnv(), ...(await start.env(port, dataDir)) };
  const logFile = path.join(dataDir, 'start.log');
  const out = fs.openSync(logFile, 'a');
  const t0 = performance.now();
  const child = spawnNode(start.args(port), { env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const failed = (why: string) => new Error(`${start.name} ${why} (log: ${logFile})`);
  for (;;) {
    if (child.exitCode !== null) throw failed(`exited with ${child.exitCode} before /healthz answered`);
    if (performance.now() - t0 > 30_000) throw failed('did not answer /healthz within 30 s');
    if (await healthz(port)) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const ms = performance.now() - t0;
  await stopChild(child, 'SIGINT');
  return ms;
}

export async function startTime(): Promise<StartTime> {
  const runs = { echo: [] as number[], teamsAi: [] as number[], teams: [] as number[], local: [] as number[] };
  // In turn within each run, so that a busy moment of the machine lands on all four alike.
  for (let i = 0; i < START_RUNS; i++)
    for (const key of ['echo', 'teamsAi', 'teams', 'local'] as const) runs[key].push(await startOnce(STARTS[key]));
  return {
    ms: summary(runs.teams),
    ratioToEcho: summary(runs.teams.map((ms, i) => ms / runs.echo[i])),
    echoMs: summary(runs.echo),
    teamsAiMs: summary(runs.teamsAi),
    localModeMs: summary(runs.local),
    runs: runs.teams
  };
}
