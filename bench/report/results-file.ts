// bench/results.json: the run's figures, rounded (rates to whole numbers, the rest to two
// decimals), with the settings and the judged targets. Its shape is the one earlier runs wrote.
import fs from 'node:fs';
import path from 'node:path';
import { AZURITE_VERSION } from '../../test/helpers/azurite-process';
import { BENCH_DIR } from '../paths';
import {
  BOT_LOG_LEVEL,
  BROADCAST,
  CONNECTIONS,
  MAILBOX_CONCURRENCY,
  POSTS_PER_MINUTE,
  READS_PER_MINUTE,
  ROUND_SECONDS,
  ROUNDS,
  WARMUP_SECONDS
} from '../settings';
import type { Check, Figures } from './figures';

export const RESULTS_FILE = path.join(BENCH_DIR, 'results.json');

/** Rates (a key naming Rps or PerSecond, and a Summary's fields under it) to integers, the rest to 2 decimals. */
function roundDeep(value: unknown, key = ''): unknown {
  if (typeof value === 'number')
    return /Rps|PerSecond|rps/.test(key) ? Math.round(value) : Math.round(value * 100) / 100;
  if (Array.isArray(value)) return value.map((v) => roundDeep(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, roundDeep(v, k === 'median' || k === 'min' || k === 'max' ? key : k)])
    );
  }
  return value;
}

/** Per workload and connection count, every figure but the per-round rates. */
function throughputWithoutRounds(f: Figures): Record<string, Record<string, object>> {
  return Object.fromEntries(
    Object.entries(f.throughput).map(([workload, byConnections]) => [
      workload,
      Object.fromEntries(Object.entries(byConnections).map(([c, { roundsRps: _rounds, ...figure }]) => [c, figure]))
    ])
  );
}

/** The start figures besides the two keys that lead (ms, ratioToEcho), without the per-run times. */
function withoutRuns({ ms: _ms, ratioToEcho: _ratio, runs: _runs, ...rest }: Figures['start']): object {
  return rest;
}

/** The five figures first (totalMs, lowerBoundMs, ratioToLowerBound, duplicates, missed), then the rest. */
function broadcastResults(f: Figures): object {
  const { totalMs, lowerBoundMs, ratioToLowerBound, duplicates, missed, ...rest } = f.broadcast;
  return { totalMs, lowerBoundMs, ratioToLowerBound, duplicates, missed, ...rest, settings: BROADCAST };
}

export function writeResults(f: Figures, checks: readonly Check[]): void {
  const results = roundDeep({
    machine: f.machine,
    settings: {
      rounds: ROUNDS,
      roundSeconds: ROUND_SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      connections: CONNECTIONS,
      postsPerMinute: Number(POSTS_PER_MINUTE),
      readsPerMinute: Number(READS_PER_MINUTE),
      sandbox: { process: 'own child process', latencyMs: 0, mailboxConcurrency: MAILBOX_CONCURRENCY },
      blobStorage: { emulator: `Azurite ${AZURITE_VERSION}`, process: 'own child process, same machine' },
      botLogLevel: BOT_LOG_LEVEL
    },
    throughput: throughputWithoutRounds(f),
    newOwnShare: f.newOwnShare,
    graphCallsPerSubmit: f.graphCalls,
    tokens: f.tokens,
    memory: f.memory,
    start: { ms: f.start.ms, ratioToEcho: f.start.ratioToEcho, ...withoutRuns(f.start) },
    broadcast: broadcastResults(f),
    targets: checks
  });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}
