// The targets, judged: each one a name, the figure it reads, and whether the run met it.
import { CONNECTIONS, MEMORY_ACTIVITIES, TARGETS } from '../settings';
import { broadcastChecks } from './broadcast-table';
import type { Check, Figures } from './figures';

export function judge(f: Figures): Check[] {
  const checks: Check[] = [];
  const check = (name: string, value: number, unit: string, target: string, met: boolean) =>
    checks.push({ name, value, unit, target, met });
  const tp = f.throughput;
  for (const c of CONNECTIONS) {
    const ratio = tp.help[`c${c}`].ratioToEcho?.median ?? Number.NaN;
    check(
      `help → card, activities/s ÷ echo (${c} conn.)`,
      ratio,
      '×',
      `≥ ${TARGETS.helpRatio}`,
      ratio >= TARGETS.helpRatio
    );
  }
  for (const c of CONNECTIONS) {
    const ratio = tp.new[`c${c}`].ratioToEcho?.median ?? Number.NaN;
    check(
      `new → form, activities/s ÷ echo (${c} conn.)`,
      ratio,
      '×',
      `≥ ${TARGETS.newRatio}`,
      ratio >= TARGETS.newRatio
    );
  }
  const ownP99 = tp.post.c1.ownShare.p99Ms.median;
  check(
    "Post: bot's own share per submit, p99 (1 conn.)",
    ownP99,
    'ms',
    `≤ ${TARGETS.ownShareP99Ms} ms`,
    ownP99 <= TARGETS.ownShareP99Ms
  );
  const { tokens, graphCalls: graph, start, memory: mem } = f;
  check(
    'token-endpoint requests for 1,000 submits by 10 people',
    tokens.tokenRequests.median,
    'requests',
    `${TARGETS.tokenRequests}`,
    tokens.tokenRequests.max <= TARGETS.tokenRequests
  );
  check(
    'Graph calls per submit, 2 participants',
    graph.withParticipants.median,
    'calls',
    `≤ ${TARGETS.graphCallsWithParticipants}`,
    graph.withParticipants.max <= TARGETS.graphCallsWithParticipants
  );
  check(
    'Graph calls per submit, no participants',
    graph.without.median,
    'calls',
    `${TARGETS.graphCallsWithout}`,
    graph.without.max <= TARGETS.graphCallsWithout
  );
  check(
    'start to /healthz 200 (node dist/src/index.js)',
    start.ms.median,
    'ms',
    `≤ ${TARGETS.startMs} ms`,
    start.ms.median <= TARGETS.startMs
  );
  check(
    `RSS growth after ${MEMORY_ACTIVITIES.toLocaleString('en-US')} activities, after GC`,
    mem.rssGrowthMb.median,
    'MB',
    `≤ ${TARGETS.rssGrowthMb} MB`,
    mem.rssGrowthMb.median <= TARGETS.rssGrowthMb
  );
  checks.push(...broadcastChecks(f.broadcast));
  return checks;
}
