// Memory: fresh bots, each measured after start (after a GC), after a batch of activities
// (help, new, Post in turn, 8 connections), after a forced GC, then after a second batch, which
// tells a leak (grows again) from a high-water mark (stays).
import { load } from '../load/load-generator';
import { startBot } from '../processes/start-processes';
import { type IpcChild, stopChild } from '../processes/supervisor';
import { MEMORY_ACTIVITIES, MEMORY_RUNS } from '../settings';
import { type Summary, summary } from '../stats';

export interface MemoryFigures {
  activities: number;
  mix: string;
  rssAfterStartMb: Summary;
  rssAfterActivitiesMb: Summary;
  rssAfterGcMb: Summary;
  rssGrowthMb: Summary;
  heapUsedAfterStartMb: Summary;
  heapUsedAfterGcMb: Summary;
  nonHeapGrowthMb: Summary;
  rssGrowthSecondBatchMb: Summary;
  heapUsedGrowthSecondBatchMb: Summary;
}

interface MemoryRun {
  start: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
  afterGc: NodeJS.MemoryUsage;
  afterSecondGc: NodeJS.MemoryUsage;
}

async function batch(bot: IpcChild): Promise<void> {
  const res = await load(bot.ready.port, ['help', 'new', 'post'], { connections: 8, amount: MEMORY_ACTIVITIES });
  if (res.bad > 0) throw new Error(`memory run: ${res.bad} unexpected answers, e.g. ${res.firstBad}`);
}

/** Two GCs 200 ms apart: what the first one freed can let the second free more. */
async function collect(bot: IpcChild): Promise<NodeJS.MemoryUsage> {
  await bot.ask('gc');
  await new Promise((resolve) => setTimeout(resolve, 200));
  await bot.ask('gc');
  return (await bot.ask('memory')).memory;
}

async function measureOnce(sandbox: IpcChild): Promise<MemoryRun> {
  const bot = await startBot('memory', sandbox);
  await bot.ask('gc');
  const start = (await bot.ask('memory')).memory;
  await batch(bot);
  const after = (await bot.ask('memory')).memory;
  const afterGc = await collect(bot);
  await batch(bot);
  const afterSecondGc = await collect(bot);
  await stopChild(bot);
  return { start, after, afterGc, afterSecondGc };
}

export async function memory(sandbox: IpcChild): Promise<MemoryFigures> {
  const runs: MemoryRun[] = [];
  for (let i = 0; i < MEMORY_RUNS; i++) runs.push(await measureOnce(sandbox));
  const mb = (pick: (run: MemoryRun) => number) => summary(runs.map((r) => pick(r) / (1024 * 1024)));
  return {
    activities: MEMORY_ACTIVITIES,
    mix: 'help, new, post (a third each), 8 connections, a fresh bot each run',
    rssAfterStartMb: mb((r) => r.start.rss),
    rssAfterActivitiesMb: mb((r) => r.after.rss),
    rssAfterGcMb: mb((r) => r.afterGc.rss),
    rssGrowthMb: mb((r) => r.afterGc.rss - r.start.rss),
    heapUsedAfterStartMb: mb((r) => r.start.heapUsed),
    heapUsedAfterGcMb: mb((r) => r.afterGc.heapUsed),
    nonHeapGrowthMb: mb((r) => r.afterGc.rss - r.afterGc.heapTotal - (r.start.rss - r.start.heapTotal)),
    rssGrowthSecondBatchMb: mb((r) => r.afterSecondGc.rss - r.afterGc.rss),
    heapUsedGrowthSecondBatchMb: mb((r) => r.afterSecondGc.heapUsed - r.afterGc.heapUsed)
  };
}
