// Throughput and latency at 1 and 32 connections: echo, help, new and post rounds alternate
// (echo, help, new, post, echo, …) after a warm-up each, so every bot figure is also a ratio to
// the ceiling measured seconds apart on the same machine. During post rounds the bot process
// records each request's server time and Graph wait (its own share per submit).
import { load, type LoadResult } from '../load/load-generator';
import type { WorkloadName } from '../load/workloads';
import type { IpcChild } from '../processes/supervisor';
import { CONNECTIONS, ROUND_SECONDS, ROUNDS, WARMUP_SECONDS } from '../settings';
import { type Summary, summary } from '../stats';
import { ownShareOf, type SampleShare } from './own-share';

export const TARGETS_IN_TURN: readonly WorkloadName[] = ['echo', 'help', 'new', 'post'];

export interface Figure {
  connections: number;
  activitiesPerSecond: Summary;
  /** Each round's rate ÷ the echo round of the same cycle; null for echo itself. */
  ratioToEcho: Summary | null;
  p50Ms: Summary;
  p99Ms: Summary;
  roundsRps: number[];
}

export interface PostOwnShare {
  p50Ms: Summary;
  p99Ms: Summary;
  graphWaitP50Ms: Summary;
  graphCallsPerSubmit: Summary;
  /** Graph calls outside any activity's turn, plus requests that made no Graph call. */
  unattributed: number;
}

/** Per workload, per `c<connections>`. */
export type Throughput = Record<Exclude<WorkloadName, 'post'>, Record<string, Figure>> & {
  post: Record<string, Figure & { ownShare: PostOwnShare }>;
};

async function postRoundShare(bot: IpcChild, shares: SampleShare[], graphCalls: number[]): Promise<number> {
  const { samples, unattributedGraphCalls } = await bot.ask('timings');
  await bot.ask('record', { on: false });
  const invokes = samples.filter(([, , calls]) => calls > 0);
  shares.push(ownShareOf(invokes));
  graphCalls.push(invokes.reduce((n, [, , calls]) => n + calls, 0) / Math.max(1, invokes.length));
  return unattributedGraphCalls + (samples.length - invokes.length);
}

export async function throughput(echo: IpcChild, bot: IpcChild): Promise<Throughput> {
  const portOf = (t: WorkloadName) => (t === 'echo' ? echo : bot).ready.port;
  const out: Throughput = { echo: {}, help: {}, new: {}, post: {} };
  for (const c of CONNECTIONS) {
    process.stderr.write(`  ${c} connection${c > 1 ? 's' : ''}: warm-up`);
    for (const t of TARGETS_IN_TURN) await load(portOf(t), [t], { connections: c, duration: WARMUP_SECONDS });
    const rounds = Object.fromEntries(TARGETS_IN_TURN.map((t) => [t, [] as LoadResult[]])) as Record<
      WorkloadName,
      LoadResult[]
    >;
    const shares: SampleShare[] = [];
    const graphCalls: number[] = [];
    let unattributed = 0;
    for (let r = 0; r < ROUNDS; r++) {
      process.stderr.write(`, round ${r + 1}/${ROUNDS}`);
      for (const t of TARGETS_IN_TURN) {
        if (t === 'post') await bot.ask('record', { on: true });
        const res = await load(portOf(t), [t], { connections: c, duration: ROUND_SECONDS });
        if (res.bad > 0) {
          const answers = `${res.bad} of ${res.completed} answers`;
          throw new Error(`${t} at ${c} connections: ${answers} were not the expected ones, e.g. ${res.firstBad}`);
        }
        rounds[t].push(res);
        if (t === 'post') unattributed += await postRoundShare(bot, shares, graphCalls);
      }
    }
    process.stderr.write('\n');
    const key = `c${c}`;
    const figure = (t: WorkloadName): Figure => ({
      connections: c,
      activitiesPerSecond: summary(rounds[t].map((x) => x.rps)),
      ratioToEcho: t === 'echo' ? null : summary(rounds[t].map((x, i) => x.rps / rounds.echo[i].rps)),
      p50Ms: summary(rounds[t].map((x) => x.p50)),
      p99Ms: summary(rounds[t].map((x) => x.p99)),
      roundsRps: rounds[t].map((x) => x.rps)
    });
    out.echo[key] = figure('echo');
    out.help[key] = figure('help');
    out.new[key] = figure('new');
    out.post[key] = {
      ...figure('post'),
      ownShare: {
        p50Ms: summary(shares.map((s) => s.p50)),
        p99Ms: summary(shares.map((s) => s.p99)),
        graphWaitP50Ms: summary(shares.map((s) => s.graphP50)),
        graphCallsPerSubmit: summary(graphCalls),
        unattributed
      }
    };
  }
  return out;
}
