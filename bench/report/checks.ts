// The targets, judged: each one a name, the figure it reads, and whether the run met it. Issue 18's
// first (help and new ÷ echo, Post's own share p99, memory and start ÷ the echo bot's), then the
// token and Graph-call counts and the broadcast.
import { CONNECTIONS, MEMORY_ACTIVITIES, TARGETS } from '../settings';
import { broadcastChecks } from './broadcast-table';
import type { Check, Figures } from './figures';

/** Post's own-share p99 target at `connections`, if it has one. */
export function ownShareTarget(connections: number): number | undefined {
  return TARGETS.ownShareP99Ms[connections];
}

export function judge(f: Figures): Check[] {
  const checks: Check[] = [];
  const check = (name: string, value: number, unit: string, target: string, met: boolean) =>
    checks.push({ name, value, unit, target, met });
  /** A target the figure must not exceed: `judged` is the value held to it, `shown` how the target reads. */
  const atMost = (name: string, value: number, unit: string, limit: number, judged = value, shown = `≤ ${limit}`) =>
    check(name, value, unit, shown, judged <= limit);
  const tp = f.throughput;
  const ratios = [
    ['help', 'help → card', TARGETS.helpRatio],
    ['new', 'new → form', TARGETS.newRatio]
  ] as const;
  for (const [workload, label, target] of ratios)
    for (const c of CONNECTIONS) {
      const ratio = tp[workload][`c${c}`].ratioToEcho?.median ?? Number.NaN;
      check(`${label}, activities/s ÷ echo (${c} conn.)`, ratio, '×', `≥ ${target}`, ratio >= target);
    }
  for (const c of CONNECTIONS) {
    const limit = ownShareTarget(c);
    if (limit === undefined) continue;
    const p99 = tp.post[`c${c}`].ownShare.p99Ms.median;
    atMost(`Post: bot's own share per submit, p99 (${c} conn.)`, p99, 'ms', limit, p99, `≤ ${limit} ms`);
  }
  const { tokens, graphCalls: graph, start, memory: mem } = f;
  const activities = MEMORY_ACTIVITIES.toLocaleString('en-US');
  const rssRatio = `RSS after ${activities} activities and a GC ÷ the echo bot's`;
  atMost(rssRatio, mem.ratioToEcho.median, '×', TARGETS.memoryRatioToEcho);
  const startRatio = "start to /healthz 200, the bot (Teams mode) ÷ the echo bot's";
  atMost(startRatio, start.ratioToEcho.median, '×', TARGETS.startRatioToEcho);
  // The counts are held to their target on every round (the max), not only on the median.
  const { tokenRequests: tokenLimit, graphCallsWithParticipants: withLimit, graphCallsWithout: withoutLimit } = TARGETS;
  const requests = tokens.tokenRequests;
  const tokenName = 'token-endpoint requests for 1,000 submits by 10 people';
  atMost(tokenName, requests.median, 'requests', tokenLimit, requests.max, `${tokenLimit}`);
  const withName = 'Graph calls per submit, 2 participants';
  atMost(withName, graph.withParticipants.median, 'calls', withLimit, graph.withParticipants.max);
  const withoutName = 'Graph calls per submit, no participants';
  atMost(withoutName, graph.without.median, 'calls', withoutLimit, graph.without.max, `${withoutLimit}`);
  checks.push(...broadcastChecks(f.broadcast));
  return checks;
}
