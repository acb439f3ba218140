// runBroadcast against a fake GraphClient: each group posted once as the person, at most
// `concurrency` in flight, a group's failure never stopping the others, 5xx as "checking", and
// the same broadcast run again (a second click, a restart, Retry the failed ones) posting only
// to the groups that have no post yet. A throttled group waits out its Retry-After in the queue,
// while its worker posts the others.
import { GraphRequestError } from '../../../src/core/errors';
import { createGroupDirectory } from '../../../src/core/group-directory';
import { groupDraftId } from '../../../src/core/broadcast-plan';
import { runBroadcast, type Broadcast, type BroadcastDeps, type GroupOutcome } from '../../../src/core/run-broadcast';
import type { GraphClient, GroupSummary } from '../../../src/graph/graph-client';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteDraftLedger } from '../../../src/storage/sqlite-draft-ledger';

const ALICE = 'a11ce000-0000-4000-8000-00000000a11c';
const TOKEN = 'alice-graph-token';
const GROUPS: GroupSummary[] = Array.from({ length: 10 }, (_, i) => ({
  id: `c0ffee00-0000-4000-8000-00000000000${i}`,
  displayName: `Group ${i}`,
  mail: `group${i}@contoso.test`,
  visibility: 'Private'
}));
const BROADCAST_ID = 'd0000000-0000-4000-8000-00000000b0b0';

/** How each group's create answers: ok, or a Graph error (by group index). */
type Answer = 'ok' | 403 | 429 | 503;

/** `clock`: a fake time that each create advances by `createMs`, and sleeps by what they wait. */
function setup(answers: (i: number) => Answer, clock?: { createMs: number }) {
  let now = 0;
  const sleeps: number[] = [];
  const creates: string[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const graph = {
    async listMyGroups() {
      return GROUPS;
    },
    async getGroup(_t: string, id: string) {
      return GROUPS.find((g) => g.id === id) as GroupSummary;
    },
    async resolveUsers() {
      return [];
    },
    async createConversation(token: string, groupId: string) {
      expect(token).toBe(TOKEN);
      creates.push(groupId);
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      if (clock) now += clock.createMs;
      else await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      const answer = answers(GROUPS.findIndex((g) => g.id === groupId));
      if (answer === 429) throw new GraphRequestError('throttled', { status: 429, retryAfterSeconds: 1 });
      if (answer === 403) throw new GraphRequestError('access_denied', { status: 403, graphCode: 'ErrorAccessDenied' });
      if (answer === 503) throw new GraphRequestError('graph_unavailable', { status: 503 });
      return { conversationId: `conv-${groupId}`, threadId: `thread-${groupId}` };
    },
    // The look after a 503: nothing visible, so the outcome stays unknown ("checking").
    async getMe() {
      return { id: ALICE, displayName: 'Alice Wong', address: 'alice@contoso.test' };
    },
    async listConversations() {
      return { conversations: [], orderedByDelivery: false };
    },
    getConversationThreadId: () => Promise.reject(new Error('not expected')),
    listThreadPosts: () => Promise.reject(new Error('not expected')),
    replyToThread: () => Promise.reject(new Error('not expected'))
  } as unknown as GraphClient;
  const ledger = createSqliteDraftLedger(openDatabase(undefined, 'test'));
  const time = clock ? () => now : Date.now;
  const deps: BroadcastDeps = {
    graph,
    groups: createGroupDirectory(graph, time),
    ledger,
    now: time,
    concurrency: clock ? 1 : 3,
    // The Graph client's own policy (no jitter here): up to 4 attempts, 4 s of waiting in all.
    ...(clock && {
      retryThrottled: {
        maxAttempts: 4,
        maxTotalWaitMs: 4000,
        baseDelayMs: 250,
        random: () => 0,
        sleep: async (ms: number) => {
          sleeps.push(ms);
          now += ms;
        }
      }
    })
  };
  return { deps, ledger, creates, sleeps, mostInFlight: () => mostInFlight };
}

const index = (groupId: string) => GROUPS.findIndex((g) => g.id === groupId);

const broadcast = (groupIds = GROUPS.map((g) => g.id)): Broadcast => ({
  broadcastId: BROADCAST_ID,
  userId: ALICE,
  token: TOKEN,
  draft: {
    topic: 'Office closed Friday',
    body: 'The office is closed on Friday.',
    participantIds: [],
    otherEmails: []
  },
  groupIds
});

describe('runBroadcast', () => {
  it('posts to each group once, as the person, at most `concurrency` at a time, in the order given', async () => {
    const t = setup(() => 'ok');
    const heard: GroupOutcome[] = [];

    const outcomes = await runBroadcast(t.deps, broadcast(), (o) => heard.push(o));

    expect(outcomes.map((o) => [o.groupId, o.state, o.repeated])).toEqual(GROUPS.map((g) => [g.id, 'posted', false]));
    expect(outcomes[4]?.posted).toMatchObject({ groupName: 'Group 4', conversationId: `conv-${GROUPS[4]?.id}` });
    expect([...t.creates].sort()).toEqual(GROUPS.map((g) => g.id).sort());
    expect(t.mostInFlight()).toBe(3);
    expect(heard).toHaveLength(10);
    // Each group is its own draft in the ledger, under the key the broadcast and the group derive.
    const record = await t.ledger.get(`${ALICE}:${groupDraftId(BROADCAST_ID, GROUPS[7]?.id as string)}`);
    expect(record?.state).toBe('posted');
  });

  it('a 403 fails that group only; a 503 is "checking"; the rest are posted', async () => {
    const t = setup((i) => (i === 2 ? 403 : i === 5 ? 503 : 'ok'));

    const outcomes = await runBroadcast(t.deps, broadcast());

    expect(outcomes.map((o) => o.state)).toEqual([
      'posted',
      'posted',
      'failed',
      'posted',
      'posted',
      'checking',
      'posted',
      'posted',
      'posted',
      'posted'
    ]);
    expect(outcomes[2]?.error).toMatchObject({ code: 'access_denied' });
    expect(outcomes[5]?.error).toMatchObject({ code: 'post_status_unknown' });
  });

  it('run again (a second click, a restart, Retry the failed ones): nothing posted twice', async () => {
    let failing = true;
    const t = setup((i) => (i === 2 && failing ? 403 : 'ok'));
    await runBroadcast(t.deps, broadcast());
    expect(t.creates).toHaveLength(10);

    failing = false; // the person was given access meanwhile
    const again = await runBroadcast(t.deps, broadcast());

    expect(again.every((o) => o.state === 'posted')).toBe(true);
    expect(again.filter((o) => !o.repeated).map((o) => o.groupId)).toEqual([GROUPS[2]?.id]);
    // One more create in all: the group that had failed.
    expect(t.creates).toHaveLength(11);
    expect(t.creates.filter((g) => g === GROUPS[2]?.id)).toHaveLength(2);
  });

  it('the same broadcast delivered twice at the same moment posts once per group', async () => {
    const t = setup(() => 'ok');
    const [first, second] = await Promise.all([runBroadcast(t.deps, broadcast()), runBroadcast(t.deps, broadcast())]);
    expect(t.creates).toHaveLength(10);
    expect(new Set(t.creates).size).toBe(10);
    // Each group posted by one delivery; the other was told the truth: posted (a repeat), or
    // "checking" while the first was still posting it. Never "failed".
    for (const [i, o] of second.entries()) {
      const other = first[i] as GroupOutcome;
      expect([o.state, other.state]).toContain('posted');
      expect([o.state, other.state]).not.toContain('failed');
    }
  });

  it('a throttled group waits out Retry-After in the queue: its worker posts the others meanwhile', async () => {
    // One worker, each create 300 ms: group 0 throttled once (Retry-After 1 s) at 300 ms is due
    // again at 1300 ms; groups 1–3 are posted by then, group 4 is under way, and group 0 goes
    // before group 5 (a group whose wait is over comes first).
    let throttledOnce = false;
    const t = setup(
      (i) => {
        if (i !== 0 || throttledOnce) return 'ok';
        throttledOnce = true;
        return 429;
      },
      { createMs: 300 }
    );
    const heard: GroupOutcome[] = [];

    const outcomes = await runBroadcast(t.deps, broadcast(), (o) => heard.push(o));

    expect(outcomes.every((o) => o.state === 'posted')).toBe(true);
    expect(t.creates.map(index)).toEqual([0, 1, 2, 3, 4, 0, 5, 6, 7, 8, 9]);
    // Nobody slept: the worker was busy with other groups while group 0 waited.
    expect(t.sleeps).toEqual([]);
    expect(heard.map((o) => index(o.groupId))).toEqual([1, 2, 3, 4, 0, 5, 6, 7, 8, 9]);
  });

  it('when only throttled groups are left, the worker sleeps until the first is due; the budget ends it', async () => {
    // Group 9 is throttled every time: tried 4 times (the policy's maxAttempts), 3 waits of 1 s.
    const t = setup((i) => (i === 9 ? 429 : 'ok'), { createMs: 300 });

    const outcomes = await runBroadcast(t.deps, broadcast());

    expect(outcomes.slice(0, 9).every((o) => o.state === 'posted')).toBe(true);
    expect(outcomes[9]).toMatchObject({ state: 'failed', error: { code: 'throttled' } });
    expect(t.creates.filter((g) => index(g) === 9)).toHaveLength(4);
    expect(t.sleeps).toEqual([1000, 1000, 1000]);
  });
});
