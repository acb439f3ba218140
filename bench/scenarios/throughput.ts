// Throughput and latency at 1 and 32 connections: echo, teams-ai, help, new, post and post-on-Blob
// rounds alternate (echo, teamsAi, help, new, post, postBlob, echo, …) after a warm-up each, so
// every bot figure is also a ratio to the ceiling measured seconds apart on the same machine and to
// the minimal teams-ai bot's `help` of the same cycle (the framework's cost apart from ours), and
// the Blob bot's Post a ratio to the SQLite bot's Post of the same cycle. During post rounds the
// bot process records each request's server time and Graph wait (its own share per submit).
import { load, type LoadResult } from '../load/load-generator';
import type { WorkloadName } from '../load/workloads';
import type { IpcChild } from '../processes/supervisor';
import { CONNECTIONS, ROUND_SECONDS, ROUNDS, WARMUP_SECONDS } from '../settings';
import { type Summary, summary } from '../stats';
import { ownShareOf, type SampleShare } from './own-share';

/**
 * A round of the cycle: a workload and the process it goes to; postBlob is Post to the Blob bot,
 * teamsAi is `help` to the minimal teams-ai bot (processes/teams-ai-bot.ts).
 */
export type RoundName = WorkloadName | 'postBlob' | 'teamsAi';
export const ROUNDS_IN_TURN: readonly RoundName[] = ['echo', 'teamsAi', 'help', 'new', 'post', 'postBlob'];
const workloadOf = (round: RoundName): WorkloadName =>
  round === 'postBlob' ? 'post' : round === 'teamsAi' ? 'help' : round;
/** The baselines answer at once: no turn of theirs outlives a round, so they are not asked to settle. */
const isBaseline = (round: RoundName) => round === 'echo' || round === 'teamsAi';

export interface Figure {
  connections: number;
  activitiesPerSecond: Summary;
  /** Each round's rate ÷ the echo round of the same cycle; null for echo itself. */
  ratioToEcho: Summary | null;
  /** The bot's rounds only: each round's rate ÷ the teams-ai baseline's `help` round of the same cycle. */
  ratioToTeamsAi: Summary | null;
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

export type PostFigure = Figure & { ownShare: PostOwnShare };

/** Each cycle's Blob round ÷ its SQLite round (no key naming a rate: results.json rounds those to integers). */
export interface BlobToSqlite {
  submits: Summary;
  ownShareP50: Summary;
  ownShareP99: Summary;
}

/** Per workload, per `c<connections>`. */
export type Throughput = Record<Exclude<WorkloadName, 'post'> | 'teamsAi', Record<string, Figure>> & {
  post: Record<string, PostFigure>;
  /** The same Post workload, on the bot started with its shared state on Blob Storage (Azurite). */
  postBlob: Record<string, PostFigure & { ratioToSqlite: BlobToSqlite }>;
};

type PostRound = 'post' | 'postBlob';
const isPost = (round: RoundName): round is PostRound => round === 'post' || round === 'postBlob';

/** One post round's own share, from what the bot recorded. */
class PostShares {
  readonly shares: SampleShare[] = [];
  private readonly graphCalls: number[] = [];
  private unattributed = 0;

  async collect(bot: IpcChild): Promise<void> {
    const { samples, unattributedGraphCalls } = await bot.ask('timings');
    await bot.ask('record', { on: false });
    const invokes = samples.filter(([, , calls]) => calls > 0);
    this.shares.push(ownShareOf(invokes));
    this.graphCalls.push(invokes.reduce((n, [, , calls]) => n + calls, 0) / Math.max(1, invokes.length));
    this.unattributed += unattributedGraphCalls + (samples.length - invokes.length);
  }

  summary(): PostOwnShare {
    return {
      p50Ms: summary(this.shares.map((s) => s.p50)),
      p99Ms: summary(this.shares.map((s) => s.p99)),
      graphWaitP50Ms: summary(this.shares.map((s) => s.graphP50)),
      graphCallsPerSubmit: summary(this.graphCalls),
      unattributed: this.unattributed
    };
  }
}

/** Waits until the bot has finished the turns the round started (the echo bot is not asked: it has no slow turn). */
async function settle(bot: IpcChild): Promise<void> {
  const until = Date.now() + 30_000;
  while ((await bot.ask('busy')).turns > 0) {
    if (Date.now() > until) throw new Error(`${bot.name}: turns still running 30 s after a round`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Cycle by cycle, a ÷ b. */
const ratios = (a: readonly number[], b: readonly number[]) => summary(a.map((x, i) => x / b[i]));

export interface ThroughputProcesses {
  echo: IpcChild;
  teamsAi: IpcChild;
  bot: IpcChild;
  blobBot: IpcChild;
}

export async function throughput({ echo, teamsAi, bot, blobBot }: ThroughputProcesses): Promise<Throughput> {
  const processOf: Record<RoundName, IpcChild> = { echo, teamsAi, help: bot, new: bot, post: bot, postBlob: blobBot };
  const out: Throughput = { echo: {}, teamsAi: {}, help: {}, new: {}, post: {}, postBlob: {} };
  for (const c of CONNECTIONS) {
    process.stderr.write(`  ${c} connection${c > 1 ? 's' : ''}: warm-up`);
    for (const t of ROUNDS_IN_TURN) {
      await load(processOf[t].ready.port, [workloadOf(t)], { connections: c, duration: WARMUP_SECONDS });
      if (!isBaseline(t)) await settle(processOf[t]);
    }
    const rounds = Object.fromEntries(ROUNDS_IN_TURN.map((t) => [t, [] as LoadResult[]])) as Record<
      RoundName,
      LoadResult[]
    >;
    const posts: Record<PostRound, PostShares> = { post: new PostShares(), postBlob: new PostShares() };
    for (let r = 0; r < ROUNDS; r++) {
      process.stderr.write(`, round ${r + 1}/${ROUNDS}`);
      for (const t of ROUNDS_IN_TURN) {
        if (isPost(t)) await processOf[t].ask('record', { on: true });
        const res = await load(processOf[t].ready.port, [workloadOf(t)], { connections: c, duration: ROUND_SECONDS });
        if (res.bad > 0) {
          const answers = `${res.bad} of ${res.completed} answers`;
          throw new Error(`${t} at ${c} connections: ${answers} were not the expected ones, e.g. ${res.firstBad}`);
        }
        rounds[t].push(res);
        if (isPost(t)) await posts[t].collect(processOf[t]);
        if (!isBaseline(t)) await settle(processOf[t]);
      }
    }
    process.stderr.write('\n');
    const key = `c${c}`;
    const rps = (t: RoundName) => rounds[t].map((x) => x.rps);
    const figure = (t: RoundName): Figure => ({
      connections: c,
      activitiesPerSecond: summary(rps(t)),
      ratioToEcho: t === 'echo' ? null : ratios(rps(t), rps('echo')),
      ratioToTeamsAi: isBaseline(t) ? null : ratios(rps(t), rps('teamsAi')),
      p50Ms: summary(rounds[t].map((x) => x.p50)),
      p99Ms: summary(rounds[t].map((x) => x.p99)),
      roundsRps: rps(t)
    });
    out.echo[key] = figure('echo');
    out.teamsAi[key] = figure('teamsAi');
    out.help[key] = figure('help');
    out.new[key] = figure('new');
    out.post[key] = { ...figure('post'), ownShare: posts.post.summary() };
    const [sqlite, blob] = [posts.post.shares, posts.postBlob.shares];
    out.postBlob[key] = {
      ...figure('postBlob'),
      ownShare: posts.postBlob.summary(),
      ratioToSqlite: {
        submits: ratios(rps('postBlob'), rps('post')),
        ownShareP50: ratios(
          blob.map((s) => s.p50),
          sqlite.map((s) => s.p50)
        ),
        ownShareP99: ratios(
          blob.map((s) => s.p99),
          sqlite.map((s) => s.p99)
        )
      }
    };
  }
  return out;
}
