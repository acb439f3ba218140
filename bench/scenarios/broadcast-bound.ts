// The shortest time a broadcast could take under the scenario's limits: what the measured total is
// divided by. Pure, so that the derivation is in one place and the printed line says the same.
//
// N groups, at most C creates in flight (BROADCAST_CONCURRENCY), L ms per Graph request (the
// sandbox's latency; loopback and the bot's own work count as 0), k Graph requests on one post's
// critical path (counted at the sandbox, byRoute), u requests the bot makes one after the other
// before its first post (the group listing, the participants' resolution: the GETs of byRoute; 0
// when the form was just opened and named no one). The sandbox answers every E-th create it
// receives (the E-th, 2E-th, …, T of them) 429 with Retry-After R, whatever group it is for: "10 %
// of the posts", in the order they arrive, so no order of the groups can dodge it.
//   posting   ≥ ceil((N + T) / C) · k · L     (N + T creates, C at a time, each at least k·L)
//   throttled ≥ floor((E·T − 1) / C) · k · L + k·L + R + k·L
//     the (E·T)-th create cannot arrive before floor((E·T − 1) / C) rounds of k·L have passed (at
//     most C in flight); it is answered 429 after k·L, and its group needs R and one more k·L
//   lowerBound = u · L + max(posting, throttled)
// Outlook's per-mailbox limit (4) adds no term: each group is a mailbox of its own, and a post is
// one request to it.

export interface BoundInputs {
  groups: number;
  concurrency: number;
  latencyMs: number;
  /** Graph requests on one post's critical path. */
  requestsPerPost: number;
  /** Graph requests before the first post, one after the other. */
  upfrontRequests: number;
  retryAfterMs: number;
  /** Every E-th create the sandbox receives is throttled… */
  throttleEvery: number;
  /** …T of them. */
  throttledCreates: number;
}

export interface Bound {
  lowerBoundMs: number;
  /** The derivation with the numbers in, for the printed line. */
  derivation: string;
}

export function lowerBound(b: BoundInputs): Bound {
  const { groups: n, concurrency: c, latencyMs: l, requestsPerPost: k, upfrontRequests: u, retryAfterMs: r } = b;
  const { throttleEvery: e, throttledCreates: t } = b;
  const post = k * l;
  const upfront = u * l;
  const posting = Math.ceil((n + t) / c) * post;
  const throttled = t > 0 ? Math.floor((e * t - 1) / c) * post + post + r + post : 0;
  const lower = upfront + Math.max(posting, throttled);
  const derivation =
    `u·L + max(ceil((N+T)/C)·k·L, floor((E·T−1)/C)·k·L + k·L + R + k·L) = ${u}·${l} + ` +
    `max(ceil(${n + t}/${c})·${k}·${l}, floor(${e * t - 1}/${c})·${k}·${l} + ${post} + ${r} + ${post}) = ` +
    `${upfront} + max(${posting}, ${throttled}) = ${lower} ms (N=${n} groups, C=${c} in flight, L=${l} ms, ` +
    `k=${k} request(s) per post, u=${u} before posting, every E=${e}th create throttled, T=${t} of them, ` +
    `R = Retry-After ${r} ms)`;
  return { lowerBoundMs: lower, derivation };
}
