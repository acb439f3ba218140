// The broadcast scenario in the printed report: its settings, its figures with the lower bound they
// are divided by (and how that bound was derived), and its targets.
import type { BroadcastFigures } from '../scenarios/broadcast';
import { BROADCAST, TARGETS } from '../settings';
import type { Summary } from '../stats';
import type { Check } from './figures';

const ms = (s: Summary) => `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)}) ms`;
const times = (s: Summary) => `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})×`;
const per = (s: Summary, d: number): Summary => ({ median: s.median / d, min: s.min / d, max: s.max / d });
const count = (s: Summary) => `${s.median} (${s.min}–${s.max})`;
const row = (...cells: string[]) => `| ${cells.join(' | ')} |`;
const mark = (ok: boolean) => (ok ? '✓' : '✗');

export function broadcastChecks(b: BroadcastFigures): Check[] {
  const ratio = b.ratioToLowerBound.median;
  return [
    {
      name: `broadcast to ${b.groups} groups, total ÷ lower bound`,
      value: ratio,
      unit: '×',
      target: `≤ ${TARGETS.broadcastRatioToLowerBound}`,
      met: ratio <= TARGETS.broadcastRatioToLowerBound
    },
    {
      name: 'broadcast: groups posted twice',
      value: b.duplicates,
      unit: 'groups',
      target: '0',
      met: b.duplicates === 0
    },
    { name: 'broadcast: groups not posted', value: b.missed, unit: 'groups', target: '0', met: b.missed === 0 }
  ];
}

function slowest(b: BroadcastFigures): string {
  const x = b.slowest;
  if (!x) return 'No group was throttled.';
  const r = (v: number) => Math.round(v);
  return (
    `The throttled group posted last (first run), ms after the invoke: create sent ${r(x.firstSentMs)}, ` +
    `429 ${r(x.throttledMs)}, sent again ${r(x.resentMs)}, posted ${r(x.postedMs)}.`
  );
}

export function broadcastTable(b: BroadcastFigures): string[] {
  const target = TARGETS.broadcastRatioToLowerBound;
  return [
    [
      `Broadcast: one person, ${b.groups} groups picked on the 1:1 chat's form, no participants; median (min–max)`,
      `of ${BROADCAST.runs} broadcast${BROADCAST.runs > 1 ? 's' : ''}, each a new topic. A sandbox of its own:`,
      `latency ${BROADCAST.latencyMs} ms a request, Outlook's per-mailbox limit ${BROADCAST.mailboxConcurrency};`,
      `every ${b.throttleEvery}th create it receives (${b.throttledCreates} in all, whatever group it is for)`,
      `answered 429 Retry-After ${BROADCAST.retryAfterSeconds} s. The bot: BROADCAST_CONCURRENCY=${BROADCAST.concurrency},`,
      `GRAPH_MAILBOX_CONCURRENCY=${BROADCAST.mailboxConcurrency} (the defaults);`,
      'card updates to a loopback connector stub.'
    ].join(' '),
    '',
    '| Broadcast figure | Median (min–max) | Target |',
    '|---|---:|---|',
    row('Invoke sent → summary card at the connector (total)', ms(b.totalMs), ''),
    row('Lower bound under those limits (derivation below)', `${Math.round(b.lowerBoundMs)} ms`, ''),
    row(
      '**Total ÷ lower bound**',
      times(b.ratioToLowerBound),
      `≤ ${target}× ${mark(b.ratioToLowerBound.median <= target)}`
    ),
    row('Groups posted twice (duplicates), all runs', String(b.duplicates), `0 ${mark(b.duplicates === 0)}`),
    row('Groups not posted (missed), all runs', String(b.missed), `0 ${mark(b.missed === 0)}`),
    row('Invoke answered with the progress card', ms(b.answeredMs), ''),
    row("Last group's first create sent (waiting for one of the C places)", ms(b.lastStartMs), ''),
    row('Last create answered (every group posted)', ms(b.lastPostMs), ''),
    row(
      'Every group posted ÷ lower bound (the total without the wait below)',
      times(per(b.lastPostMs, b.lowerBoundMs)),
      ''
    ),
    row(
      'Summary card after the last post (at least 250 ms after the update before it)',
      ms(b.summaryAfterLastPostMs),
      ''
    ),
    row("Throttled group's wait, 429 → create sent again (Retry-After + jitter)", ms(b.throttledWaitMs), ''),
    row('Creates answered 429', count(b.answered429), ''),
    row('Card updates received by the connector', count(b.cardUpdates), ''),
    '',
    slowest(b),
    `Lower bound = ${b.derivation}; k and u counted at the`,
    `sandbox: ${Object.entries(b.byRoute)
      .map(([route, n]) => `${route} ×${n}`)
      .join(', ')}.`
  ];
}
