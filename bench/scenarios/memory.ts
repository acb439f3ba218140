// Memory, measured like the throughput (issue 18): in each run a fresh echo bot, a fresh teams-ai
// bot and a fresh bot, one after the other, each sent MEMORY_ACTIVITIES activities at 8 connections,
// then collected (global.gc, over IPC) and read from inside (process.memoryUsage() over IPC, not
// /proc): the bot's RSS ÷ the echo bot's is the figure judged, the teams-ai bot's tells the
// framework's share. The echo bot gets its own workload (a message, one text back: it answers no
// card and no invoke), the teams-ai bot `help`, the bot help, new and Post in turn. The bot is also
// read after start and after a second batch, which tells a leak (grows again) from a high-water
// mark (stays).
import { load } from '../load/load-generator';
import type { WorkloadName } from '../load/workloads';
import { startBot, startEcho, startTeamsAi } from '../processes/start-processes';
import { type IpcChild, stopChild } from '../processes/supervisor';
import { MEMORY_ACTIVITIES, MEMORY_RUNS } from '../settings';
import { type Summary, summary } from '../stats';

export interface MemoryFigures {
  activities: number;
  mix: string;
  /** Each run's bot RSS after the activities and a GC ÷ the echo bot's of the same run. */
  ratioToEcho: Summary;
  echoRssAfterGcMb: Summary;
  echoHeapUsedAfterGcMb: Summary;
  echoExternalAfterGcMb: Summary;
  /** Each run's teams-ai bot RSS after its `help` activities and a GC ÷ the echo bot's. */
  teamsAiRatioToEcho: Summary;
  teamsAiRssAfterGcMb: Summary;
  teamsAiHeapUsedAfterGcMb: Summary;
  teamsAiExternalAfterGcMb: Summary;
  rssAfterStartMb: Summary;
  rssAfterActivitiesMb: Summary;
  rssAfterGcMb: Summary;
  rssGrowthMb: Summary;
  heapUsedAfterStartMb: Summary;
  heapUsedAfterGcMb: Summary;
  externalAfterGcMb: Summary;
  nonHeapGrowthMb: Summary;
  rssGrowthSecondBatchMb: Summary;
  heapUsedGrowthSecondBatchMb: Summary;
}

interface MemoryRun {
  echoAfterGc: NodeJS.MemoryUsage;
  teamsAiAfterGc: NodeJS.MemoryUsage;
  start: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
  afterGc: NodeJS.MemoryUsage;
  afterSecondGc: NodeJS.MemoryUsage;
}

const BOT_MIX: readonly WorkloadName[] = ['help', 'new', 'post'];

async function batch(target: IpcChild, workloads: readonly WorkloadName[]): Promise<void> {
  const res = await load(target.ready.port, workloads, { connections: 8, amount: MEMORY_ACTIVITIES });
  if (res.bad > 0) throw new Error(`memory run (${target.name}): ${res.bad} unexpected answers, e.g. ${res.firstBad}`);
}

/** Two GCs 200 ms apart: what the first one freed can let the second free more. */
async function collect(target: IpcChild): Promise<NodeJS.MemoryUsage> {
  await target.ask('gc');
  await new Promise((resolve) => setTimeout(resolve, 200));
  await target.ask('gc');
  return (await target.ask('memory')).memory;
}

/** A fresh baseline process, its own workload, a GC: what it holds then. */
async function baselineOnce(start: () => Promise<IpcChild>, workload: WorkloadName): Promise<NodeJS.MemoryUsage> {
  const baseline = await start();
  await batch(baseline, [workload]);
  const afterGc = await collect(baseline);
  await stopChild(baseline);
  return afterGc;
}

async function measureOnce(sandbox: IpcChild): Promise<MemoryRun> {
  // The baselines first, each stopped before the next starts: none takes memory or CPU from another.
  const echoAfterGc = await baselineOnce(startEcho, 'echo');
  const teamsAiAfterGc = await baselineOnce(startTeamsAi, 'help');
  const bot = await startBot('memory', sandbox);
  await bot.ask('gc');
  const start = (await bot.ask('memory')).memory;
  await batch(bot, BOT_MIX);
  const after = (await bot.ask('memory')).memory;
  const afterGc = await collect(bot);
  await batch(bot, BOT_MIX);
  const afterSecondGc = await collect(bot);
  await stopChild(bot);
  return { echoAfterGc, teamsAiAfterGc, start, after, afterGc, afterSecondGc };
}

export async function memory(sandbox: IpcChild): Promise<MemoryFigures> {
  const runs: MemoryRun[] = [];
  for (let i = 0; i < MEMORY_RUNS; i++) runs.push(await measureOnce(sandbox));
  const mb = (pick: (run: MemoryRun) => number) => summary(runs.map((r) => pick(r) / (1024 * 1024)));
  return {
    activities: MEMORY_ACTIVITIES,
    mix: 'the bot: help, new, post (a third each); teams-ai: help; echo: its message; 8 connections, fresh processes',
    ratioToEcho: summary(runs.map((r) => r.afterGc.rss / r.echoAfterGc.rss)),
    echoRssAfterGcMb: mb((r) => r.echoAfterGc.rss),
    echoHeapUsedAfterGcMb: mb((r) => r.echoAfterGc.heapUsed),
    echoExternalAfterGcMb: mb((r) => r.echoAfterGc.external),
    teamsAiRatioToEcho: summary(runs.map((r) => r.teamsAiAfterGc.rss / r.echoAfterGc.rss)),
    teamsAiRssAfterGcMb: mb((r) => r.teamsAiAfterGc.rss),
    teamsAiHeapUsedAfterGcMb: mb((r) => r.teamsAiAfterGc.heapUsed),
    teamsAiExternalAfterGcMb: mb((r) => r.teamsAiAfterGc.external),
    rssAfterStartMb: mb((r) => r.start.rss),
    rssAfterActivitiesMb: mb((r) => r.after.rss),
    rssAfterGcMb: mb((r) => r.afterGc.rss),
    rssGrowthMb: mb((r) => r.afterGc.rss - r.start.rss),
    heapUsedAfterStartMb: mb((r) => r.start.heapUsed),
    heapUsedAfterGcMb: mb((r) => r.afterGc.heapUsed),
    externalAfterGcMb: mb((r) => r.afterGc.external),
    nonHeapGrowthMb: mb((r) => r.afterGc.rss - r.afterGc.heapTotal - (r.start.rss - r.start.heapTotal)),
    rssGrowthSecondBatchMb: mb((r) => r.afterSecondGc.rss - r.afterGc.rss),
    heapUsedGrowthSecondBatchMb: mb((r) => r.afterSecondGc.heapUsed - r.afterGc.heapUsed)
  };
}
