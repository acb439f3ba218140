// Where a broadcast's time went, from the bot's own log of its Graph requests (bot-process.ts
// `graphLog`, this machine's clock): when the last group was started, when the last one was posted,
// and how long the throttled ones waited between their 429 and their second create.
import type { GraphCall } from '../processes/ipc-protocol';
import { quantile } from '../stats';

export interface BroadcastProfile {
  /** The last group's first create sent, ms after the invoke was sent. */
  lastStartMs: number;
  /** The last create answered 2xx. */
  lastPostMs: number;
  answered429: number;
  /** A throttled group's 429 → its next create sent (Retry-After plus the retry's jitter), median. */
  throttledWaitMs: number;
  /** The throttled group posted last: first create sent → 429 → create sent again → posted. */
  slowest: { firstSentMs: number; throttledMs: number; resentMs: number; postedMs: number } | undefined;
}

const CREATE = /\/groups\/([^/]+)\/conversations$/;

export function profileOf(calls: readonly GraphCall[], sentAt: number): BroadcastProfile {
  const creates = new Map<string, GraphCall[]>();
  for (const call of calls) {
    const group = call[2] === 'POST' ? CREATE.exec(call[3])?.[1] : undefined;
    if (group) creates.set(group, [...(creates.get(group) ?? []), call]);
  }
  const at = (epochMs: number) => epochMs - sentAt;
  const perGroup = [...creates.values()];
  const ok = (c: GraphCall) => c[4] >= 200 && c[4] < 300;
  const throttled = perGroup.filter((tries) => tries.length > 1 && tries[0]?.[4] === 429);
  const slowestTries = throttled.sort((a, b) => (b.at(-1)?.[1] ?? 0) - (a.at(-1)?.[1] ?? 0))[0];
  return {
    lastStartMs: at(Math.max(...perGroup.map((tries) => tries[0]?.[0] ?? sentAt))),
    lastPostMs: at(Math.max(...calls.filter((c) => CREATE.test(c[3]) && ok(c)).map((c) => c[1]))),
    answered429: calls.filter((c) => c[4] === 429).length,
    throttledWaitMs: quantile(
      throttled.map(([first, second]) => (second?.[0] ?? 0) - (first?.[1] ?? 0)),
      0.5
    ),
    slowest: slowestTries && {
      firstSentMs: at(slowestTries[0]?.[0] ?? 0),
      throttledMs: at(slowestTries[0]?.[1] ?? 0),
      resentMs: at(slowestTries[1]?.[0] ?? 0),
      postedMs: at(slowestTries.at(-1)?.[1] ?? 0)
    }
  };
}
