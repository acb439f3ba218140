// Reliability, issue 15: the bot process killed (SIGKILL) mid-broadcast and restarted on the same
// DATA_DIR. The bot runs as a real child process (test/helpers/fault-child-bot.ts: local mode,
// PLAYGROUND=0) against a Graph sandbox this test runs, with every create held back by a latency
// fault and BROADCAST_CONCURRENCY 2, so the kill surely lands with some groups posted, two in
// flight and the rest waiting. The restart finds the broadcast record and the draft ledger on disk,
// resumes by itself (BuiltBot.ready) and must end with exactly one conversation in every group:
// the ones posted before the kill are answered from the ledger, the ones in flight (their writes
// commit server-side after the kill) are found by the reconcile, the rest are posted once; also
// when the restart comes before those writes land (RECONCILE_GRACE_MS: shown checking, looked at
// again). The card updates go to a loopback connector stub (a real server: nock cannot see a
// child's requests), every one to the same activity, the last one the summary.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startChildBot, killAllChildBots, type ChildBot } from '../helpers/fault-child-bot';
import { startLoopbackConnector, type LoopbackConnector } from '../helpers/loopback-connector';
import { startVariantSandbox, type Control } from '../helpers/sandbox-control';
import { cardAction } from '../helpers/conversation-nock';
import { assertValidCard } from '../helpers/card-schema';
import { cardTexts } from '../helpers/card-readers';
import { recordFigures } from '../helpers/reliability-figures';
import { CURRENT_USER_ID, SEED, type GraphSandbox } from '../../src/sandbox';
import { say } from '../../src/core/words';
import type { Activity } from '../helpers/fixtures';

type Node = Record<string, any>;

const GROUPS = 12;
/** Each create is held this long by the sandbox: 12 groups, 2 at a time, take about 5 s. */
const CREATE_LATENCY_MS = 800;
const CREATE_ROUTE = 'POST /groups/{id}/conversations';
const CREATE_PATH = '^/v1\\.0/groups/[^/]+/conversations$';
/**
 * The second scenario: two creates held far longer than a restart takes (5-7 s here under tsx), and
 * the bots' RECONCILE_GRACE_MS longer than that, as in production (15 s): with a grace of 0 the
 * restarted bot finds nothing, posts both again, and the sandbox receives 14 creates (checked once).
 */
const HELD_MS = 15_000;
const GRACE_MS = 16_000;
const ALEX = SEED.users.find((u) => u.id === CURRENT_USER_ID) as (typeof SEED.users)[number];
/** The invoke's replyToId: the progress card every update must replace. */
const CARD_ACTIVITY_ID = '1732700000002';

let sandbox: GraphSandbox;
let baseUrl: string;
let control: Control;
let connector: LoopbackConnector;
let dataDir: string;
/** For the reliability summary line (test/helpers/reliability-reporter.js). */
const figures = { kills: 0, groups: 0, duplicates: 0, lost: 0 };

beforeAll(async () => {
  ({ sandbox, baseUrl, control } = await startVariantSandbox());
  connector = await startLoopbackConnector();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'broadcast-kill-'));
});

afterAll(async () => {
  // Whatever happened: a scenario that failed part-way still shows in the summary line.
  recordFigures('broadcast-kill', figures);
  await killAllChildBots();
  await connector?.close();
  await sandbox?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const startBot = (env: Record<string, string>): Promise<ChildBot> =>
  startChildBot({
    GRAPH_BASE_URL: baseUrl,
    DATA_DIR: dataDir,
    INVOKE_DEADLINE_MS: '12000',
    POSTS_PER_MINUTE: '10000',
    BROADCAST_CONCURRENCY: '2',
    ...env
  });

/** How many conversations with `topic` each group holds (the sandbox's state is the truth). */
async function conversationsByGroup(groupIds: string[], topic: string): Promise<number[]> {
  const { conversations } = (await control('GET', '/state')) as { conversations: Node[] };
  return groupIds.map((id) => conversations.filter((c) => c.groupId === id && c.topic === topic).length);
}

const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
const creates = async (): Promise<number> =>
  ((await control('GET', '/stats')).byRoute[CREATE_ROUTE] as number | undefined) ?? 0;
const isSummary = (card: Node | undefined) =>
  typeof card?.body?.[0]?.text === 'string' && card.body[0].text.startsWith('Posted to');

interface KillScenario {
  /** Faults for this scenario, armed before the latency every create gets (so met first). */
  arm?: (groupIds: string[]) => Promise<void>;
  /** Whether to kill now, given the conversations stored and the creates the sandbox received. */
  killWhen: (posted: number, received: number) => boolean;
  /** Between the kill and the restart. */
  beforeRestart?: () => Promise<void>;
  /** The bots' RECONCILE_GRACE_MS. */
  graceMs: number;
  /** How long the restarted bot may take to reach the summary. */
  summaryWithinMs: number;
}

interface KillOutcome {
  groups: { id: string; displayName: string }[];
  killedAt: number;
  /** The cards the connector received after the restart, in order. */
  afterRestart: Node[];
}

/**
 * Starts a broadcast to GROUPS new groups on a child bot, SIGKILLs it when `killWhen` says, restarts
 * it on the same DATA_DIR and waits for the summary; checks what every scenario must end with.
 */
async function killMidBroadcast(scenario: KillScenario): Promise<KillOutcome> {
  const { groups } = (await control('POST', '/groups', { count: GROUPS, memberIds: [CURRENT_USER_ID] })) as {
    groups: { id: string; displayName: string }[];
  };
  const groupIds = groups.map((g) => g.id.toLowerCase());
  await control('DELETE', '/faults');
  await scenario.arm?.(groupIds);
  // Latency only: a held create still commits when the bot that sent it is gone, as Graph does.
  await control('POST', '/faults', { method: 'POST', path: CREATE_PATH, latencyMs: CREATE_LATENCY_MS, times: 100 });
  await control('POST', '/stats/reset');
  connector.calls.splice(0);
  const topic = `Broadcast kill ${randomUUID().slice(0, 8)}`;
  const invoke = cardAction(
    'createConversation',
    {
      draftId: randomUUID(),
      groupId: groupIds.join(','),
      topic,
      body: 'Town hall on Friday.',
      participants: '',
      otherEmails: ''
    },
    (a: Activity) => {
      a.from.aadObjectId = CURRENT_USER_ID;
      a.from.name = ALEX.displayName;
      a.serviceUrl = connector.serviceUrl;
      a.replyToId = CARD_ACTIVITY_ID;
    }
  );
  const env = { RECONCILE_GRACE_MS: String(scenario.graceMs) };

  const first = await startBot(env);
  const res = await fetch(`${first.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(invoke),
    signal: AbortSignal.timeout(15_000)
  });
  const answer = (await res.json()) as Node;
  expect(res.status).toBe(200);
  expect(answer).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  expect(answer.value.body[0].text).toBe(say('broadcast.posting', { total: GROUPS }));

  await waitFor('the moment to kill the bot', async () =>
    scenario.killWhen(sum(await conversationsByGroup(groupIds, topic)), await creates())
  );
  await first.kill('SIGKILL');
  const killedAt = sum(await conversationsByGroup(groupIds, topic));
  expect(killedAt).toBeGreaterThan(0);
  expect(killedAt).toBeLessThan(GROUPS);
  const beforeKill = connector.calls.length;
  await scenario.beforeRestart?.();

  const restarted = await startBot(env);
  await waitFor(
    'the summary card after the restart',
    async () => connector.calls.slice(beforeKill).some((c) => isSummary(c.card)),
    scenario.summaryWithinMs
  );
  // Anything still to come after the summary would show here (the last card must be the summary).
  await sleep(1500);
  const output = restarted.output();
  await restarted.kill('SIGTERM');

  expect(output).toContain('resuming broadcasts the last stop interrupted');
  // Exactly one conversation in every group, and one create per group in all: the groups posted
  // before the kill were not sent again, the ones in flight were found instead of re-posted.
  const stored = await conversationsByGroup(groupIds, topic);
  figures.kills += 1;
  figures.groups += GROUPS;
  figures.duplicates += sum(stored.map((n) => Math.max(0, n - 1)));
  figures.lost += stored.filter((n) => n === 0).length;
  expect(stored).toEqual(groupIds.map(() => 1));
  expect(await creates()).toBe(GROUPS);

  // Every update replaced the invoke's card in the 1:1 chat, before and after the restart.
  expect(connector.calls.length).toBeGreaterThan(beforeKill);
  for (const call of connector.calls)
    expect(call).toMatchObject({ method: 'PUT', activityId: CARD_ACTIVITY_ID, conversationId: invoke.conversation.id });
  const last = connector.calls.at(-1)?.card as Node;
  assertValidCard(last);
  expect(last.body[0].text).toBe(say('broadcast.summary', { posted: GROUPS, total: GROUPS }));
  const lines = cardTexts(last);
  for (const g of groups) expect(lines.some((l) => l.includes(g.displayName))).toBe(true);
  expect(lines.filter((l) => l.includes(say('button.openInOutlook')))).toHaveLength(GROUPS);
  return { groups, killedAt, afterRestart: connector.calls.slice(beforeKill).map((c) => c.card as Node) };
}

describe('Faults: the bot killed (SIGKILL) mid-broadcast and restarted on the same DATA_DIR', () => {
  it('in-flight creates land before the restart → resumed: one conversation per group, the summary', async () => {
    let landed = 0;
    const { killedAt, afterRestart } = await killMidBroadcast({
      // Two at a time, each create held 800 ms: a few posted, two in flight, the rest waiting.
      killWhen: (posted) => posted >= 3,
      beforeRestart: async () => {
        // The creates in flight still commit (the sandbox holds them, then writes): they land
        // before the restarted bot looks for them.
        await sleep(CREATE_LATENCY_MS + 500);
        landed = await creates();
      },
      graceMs: 0,
      summaryWithinMs: 30_000
    });
    expect(landed).toBeLessThan(GROUPS);
    // eslint-disable-next-line no-console
    console.log(
      `broadcast killed mid-way: ${killedAt} of ${GROUPS} posted at the kill, ${landed} creates sent; ` +
        `resumed to ${GROUPS} of ${GROUPS} with ${afterRestart.length} card update(s) after the restart`
    );
  }, 90_000);

  it('restarted while two creates are still held by Graph → shown checking, found by the look after the grace: ' +
    'one conversation per group, the summary', async () => {
    const { killedAt, afterRestart } = await killMidBroadcast({
      // Groups 5 and 6 (taken in order, two at a time) are held far longer than a restart takes:
      // the restarted bot must not see them as absent and post them again.
      arm: async (groupIds) => {
        for (const id of groupIds.slice(4, 6))
          await control('POST', '/faults', {
            method: 'POST',
            path: `^/v1\\.0/groups/${id}/conversations$`,
            latencyMs: HELD_MS
          });
      },
      killWhen: (posted, received) => posted === 4 && received === 6,
      graceMs: GRACE_MS,
      summaryWithinMs: HELD_MS + GRACE_MS + 20_000
    });
    expect(killedAt).toBe(4);
    const checking = say('broadcast.state.checking');
    expect(afterRestart.some((card) => cardTexts(card).some((l) => l.includes(checking)))).toBe(true);
  }, 90_000);
});
