// Every setting of `npm run bench`, and the only bench module that reads process.env.
// BENCH_QUICK=1 is a short run (one short round of everything) to try the bench's own code;
// its figures mean nothing and it leaves bench/results.json alone.

import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths';

const env = process.env;

function positiveNumber(name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`bench: ${name} must be a positive number, got "${raw}"`);
  return value;
}

export const QUICK = env.BENCH_QUICK === '1';

/** Scenarios a run may be limited to (BENCH_ONLY=broadcast): a partial run leaves bench/results.json alone. */
export const SCENARIOS_ALONE = ['broadcast'] as const;
export type ScenarioAlone = (typeof SCENARIOS_ALONE)[number];
function only(): ScenarioAlone | undefined {
  const raw = env.BENCH_ONLY;
  if (raw === undefined || raw === '') return undefined;
  const known = SCENARIOS_ALONE.find((name) => name === raw);
  if (!known) throw new Error(`bench: BENCH_ONLY must be one of ${SCENARIOS_ALONE.join(', ')}, got "${raw}"`);
  return known;
}
export const ONLY = only();

/** Alternating echo/teams-ai/bot rounds per throughput figure (≥ 3 for a median worth reading). */
export const ROUNDS = positiveNumber('BENCH_ROUNDS', QUICK ? 1 : 4);
export const ROUND_SECONDS = positiveNumber('BENCH_ROUND_SECONDS', QUICK ? 1 : 3);
export const WARMUP_SECONDS = 1;
export const CONNECTIONS: readonly number[] = [1, 32];

export const MEMORY_ACTIVITIES = QUICK ? 1_000 : 10_000;
export const MEMORY_RUNS = QUICK ? 1 : 3;
export const START_RUNS = QUICK ? 1 : 3;
export const TOKEN_COST_RUNS = QUICK ? 1 : 3;
/** Rounds of sequential Posts counted at the sandbox, and Posts per round. */
export const GRAPH_COUNT_ROUNDS = QUICK ? 1 : 3;
export const GRAPH_COUNT_POSTS = 20;
/** Rounds of `new` one at a time (the bot's own share of answering with the form), and activities per round. */
export const NEW_SHARE_ROUNDS = QUICK ? 1 : 3;
export const NEW_SHARE_ACTIVITIES = QUICK ? 50 : 300;

/** The per-person post limit, raised so it cannot interfere. */
export const POSTS_PER_MINUTE = '10000';
/** The per-person read limit (default 60): `new` rounds send hundreds a second for one person. */
export const READS_PER_MINUTE = '10000';
/** The sandbox's per-mailbox limit: Outlook's 4 would answer 429 at 32 connections. */
export const MAILBOX_CONCURRENCY = 1000;
/** The bot's own per-mailbox queue, matched to the sandbox's raised limit (product default 4). */
export const BOT_MAILBOX_CONCURRENCY = '64';
/**
 * The broadcast scenario (issue 15): one person, BROADCAST.groups new groups, a sandbox of its own
 * with Graph's latency and Outlook's per-mailbox limit, and every `throttleEvery`-th group's first
 * create answered 429 with Retry-After. The bot keeps the product's own queue and concurrency.
 */
export const BROADCAST = {
  groups: 100,
  latencyMs: 100,
  /** Outlook's per-mailbox concurrency, in the sandbox and in the bot's queue (its default). */
  mailboxConcurrency: 4,
  /** BROADCAST_CONCURRENCY, passed explicitly so that the lower bound reads the value the bot ran with. */
  concurrency: 16,
  throttleEvery: 10,
  retryAfterSeconds: 1,
  /** Broadcasts measured, one after the other, each a new topic to the same groups. */
  runs: QUICK ? 1 : 3
} as const;
export const BOT_LOG_LEVEL = env.BENCH_LOG_LEVEL ?? 'info';
/** Node flags of every process the bench starts: warnings only, nothing that changes performance. */
export const NODE_FLAGS: readonly string[] = ['--disable-warning=DEP0111'];

/**
 * The bot's own flags besides those: what `npm start` (and so App Service) runs it with, read from
 * package.json so the bench cannot drift from the product; the baselines keep node's defaults.
 * None today: `--max-semi-space-size=4` took V8's committed heap after 10,000 activities from
 * about 104 to 79 MB but cost `new` a tenth of its rate, and the RSS ratio moved less than the
 * echo bot's own spread between runs (README "Performance"), so it was not kept.
 */
export const BOT_NODE_FLAGS: readonly string[] = startScriptFlags().filter((flag) => !NODE_FLAGS.includes(flag));

function startScriptFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const start = pkg.scripts?.start ?? '';
  const match = /(?:^|&&\s*)node((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/src\/index\.js\s*$/.exec(start);
  if (!match) throw new Error(`bench: package.json's start script is not "… node [flags] dist/src/index.js": ${start}`);
  return match[1].trim().split(/\s+/).filter(Boolean);
}

/**
 * The judged targets. Issue 18's: help and new ÷ echo at 1 and 32 connections, Post's own share p99
 * per connection count, and memory and start as ratios to the echo bot's measured the same way (they
 * replace the absolute RSS growth and start time of earlier issues, which a slower machine would
 * miss for reasons not ours).
 */
export const TARGETS = {
  helpRatio: 0.9,
  newRatio: 0.75,
  /** Post: the bot's own share per submit, p99, by connection count. */
  ownShareP99Ms: { 1: 3, 32: 5 } as Readonly<Record<number, number>>,
  tokenRequests: 10,
  graphCallsWithParticipants: 2,
  graphCallsWithout: 1,
  memoryRatioToEcho: 1.3,
  startRatioToEcho: 2.0,
  broadcastRatioToLowerBound: 1.25
} as const;

/** What a child process inherits from this one: enough to run node, nothing of the caller's config. */
export function baseChildEnv(): Record<string, string> {
  return { PATH: env.PATH ?? '', HOME: env.HOME ?? '' };
}
