// The shortest time a broadcast could take under the scenario's limits: what the measured total is
// divided by. Pure, so that the derivation is in one place and the printed line says the same.
//
// N groups, at most C in flight (BROADCAST_CONCURRENCY), L ms per Graph request (the sandbox's
// latency; loopback and the bot's own work count as 0), k Graph requests on one post's critical path
// (counted at the sandbox, byRoute: the creates of the groups answered at once, per group), u
// requests the bot makes one after the other before its first post (the group listing and the
// participants' resolution: the GETs of byRoute; 0 when the form was just opened and named no one),
// and a throttled group's create answered 429 after L, then waited out (Retry-After R), then k·L:
//   posting   ≥ ceil(N / C) · k · L     (C posts at a time, each at least k·L)
//   throttled ≥ k·L + R + k·L           (one throttled group, however early it starts)
//   lowerBound = u · L + max(posting, throttled)
// Outlook's per-mailbox limit (4) does not add a term: each group is a mailbox of its own, and a
// post is one request to it. This bound holds for any order of the groups, as if the bot knew which
// ones will be throttled and posted those first.
//
// It cannot know: a 429 is learnt by trying. Posting in the order given with C in flight, the group
// at position i (from 0) starts no earlier than floor(i / C) · k · L, so a throttled group at i
// gives the in-order bound  u · L + max(posting, floor(i / C) · k · L + k·L + R + k·L), reported
// beside it to tell the cost of where the throttled groups are from the cost of the bot's waits.

export interface BoundInputs {
  groups: number;
  concurrency: number;
  latencyMs: number;
  /** Graph requests on one post's critical path. */
  requestsPerPost: number;
  /** Graph requests before the first post, one after the other. */
  upfrontRequests: number;
  retryAfterMs: number;
  /** Positions (from 0, in the order posted) of the groups whose first create is throttled. */
  throttledAt: readonly number[];
}

export interface Bound {
  lowerBoundMs: number;
  inOrderBoundMs: number;
  /** The derivation with the numbers in, for the printed line. */
  derivation: string;
}

export function lowerBound(b: BoundInputs): Bound {
  const post = b.requestsPerPost * b.latencyMs;
  const upfront = b.upfrontRequests * b.latencyMs;
  const rounds = Math.ceil(b.groups / b.concurrency);
  const posting = rounds * post;
  const throttledPath = post + b.retryAfterMs + post;
  const throttled = b.throttledAt.length > 0 ? throttledPath : 0;
  const lastStart = Math.max(0, ...b.throttledAt.map((i) => Math.floor(i / b.concurrency) * post));
  const inOrder = b.throttledAt.length > 0 ? lastStart + throttledPath : 0;
  const { groups: n, concurrency: c, latencyMs: l, requestsPerPost: k, upfrontRequests: u, retryAfterMs: r } = b;
  const lower = upfront + Math.max(posting, throttled);
  const derivation =
    `u·L + max(ceil(N/C)·k·L, k·L + R + k·L) = ${u}·${l} + max(ceil(${n}/${c})·${k}·${l}, ` +
    `${k}·${l} + ${r} + ${k}·${l}) = ${upfront} + max(${posting}, ${throttled}) = ${lower} ms` +
    ` (N=${n} groups, C=${c} in flight, L=${l} ms, k=${k} request(s) per post, u=${u} before posting,` +
    ` R = Retry-After ${r} ms)`;
  return {
    lowerBoundMs: lower,
    inOrderBoundMs: upfront + Math.max(posting, inOrder),
    derivation
  };
}
