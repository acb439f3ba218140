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
import { ownShareTarget } from './checks';
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
    const limit = ownShareTarget(c);
    const queueing = c > 1 ? ` (includes queueing behind ${c - 1} other requests)` : '';
    const target = limit === undefined ? queueing : `≤ ${limit} ms ${mark(o.p99Ms.median <= limit)}${queueing}`;
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
  t.push(...memoryRows(mem), ...startRows(start));
  return t;
}

/** Memory: the echo bot's and the bot's after the same number of activities and a GC, then the bot's own. */
function memoryRows(mem: Figures['memory']): string[] {
  const n = fmtInt(mem.activities);
  const mb = (s: Summary) => `${fmt(s, mbf)} MB`;
  const three = (a: Summary, b: Summary, c: Summary) => [mb(a), mb(b), mb(c)].join(' / ');
  const limit = TARGETS.memoryRatioToEcho;
  const second = `during a second ${n} activities, after GC`;
  return [
    row(
      `Echo bot after ${n} activities and a GC: RSS / V8 heap used / external`,
      three(mem.echoRssAfterGcMb, mem.echoHeapUsedAfterGcMb, mem.echoExternalAfterGcMb),
      ''
    ),
    row(
      `Teams-ai bot after ${n} \`help\` and a GC: RSS / V8 heap used / external`,
      three(mem.teamsAiRssAfterGcMb, mem.teamsAiHeapUsedAfterGcMb, mem.teamsAiExternalAfterGcMb),
      ''
    ),
    row(
      `The bot after ${n} activities (help/new/post) and a GC: RSS / V8 heap used / external`,
      three(mem.rssAfterGcMb, mem.heapUsedAfterGcMb, mem.externalAfterGcMb),
      ''
    ),
    row(
      "**RSS after the activities and a GC, the bot ÷ the echo bot's** (fresh processes, same run)",
      `${fmt(mem.ratioToEcho, (v) => v.toFixed(2))}×`,
      `≤ ${limit}× ${mark(mem.ratioToEcho.median <= limit)}`
    ),
    row(
      "RSS after the activities and a GC, the teams-ai bot ÷ the echo bot's",
      `${fmt(mem.teamsAiRatioToEcho, (v) => v.toFixed(2))}×`,
      '(information)'
    ),
    row('The bot: RSS after start (after a GC)', mb(mem.rssAfterStartMb), ''),
    row(`The bot: RSS after ${n} activities, before a GC`, mb(mem.rssAfterActivitiesMb), ''),
    row('The bot: RSS growth (after GC − after start)', mb(mem.rssGrowthMb), ''),
    row('… of which outside the V8 heap (RSS − heap total)', mb(mem.nonHeapGrowthMb), ''),
    row(
      'The bot: V8 heap used after start → after GC',
      `${fmt(mem.heapUsedAfterStartMb, mbf)} → ${mb(mem.heapUsedAfterGcMb)}`,
      ''
    ),
    row(`The bot: RSS growth ${second} (leak or high-water mark?)`, mb(mem.rssGrowthSecondBatchMb), '(information)'),
    row(`The bot: V8 heap used growth ${second}`, mb(mem.heapUsedGrowthSecondBatchMb), '(information)')
  ];
}

/** Start to the first /healthz 200, each process spawned the same way, in turn in each of START_RUNS runs. */
function startRows(start: Figures['start']): string[] {
  const took = (s: Summary) => `${fmt(s, fmtInt)} ms`;
  const limit = TARGETS.startRatioToEcho;
  return [
    row(`Start → /healthz 200: the echo bot (${START_RUNS} starts each)`, took(start.echoMs), ''),
    row('Start → /healthz 200: the teams-ai bot', took(start.teamsAiMs), ''),
    row('Start → /healthz 200: the bot as deployed (`node dist/src/index.js`, Teams mode)', took(start.ms), ''),
    row(
      "**Start, the bot (Teams mode) ÷ the echo bot's** (same run)",
      `${fmt(start.ratioToEcho, (v) => v.toFixed(2))}×`,
      `≤ ${limit}× ${mark(start.ratioToEcho.median <= limit)}`
    ),
    row(
      'Start → /healthz 200: local mode (`npm start`, its own Graph sandbox, no playground)',
      took(start.localModeMs),
      '(information)'
    )
  ];
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
