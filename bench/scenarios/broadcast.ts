// Scenario "broadcast" (issue 15): one person posts one announcement to 100 groups from the 1:1
// chat's form. A sandbox of its own with Graph's latency (100 ms a request) and Outlook's
// per-mailbox limit (4), and a bot with the product's own queue (GRAPH_MAILBOX_CONCURRENCY 4) and
// BROADCAST_CONCURRENCY; the post limit is raised so that it cannot interfere. Every 10th create the
// sandbox receives (the 10th, 20th, …, 100th, whatever group it is for) is answered 429 Retry-After 1 s.
// The progress card's updates go to a loopback connector stub (the activity's serviceUrl).
// Measured: from sending the invoke to the summary card's arrival at the stub; then, from the
// sandbox's state, the groups with more than one conversation of the topic (duplicates) and with
// none (missed). The total is divided by the lower bound of broadcast-bound.ts.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { cardTitle } from '../../test/helpers/card-readers';
import { wordsCode } from '../built-code';
import { ALEX, broadcastBody, messageBody } from '../load/activities';
import { startConnectorStub } from '../load/connector-stub';
import { getJson, postJson } from '../load/http';
import { sandboxOrigin, startBot, startSandbox } from '../processes/start-processes';
import { type IpcChild, stopChild } from '../processes/supervisor';
import { BROADCAST } from '../settings';
import { type Summary, summary } from '../stats';
import { type Bound, lowerBound } from './broadcast-bound';
import { type BroadcastProfile, profileOf } from './broadcast-profile';

const { say } = wordsCode();
const CREATE = 'POST /groups/{id}/conversations';
/** Requests the bot makes before posting, one after the other: the listing and the people's resolution. */
const UPFRONT = /^GET \/(me\/memberOf|users)/;

export interface BroadcastRun {
  totalMs: number;
  /** The invoke answered with the progress card. */
  answeredMs: number;
  profile: BroadcastProfile;
  cardUpdates: number;
  duplicates: number;
  missed: number;
  bound: Bound;
  byRoute: Record<string, number>;
}

export interface BroadcastFigures {
  groups: number;
  /** Every E-th create the sandbox received was answered 429… */
  throttleEvery: number;
  /** …this many of them. */
  throttledCreates: number;
  totalMs: Summary;
  lowerBoundMs: number;
  ratioToLowerBound: Summary;
  duplicates: number;
  missed: number;
  answeredMs: Summary;
  /** The last group's first create sent (how long groups waited for one of the C places). */
  lastStartMs: Summary;
  lastPostMs: Summary;
  /** Summary card after the last post: the card's pacing (one update a second). */
  summaryAfterLastPostMs: Summary;
  /** A throttled group's 429 → its create sent again. */
  throttledWaitMs: Summary;
  answered429: Summary;
  cardUpdates: Summary;
  /** The first run's throttled group posted last, ms after the invoke was sent. */
  slowest: BroadcastProfile['slowest'];
  derivation: string;
  byRoute: Record<string, number>;
}

type Node = Record<string, unknown>;
type SandboxConversation = { groupId: string; topic: string };

const isSummaryOf = (total: number) => {
  const titles = new Set(Array.from({ length: total + 1 }, (_, posted) => say('broadcast.summary', { posted, total })));
  return (card: unknown) => titles.has(cardTitle(card) ?? '');
};

async function runOnce(origin: string, bot: IpcChild, groupIds: readonly string[], throttled: number) {
  const stub = await startConnectorStub();
  try {
    // One fault for all groups: every E-th create the sandbox receives, in the order they arrive.
    const fault = {
      method: 'POST',
      path: '/groups/[^/]+/conversations$',
      status: 429,
      retryAfter: BROADCAST.retryAfterSeconds,
      every: BROADCAST.throttleEvery,
      times: throttled
    };
    await postJson(`${origin}/_sandbox/faults`, fault);
    await postJson(`${origin}/_sandbox/stats/reset`, {});
    await bot.ask('graphLog', { on: true });
    const topic = `Bench broadcast ${randomUUID().slice(0, 8)}`;
    const draftId = randomUUID();
    const body = broadcastBody(ALEX, { groupIds, topic, draftId, serviceUrl: stub.serviceUrl });
    const [t0, wall0] = [performance.now(), Date.now()];
    const answer = JSON.parse(await postJson(`http://127.0.0.1:${bot.ready.port}/api/messages`, body)) as Node;
    const answeredMs = performance.now() - t0;
    if (cardTitle(answer.value) !== say('broadcast.posting', { total: groupIds.length }))
      throw new Error(`broadcast: not the progress card: ${JSON.stringify(answer).slice(0, 300)}`);
    const done = await stub.waitFor(isSummaryOf(groupIds.length), 60_000);
    const totalMs = done.at - t0;
    const { calls } = await bot.ask('graphLog', { on: false });

    const stats = (await getJson(`${origin}/_sandbox/stats`)) as { byRoute: Record<string, number> };
    const state = (await getJson(`${origin}/_sandbox/state`)) as { conversations: SandboxConversation[] };
    const ours = state.conversations.filter((c) => c.topic === topic);
    const perGroup = groupIds.map((id) => ours.filter((c) => c.groupId.toLowerCase() === id).length);
    if (stub.unexpected.length > 0) throw new Error(`broadcast: the connector stub got ${stub.unexpected.join(', ')}`);

    const creates = stats.byRoute[CREATE] ?? 0;
    const upfront = Object.entries(stats.byRoute).filter(([route]) => UPFRONT.test(route));
    const run: BroadcastRun = {
      totalMs,
      answeredMs,
      profile: profileOf(calls, wall0),
      cardUpdates: stub.updates.length,
      duplicates: perGroup.filter((n) => n > 1).length,
      missed: perGroup.filter((n) => n === 0).length,
      bound: lowerBound({
        groups: groupIds.length,
        concurrency: BROADCAST.concurrency,
        latencyMs: BROADCAST.latencyMs,
        // Each throttled create is sent again once; the others once.
        requestsPerPost: Math.round((creates - throttled) / groupIds.length),
        upfrontRequests: upfront.reduce((sum, [, n]) => sum + n, 0),
        retryAfterMs: BROADCAST.retryAfterSeconds * 1000,
        throttleEvery: BROADCAST.throttleEvery,
        throttledCreates: throttled
      }),
      byRoute: stats.byRoute
    };
    return run;
  } finally {
    await stub.close();
  }
}

export async function broadcast(): Promise<BroadcastFigures> {
  const sandbox = await startSandbox(
    { latencyMs: BROADCAST.latencyMs, mailboxConcurrency: BROADCAST.mailboxConcurrency },
    'broadcast-sandbox'
  );
  const bot = await startBot('broadcast', sandbox, undefined, {
    GRAPH_MAILBOX_CONCURRENCY: String(BROADCAST.mailboxConcurrency),
    BROADCAST_CONCURRENCY: String(BROADCAST.concurrency),
    BROADCAST_MAX_GROUPS: String(BROADCAST.groups)
  });
  try {
    const origin = sandboxOrigin(sandbox);
    const { groups } = JSON.parse(
      await postJson(`${origin}/_sandbox/groups`, {
        count: BROADCAST.groups,
        memberIds: [ALEX.aadObjectId],
        namePrefix: 'Broadcast'
      })
    ) as { groups: { id: string }[] };
    const groupIds = groups.map((g) => g.id.toLowerCase());
    const throttled = Math.floor(groupIds.length / BROADCAST.throttleEvery);
    const runs: BroadcastRun[] = [];
    for (let r = 0; r < BROADCAST.runs; r++) {
      // The person opens the form first, as before every Post: the group listing is warm. (Not
      // expectAnswer's check: with 100 groups and more the picker searches instead of listing them.)
      await postJson(`http://127.0.0.1:${bot.ready.port}/api/messages`, messageBody('new', ALEX));
      runs.push(await runOnce(origin, bot, groupIds, throttled));
    }
    const first = runs[0] as BroadcastRun;
    const of = (pick: (run: BroadcastRun) => number) => summary(runs.map(pick));
    const median = (pick: (run: BroadcastRun) => number) => of(pick).median;
    return {
      groups: groupIds.length,
      throttleEvery: BROADCAST.throttleEvery,
      throttledCreates: throttled,
      totalMs: of((x) => x.totalMs),
      lowerBoundMs: median((x) => x.bound.lowerBoundMs),
      ratioToLowerBound: of((x) => x.totalMs / x.bound.lowerBoundMs),
      duplicates: runs.reduce((sum, x) => sum + x.duplicates, 0),
      missed: runs.reduce((sum, x) => sum + x.missed, 0),
      answeredMs: of((x) => x.answeredMs),
      lastStartMs: of((x) => x.profile.lastStartMs),
      lastPostMs: of((x) => x.profile.lastPostMs),
      summaryAfterLastPostMs: of((x) => x.totalMs - x.profile.lastPostMs),
      throttledWaitMs: of((x) => x.profile.throttledWaitMs),
      answered429: of((x) => x.profile.answered429),
      cardUpdates: of((x) => x.cardUpdates),
      slowest: first.profile.slowest,
      derivation: first.bound.derivation,
      byRoute: first.byRoute
    };
  } finally {
    await stopChild(bot);
    await stopChild(sandbox);
  }
}
