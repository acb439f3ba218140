// The Markdown the run prints (and README "Performance" quotes): the settings, one table of
// throughput and latency per workload and connection count, one of every other figure, one of
// Post on Blob Storage beside Post on SQLite, the broadcast (report/broadcast-table.ts), and which
// targets were met.
import { AZURITE_VERSION } from '../../test/helpers/azurite-process';
import type { Summary } from '../stats';
import {
  BOT_LOG_LEVEL,
  BOT_MAILBOX_CONCURRENCY,
  CONNECTIONS,
  MAILBOX_CONCURRENCY,
  POSTS_PER_MINUTE,
  READS_PER_MINUTE,
  ROUND_SECONDS,
  ROUNDS,
  START_RUNS,
  TARGETS,
  WARMUP_SECONDS
} from '../settings';
import { broadcastTable } from './broadcast-table';
import type { Check, Figures } from './figures';

const r2 = (x: number) => Math.round(x * 100) / 100;
export const fmtInt = (x: number) => Math.round(x).toLocaleString('en-US');
const fmt = (s: Summary, f: (x: number) => string) => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const mbf = (x: number) => x.toFixed(1);
const calls = (x: number) => String(r2(x));
const mark = (ok: boolean) => (ok ? '✓' : '✗');
/** One Markdown table row: each cell one argument. */
const row = (...cells: string[]) => `| ${cells.join(' | ')} |`;

function header(f: Figures): string[] {
  const m = f.machine;
  const settings = [
    `POSTS_PER_MINUTE=${POSTS_PER_MINUTE} (the per-person post limit, raised so it cannot interfere)`,
    `READS_PER_MINUTE=${READS_PER_MINUTE} (the per-person read limit, likewise)`,
    `sandbox latency 0 ms and mailbox concurrency ${MAILBOX_CONCURRENCY} (Outlook's 4 would answer 429)`,
    `the bot's per-mailbox queue GRAPH_MAILBOX_CONCURRENCY=${BOT_MAILBOX_CONCURRENCY} (default 4)`,
    `LOG_LEVEL=${BOT_LOG_LEVEL} (to a file)`
  ];
  return [
    `Machine: ${m.cores} cores (${m.cpu}), Node ${m.node}, ${m.platform}.`,
    [
      `Each figure: median (min–max) over ${ROUNDS} rounds of ${ROUND_SECONDS} s;`,
      'echo, teams-ai, help, new, post and post-on-Blob rounds alternate',
      `(echo, teams-ai, help, new, post, post on Blob, echo, …) after a ${WARMUP_SECONDS} s warm-up each;`,
      "× teams-ai is the bot's round ÷ the minimal teams-ai bot's `help` round of the same cycle."
    ].join(' '),
    `Bench settings: ${settings.join(', ')}; Graph sandbox in its own process;`,
    `the Blob bot's storage: Azurite ${AZURITE_VERSION} in its own process on this machine.`
  ];
}

function throughputTable(f: Figures): string[] {
  const t = [
    '| Workload | Conn. | Activities/s | × echo | × teams-ai | p50 ms | p99 ms | Target |',
    '|---|---:|---:|---:|---:|---:|---:|---|'
  ];
  const rows: [string, keyof Figures['throughput'], number | null][] = [
    ['echo bot (ceiling): message → 1 text', 'echo', null],
    ['teams-ai bot (the framework alone): `help` → the same card', 'teamsAi', null],
    ['`help` → card', 'help', TARGETS.helpRatio],
    ['`new` → form with the groups (warm)', 'new', TARGETS.newRatio],
    ['Post (createConversation invoke, 2 participants)', 'post', null],
    ['Post, the bot on Blob Storage (Azurite)', 'postBlob', null]
  ];
  for (const [label, key, target] of rows) {
    for (const c of CONNECTIONS) {
      const x = f.throughput[key][`c${c}`];
      const ratio = x.ratioToEcho ? fmt(x.ratioToEcho, (v) => v.toFixed(2)) : '1';
      const toTeamsAi = x.ratioToTeamsAi ? fmt(x.ratioToTeamsAi, (v) => v.toFixed(2)) : '';
      const tgt = target === null || !x.ratioToEcho ? '' : `≥ ${target}× ${mark(x.ratioToEcho.median >= target)}`;
      const rate = fmt(x.activitiesPerSecond, fmtInt);
      t.push(row(label, String(c), rate, ratio, toTeamsAi, fmt(x.p50Ms, ms), fmt(x.p99Ms, ms), tgt));
    }
  }
  return t;
}

function figuresTable(f: Figures): string[] {
  const { newOwnShare: newOwn, tokens, graphCalls: graph, memory: mem, start } = f;
  const t = ['| Figure | Median (min–max) | Target |', '|---|---:|---|'];
  for (const c of CONNECTIONS) {
    const o = f.throughput.post[`c${c}`].ownShare;
    const target =
      c === 1
        ? `≤ ${TARGETS.ownShareP99Ms} ms ${mark(o.p99Ms.median <= TARGETS.ownShareP99Ms)}`
        : `(includes queueing behind ${c - 1} other requests)`;
    const ownP50 = `Post, bot's own share per submit (server time − Graph wait), p50 · ${c} conn.`;
    t.push(row(ownP50, `${fmt(o.p50Ms, ms)} ms`, ''));
    t.push(row(`Post, bot's own share per submit, p99 · ${c} conn.`, `${fmt(o.p99Ms, ms)} ms`, target));
    t.push(row(`Post, Graph wait per submit, p50 · ${c} conn.`, `${fmt(o.graphWaitP50Ms, ms)} ms`, ''));
  }
  t.push(
    row(
      "`new`, bot's own share (server time − Graph wait), p50 / p99 · one at a time",
      `${fmt(newOwn.p50Ms, ms)} / ${fmt(newOwn.p99Ms, ms)} ms`,
      ''
    )
  );
  t.push(row('`new`, Graph wait (GET /me/memberOf), p50 · one at a time', `${fmt(newOwn.graphWaitP50Ms, ms)} ms`, ''));
  t.push(
    row(
      `Token-endpoint requests, ${fmtInt(tokens.submits)} submits by ${tokens.people} people (one SSO token each)`,
      fmt(tokens.tokenRequests, fmtInt),
      `${TARGETS.tokenRequests} ${mark(tokens.tokenRequests.max <= TARGETS.tokenRequests)}`
    )
  );
  t.push(
    row(
      'Token per submit once cached (resolveUserToken, one at a time), p50 / p99',
      `${fmt(tokens.cachedTokenP50Ms, ms)} / ${fmt(tokens.cachedTokenP99Ms, ms)} ms`,
      ''
    )
  );
  t.push(
    row(
      "Token-endpoint requests when 10 people's first Post arrives twice at once (double click)",
      fmt(tokens.doublePressTokenRequests, fmtInt),
      '(information; 10 = coalesced)'
    )
  );
  const withParticipantsMet = graph.withParticipants.max <= TARGETS.graphCallsWithParticipants;
  t.push(
    row(
      'Graph calls per submit, 2 participants (form opened first)',
      fmt(graph.withParticipants, calls),
      `≤ ${TARGETS.graphCallsWithParticipants} ${mark(withParticipantsMet)}`
    )
  );
  t.push(
    row(
      'Graph calls per submit, no participants',
      fmt(graph.without, calls),
      `${TARGETS.graphCallsWithout} ${mark(graph.without.max <= TARGETS.graphCallsWithout)}`
    )
  );
  const n = fmtInt(mem.activities);
  t.push(row('RSS after start (after a GC)', `${fmt(mem.rssAfterStartMb, mbf)} MB`, ''));
  t.push(row(`RSS after ${n} activities (help/new/post)`, `${fmt(mem.rssAfterActivitiesMb, mbf)} MB`, ''));
  t.push(row('RSS after a forced GC', `${fmt(mem.rssAfterGcMb, mbf)} MB`, ''));
  t.push(
    row(
      'RSS growth (after GC − after start)',
      `${fmt(mem.rssGrowthMb, mbf)} MB`,
      `≤ ${TARGETS.rssGrowthMb} MB ${mark(mem.rssGrowthMb.median <= TARGETS.rssGrowthMb)}`
    )
  );
  t.push(row('… of which outside the V8 heap (RSS − heap total)', `${fmt(mem.nonHeapGrowthMb, mbf)} MB`, ''));
  t.push(
    row(
      'V8 heap used after start → after GC',
      `${fmt(mem.heapUsedAfterStartMb, mbf)} → ${fmt(mem.heapUsedAfterGcMb, mbf)} MB`,
      ''
    )
  );
  t.push(
    row(
      `RSS growth during a second ${n} activities, after GC (leak or high-water mark?)`,
      `${fmt(mem.rssGrowthSecondBatchMb, mbf)} MB`,
      '(information)'
    )
  );
  t.push(
    row(
      `V8 heap used growth during the second ${n}`,
      `${fmt(mem.heapUsedGrowthSecondBatchMb, mbf)} MB`,
      '(information)'
    )
  );
  t.push(
    row(
      `Start: \`node dist/src/index.js\` → /healthz 200 (${START_RUNS} starts)`,
      `${fmt(start.ms, fmtInt)} ms`,
      `≤ ${fmtInt(TARGETS.startMs)} ms ${mark(start.ms.median <= TARGETS.startMs)}`
    )
  );
  return t;
}

/** Post on SQLite (one instance) and on Blob (what several instances share), and their ratio, cycle by cycle. */
function sharingTable(f: Figures): string[] {
  const t = [
    "| Post, the same workload in the same run | Conn. | Submits/s | Bot's own share p50 ms | p99 ms |",
    '|---|---:|---:|---:|---:|'
  ];
  const times = (s: Summary) => `${fmt(s, (v) => v.toFixed(2))}×`;
  for (const c of CONNECTIONS) {
    const [sqlite, blob] = [f.throughput.post[`c${c}`], f.throughput.postBlob[`c${c}`]];
    for (const [label, x] of [
      ['on SQLite (the default: one instance)', sqlite],
      ['on Blob Storage (Azurite): state shared by instances', blob]
    ] as const)
      t.push(
        row(label, String(c), fmt(x.activitiesPerSecond, fmtInt), fmt(x.ownShare.p50Ms, ms), fmt(x.ownShare.p99Ms, ms))
      );
    const r = blob.ratioToSqlite;
    t.push(
      row(
        '**Blob ÷ SQLite** (the cost of sharing)',
        String(c),
        times(r.submits),
        times(r.ownShareP50),
        times(r.ownShareP99)
      )
    );
  }
  t.push('', "Blob ÷ SQLite: each cycle's Blob Post round ÷ the SQLite Post round just before it (median, min–max).");
  return t;
}

function verdict(checks: readonly Check[]): string {
  const missed = checks.filter((c) => !c.met);
  const met = `Targets met: ${checks.length - missed.length} of ${checks.length}.`;
  return missed.length > 0 ? `${met} Missed: ${missed.map((c) => c.name).join('; ')}.` : met;
}

export function table(f: Figures, checks: readonly Check[]): string {
  return [
    ...header(f),
    '',
    ...throughputTable(f),
    '',
    ...figuresTable(f),
    '',
    ...sharingTable(f),
    '',
    ...broadcastTable(f.broadcast),
    '',
    verdict(checks)
  ].join('\n');
}
