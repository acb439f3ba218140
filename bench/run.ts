// `npm run bench`: the bot measured against the framework's own ceiling, in one run.
//
// Processes (all on 127.0.0.1): this one is the load generator (autocannon's programmatic API,
// load/); processes/echo-bot.ts is the ceiling (a bare botbuilder CloudAdapter echo bot);
// processes/teams-ai-bot.ts the framework alone (a minimal teams-ai Application answering `help`);
// processes/bot-process.ts is the bot (built code, local mode), started twice: on SQLite (the
// default) and on Blob Storage in an Azurite the run starts; processes/sandbox-process.ts is the
// Graph sandbox both talk to. Echo, teams-ai and bot rounds alternate in the same run, so every
// figure of ours is also a ratio to a ceiling measured seconds apart on the same machine (and to the
// framework alone: which part of the gap is teams-ai's, which ours), and Post on Blob a
// ratio to Post on SQLite (the cost of sharing the state between instances).
// scenarios/ measure, report/ prints a Markdown table and writes bench/results.json.
// See README "Performance". BENCH_QUICK=1: a short run to try the bench itself (settings.ts).
// BENCH_ONLY=broadcast: that scenario alone (its table and targets), bench/results.json left as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BUILT_ENTRY } from './built-code';
import { messageBody, PEOPLE } from './load/activities';
import { expectAnswer } from './load/workloads';
import { compileChildren } from './processes/compile-children';
import { startBenchAzurite, startBot, startEcho, startSandbox, startTeamsAi } from './processes/start-processes';
import { installCleanup, leftovers, stopAll, stopChild } from './processes/supervisor';
import { broadcastChecks, broadcastTable } from './report/broadcast-table';
import { judge } from './report/checks';
import type { Figures, Machine } from './report/figures';
import { RESULTS_FILE, writeResults } from './report/results-file';
import { fmtInt, table } from './report/table';
import { broadcast } from './scenarios/broadcast';
import { graphCallsPerSubmit } from './scenarios/graph-calls';
import { memory } from './scenarios/memory';
import { ownShareOfNew } from './scenarios/own-share';
import { startTime } from './scenarios/start-time';
import { ROUNDS_IN_TURN, throughput } from './scenarios/throughput';
import { tokenCost } from './scenarios/token-cost';
import {
  CONNECTIONS,
  MEMORY_ACTIVITIES,
  MEMORY_RUNS,
  ONLY,
  QUICK,
  ROUND_SECONDS,
  ROUNDS,
  WARMUP_SECONDS
} from './settings';

const say = (line: string) => process.stderr.write(`bench: ${line}\n`);

function machine(): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: (cpus[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`
  };
}

async function measure(): Promise<Figures> {
  const [sandbox, azurite] = await Promise.all([startSandbox(), startBenchAzurite()]);
  const [echo, teamsAi, bot, blobBot] = await Promise.all([
    startEcho(),
    startTeamsAi(),
    startBot('bot', sandbox),
    startBot('blob', sandbox, azurite)
  ]);
  // Every person who posts opens the form first: the group directory is warm, as after `new`.
  for (const person of PEOPLE)
    for (const b of [bot, blobBot]) await expectAnswer(b.ready.port, 'new', messageBody('new', person));

  say('throughput (echo, teams-ai and bot alternating; Post on SQLite, then on Blob)');
  const tp = await throughput({ echo, teamsAi, bot, blobBot });
  // Only the throughput rounds use them: stopped now, so they take no CPU or memory from what follows.
  await stopChild(teamsAi);
  await stopChild(blobBot);
  await azurite.stop();
  say('Graph calls per submit');
  const graphCalls = await graphCallsPerSubmit(bot, sandbox);
  const newOwnShare = await ownShareOfNew(bot);
  await stopChild(echo);
  await stopChild(bot);
  say('token cost');
  const tokens = await tokenCost();
  const runs = `${MEMORY_RUNS} run${MEMORY_RUNS > 1 ? 's' : ''}`;
  say(`memory (${runs}: a fresh echo bot, teams-ai bot and bot, each × ${fmtInt(MEMORY_ACTIVITIES)} activities)`);
  const mem = await memory(sandbox);
  await stopChild(sandbox);
  say('start time (echo, teams-ai, the bot in Teams mode, in local mode: in turn)');
  const start = await startTime();
  say('broadcast');
  const bc = await broadcast();
  return { machine: machine(), throughput: tp, newOwnShare, graphCalls, tokens, memory: mem, start, broadcast: bc };
}

/** One scenario alone (BENCH_ONLY): its own lines and targets; the results file is a full run's. */
async function measureAlone(): Promise<string> {
  say(`${ONLY} alone (BENCH_ONLY=${ONLY}): bench/results.json left as it was`);
  const figures = await broadcast();
  const checks = broadcastChecks(figures);
  const missed = checks.filter((c) => !c.met);
  const verdict = `Targets met: ${checks.length - missed.length} of ${checks.length}.`;
  return [...broadcastTable(figures), '', verdict].join('\n');
}

async function main(): Promise<void> {
  if (!fs.existsSync(BUILT_ENTRY)) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does).');
  installCleanup();
  const began = performance.now();
  const { cores, node } = machine();
  const cycle = ROUNDS_IN_TURN.length;
  const estimate = ONLY
    ? 20
    : CONNECTIONS.length * cycle * (ROUNDS * ROUND_SECONDS + WARMUP_SECONDS) + MEMORY_RUNS * 90 + 60;
  const quick = QUICK ? ' (BENCH_QUICK=1: a short run, figures not comparable)' : '';
  say(`${cores} cores, Node ${node}; takes about ${Math.round(estimate / 30) / 2} minutes${quick}`);
  compileChildren();

  let report: string;
  if (ONLY) report = await measureAlone();
  else {
    const figures = await measure();
    const checks = judge(figures);
    if (!QUICK) writeResults(figures, checks);
    report = table(figures, checks);
  }

  // Nothing this run started may outlive it.
  await stopAll();
  const left = await leftovers();
  const wrote =
    QUICK || ONLY
      ? `${ONLY ? 'One scenario' : 'Quick run'}: ${path.relative(process.cwd(), RESULTS_FILE)} left as it was.`
      : 'Wrote bench/results.json.';
  process.stdout.write(`\n${report}\n\n`);
  process.stdout.write(`${wrote} Took ${Math.round((performance.now() - began) / 1000)} s. `);
  const exited = `all ${left.processes} processes it started have exited`;
  process.stdout.write(
    left.found.length === 0
      ? `Cleanup: ${exited}, no listener left on the ${left.ports} ports used.\n`
      : `Cleanup problem: still there: ${left.found.join(', ')}\n`
  );
  if (left.found.length > 0) process.exitCode = 1;
}

main().catch(async (err: unknown) => {
  process.stderr.write(`\nbench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await stopAll();
  process.exit(1);
});
