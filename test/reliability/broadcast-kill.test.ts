// Reliability, issue 15: the bot process killed (SIGKILL) mid-broadcast and restarted on the same
// DATA_DIR. The bot runs as a real child process (test/helpers/fault-child-bot.ts: local mode,
// PLAYGROUND=0) against a Graph sandbox this test runs, with every create held back by a latency
// fault and BROADCAST_CONCURRENCY 2, so the kill surely lands with some groups posted, two in
// flight and the rest waiting. The restart finds the broadcast record and the draft ledger on disk,
// resumes by itself (BuiltBot.ready) and must end with exactly one conversation in every group:
// the ones posted before the kill are answered from the ledger, the ones in flight (their writes
// commit server-side after the kill) are found by the reconcile, the rest are posted once. The
// card updates go to a loopback connector stub (a real server: nock cannot see a child's
// requests), every one to the same activity, the last one the summary.
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
import { CURRENT_USER_ID, SEED, type GraphSandbox } from '../../src/sandbox';
import { say } from '../../src/core/words';
import type { Activity } from '../helpers/fixtures';

type Node = Record<string, any>;

const GROUPS = 12;
/** Each create is held this long by the sandbox: 12 groups, 2 at a time, take about 5 s. */
const CREATE_LATENCY_MS = 800;
const CREATE_ROUTE = 'POST /groups/{id}/conversations';
const ALEX = SEED.users.find((u) => u.id === CURRENT_USER_ID) as (typeof SEED.users)[number];
/** The invoke's replyToId: the progress card every update must replace. */
const CARD_ACTIVITY_ID = '1732700000002';

let sandbox: GraphSandbox;
let baseUrl: string;
let control: Control;
let connector: LoopbackConnector;
let dataDir: string;

beforeAll(async () => {
  ({ sandbox, baseUrl, control } = await startVariantSandbox());
  connector = await startLoopbackConnector();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'broadcast-kill-'));
});

afterAll(async () => {
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

const startBot = (): Promise<ChildBot> =>
  startChildBot({
    GRAPH_BASE_URL: baseUrl,
    DATA_DIR: dataDir,
    INVOKE_DEADLINE_MS: '12000',
    POSTS_PER_MINUTE: '10000',
    BROADCAST_CONCURRENCY: '2',
    LOG_LEVEL: 'info'
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

describe('Faults: the bot killed (SIGKILL) mid-broadcast and restarted on the same DATA_DIR', () => {
  it('resumes by itself: every group ends with exactly one conversation, the same card ends with the summary', async () => {
    const { groups } = (await control('POST', '/groups', { count: GROUPS, memberIds: [CURRENT_USER_ID] })) as {
      groups: { id: string; displayName: string }[];
    };
    const groupIds = groups.map((g) => g.id);
    // Latency only: a held create still commits when the bot that sent it is gone, as Graph does.
    await control('POST', '/faults', {
      method: 'POST',
      path: '^/v1\\.0/groups/[^/]+/conversations$',
      latencyMs: CREATE_LATENCY_MS,
      times: GROUPS * 2
    });
    const topic = `Broadcast kill ${randomUUID().slice(0, 8)}`;
    const draftId = randomUUID();
    const invoke = cardAction(
      'createConversation',
      { draftId, groupId: groupIds.join(','), topic, body: 'Town hall on Friday.', participants: '', otherEmails: '' },
      (a: Activity) => {
        a.from.aadObjectId = CURRENT_USER_ID;
        a.from.name = ALEX.displayName;
        a.serviceUrl = connector.serviceUrl;
        a.replyToId = CARD_ACTIVITY_ID;
      }
    );

    const first = await startBot();
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

    // Mid-way: some groups posted, not all (two at a time, each create held 800 ms).
    await waitFor('a few groups to be posted', async () => sum(await conversationsByGroup(groupIds, topic)) >= 3);
    await first.kill('SIGKILL');
    const killedAt = sum(await conversationsByGroup(groupIds, topic));
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(GROUPS);
    const updatesBeforeKill = connector.calls.length;
    // The creates in flight at the kill still commit (the sandbox holds them, then writes): let them
    // land before the restart looks for them, as RECONCILE_GRACE_MS would in production.
    await sleep(CREATE_LATENCY_MS + 500);
    const landed = sum(await conversationsByGroup(groupIds, topic));
    expect(landed).toBeLessThan(GROUPS);

    const restarted = await startBot();
    const summary = await waitFor(
      'the summary card after the restart',
      async () => connector.calls.slice(updatesBeforeKill).find((c) => isSummary(c.card))?.card,
      30_000
    );
    // Nothing more after the summary: the run is over (the last card is the summary).
    await sleep(1500);
    const output = restarted.output();
    await restarted.kill('SIGTERM');

    expect(output).toContain('resuming broadcasts the last stop interrupted');
    // Exactly one conversation in every group, and one create per group in all: the groups posted
    // before the kill were not sent again, the ones in flight were found instead of re-posted.
    expect(await conversationsByGroup(groupIds, topic)).toEqual(groupIds.map(() => 1));
    expect(await creates()).toBe(GROUPS);

    // The card: every update replaced the invoke's card in the 1:1 chat, before and after the restart.
    expect(connector.calls.length).toBeGreaterThan(updatesBeforeKill);
    for (const call of connector.calls) {
      expect(call).toMatchObject({
        method: 'PUT',
        activityId: CARD_ACTIVITY_ID,
        conversationId: invoke.conversation.id
      });
    }
    const last = connector.calls.at(-1)?.card as Node;
    expect(last).toEqual(summary);
    assertValidCard(last);
    expect(last.body[0].text).toBe(say('broadcast.summary', { posted: GROUPS, total: GROUPS }));
    const lines = cardTexts(last);
    for (const g of groups) expect(lines.some((l) => l.includes(g.displayName))).toBe(true);
    expect(lines.filter((l) => l.includes(say('button.openInOutlook')))).toHaveLength(GROUPS);
    // eslint-disable-next-line no-console
    console.log(
      `broadcast killed mid-way: ${killedAt} of ${GROUPS} groups posted at the kill, ${landed} once the in-flight ` +
        `creates landed; after the restart ${GROUPS} of ${GROUPS}, ${await creates()} creates, ` +
        `${connector.calls.length - updatesBeforeKill} card update(s) after the restart`
    );
  }, 90_000);
});
