// The broadcaster with fakes (Graph, tokens, the card's connector) and the real SQLite stores:
// a resumed broadcast posts only the groups that have no post yet, as the person, and ends with
// the summary on the same card; without a token for the person (Teams mode after a restart: msal's
// cache is in memory) the groups left say "Sign-in needed" and Retry the failed ones takes over;
// a card that had no activity id is sent once, and later updates replace that message.
import { createGroupDirectory } from '../../../src/core/group-directory';
import type { GraphClient, GroupSummary } from '../../../src/graph/graph-client';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteDraftLedger } from '../../../src/storage/sqlite-draft-ledger';
import { createSqliteBroadcastStore } from '../../../src/storage/sqlite-broadcast-store';
import type { BroadcastRecord } from '../../../src/storage/broadcast-store';
import { createBroadcaster, type CardSpot } from '../../../src/teams/broadcast/broadcaster';
import type { TokenProvider } from '../../../src/auth/token-provider';
import { createLogger } from '../../../src/logger';
import { describeError } from '../../../src/core/describe-error';
import { AppError } from '../../../src/core/errors';
import { say } from '../../../src/core/words';
import { createTokenSeal, type TokenSeal } from '../../../src/auth/token-seal';

const ALICE = 'a11ce000-0000-4000-8000-00000000a11c';
const GROUPS: GroupSummary[] = Array.from({ length: 4 }, (_, i) => ({
  id: `c0ffee00-0000-4000-8000-00000000000${i}`,
  displayName: `Group ${i}`,
  mail: `group${i}@contoso.test`,
  visibility: 'Private'
}));

function setup(token: string | undefined, seal?: TokenSeal, now = Date.now) {
  const creates: { token: string; groupId: string }[] = [];
  const graph = {
    getGroup: async (_t: string, id: string) => GROUPS.find((g) => g.id === id) as GroupSummary,
    createConversation: async (t: string, groupId: string) => {
      creates.push({ token: t, groupId });
      return { conversationId: `conv-${groupId}`, threadId: `thread-${groupId}` };
    }
  } as unknown as GraphClient;
  const db = openDatabase(undefined, 'test');
  const store = createSqliteBroadcastStore(db);
  const cards: { spot: CardSpot; card: any }[] = [];
  const tokens: TokenProvider = {
    getCachedToken: async () => token,
    exchange: async () => 'unused',
    signOut: async () => undefined
  };
  const broadcaster = createBroadcaster({
    graph,
    groups: createGroupDirectory(graph, Date.now),
    ledger: createSqliteDraftLedger(db),
    now,
    reconcileGraceMs: 0,
    logger: createLogger('silent'),
    store,
    tokens,
    settings: {
      concurrency: 2,
      maxGroups: 100,
      confirmAbove: 20,
      keepMs: 3_600_000,
      updateEveryMs: 0,
      summaryGapMs: 0
    },
    updateCard: async (spot, card) => {
      cards.push({ spot, card });
      return spot.activityId ? undefined : 'sent-activity-1';
    },
    schedule: (_ms, task) => void task(),
    sleep: async () => undefined,
    seal
  });
  return { broadcaster, store, creates, cards };
}

/** A broadcast the last process left mid-way: group 0 posted, 1 in flight, 2 and 3 waiting. */
function interrupted(activityId?: string): BroadcastRecord {
  return {
    broadcastId: 'd0000000-0000-4000-8000-00000000b0b0',
    userId: ALICE,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    card: { reference: { conversation: { id: 'a:1personal-chat-alice' } }, ...(activityId ? { activityId } : {}) },
    draft: { topic: 'Office closed', body: 'Closed on Friday.', participants: [] },
    groups: GROUPS.map((g, i) => ({
      groupId: g.id,
      groupName: g.displayName,
      state: i === 0 ? 'posted' : i === 1 ? 'posting' : 'waiting',
      ...(i === 0 ? { conversationId: 'conv-earlier' } : {})
    })),
    status: 'running'
  };
}

describe('broadcaster', () => {
  it('resumes an interrupted broadcast: posts only the groups without a post, and ends with the summary', async () => {
    const t = setup('sandbox.alice-token');
    await t.store.create(interrupted('card-1'));
    expect(await t.broadcaster.resumeUnfinished()).toBe(1);
    await t.broadcaster.idle();

    expect(t.creates).toEqual(
      GROUPS.slice(1)
        .map((g) => ({ token: 'sandbox.alice-token', groupId: g.id }))
        .sort((a, b) => a.groupId.localeCompare(b.groupId))
    );
    const last = t.cards.at(-1);
    expect(last?.spot.activityId).toBe('card-1');
    expect(last?.card.body[0].text).toBe(say('broadcast.summary', { posted: 4, total: 4 }));
    expect((await t.store.get(interrupted().broadcastId))?.status).toBe('settled');
    expect(await t.broadcaster.resumeUnfinished()).toBe(0);
  });

  it('no token for the person after a restart: nothing posted, the groups left say sign-in is needed', async () => {
    const t = setup(undefined);
    await t.store.create(interrupted('card-1'));
    await t.broadcaster.resumeUnfinished();
    await t.broadcaster.idle();

    expect(t.creates).toEqual([]);
    const saved = await t.store.get(interrupted().broadcastId);
    expect(saved?.status).toBe('settled');
    expect(saved?.groups.map((g) => [g.state, g.errorCode])).toEqual([
      ['posted', undefined],
      ['failed', 'sign_in_required'],
      ['failed', 'sign_in_required'],
      ['failed', 'sign_in_required']
    ]);
    const texts = JSON.stringify(t.cards.at(-1)?.card);
    expect(texts).toContain(describeError(new AppError('sign_in_required', 'x'), 'post').title);
    expect(texts).toContain('retryBroadcast');
  });

  it('a card without an activity id is sent once; the following updates replace that message', async () => {
    const t = setup('sandbox.alice-token');
    const record = interrupted();
    await t.store.create(record);
    t.broadcaster.run(record);
    await t.broadcaster.idle();

    expect(t.cards[0]?.spot.activityId).toBeUndefined();
    expect(t.cards.slice(1).map((c) => c.spot.activityId)).toEqual(t.cards.slice(1).map(() => 'sent-activity-1'));
    expect(t.cards.length).toBeGreaterThan(1);
    expect((await t.store.get(record.broadcastId))?.card.activityId).toBe('sent-activity-1');
  });

  it('runs one broadcast once at a time: a second run while it runs does nothing', async () => {
    const t = setup('sandbox.alice-token');
    const record = interrupted('card-1');
    await t.store.create(record);
    t.broadcaster.run(record);
    expect(t.broadcaster.isRunning(record.broadcastId.toUpperCase())).toBe(true);
    t.broadcaster.run(record);
    await t.broadcaster.idle();
    expect(t.creates).toHaveLength(3);
  });

  describe('after a restart in Teams mode (no token in memory): the sealed token in the record', () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwtUntil = (expMs: number) =>
      `${part({ alg: 'RS256' })}.${part({ oid: ALICE, exp: Math.floor(expMs / 1000) })}.signature`;

    it('resumes as the person with it, and the settled record keeps no token', async () => {
      const seal = createTokenSeal('bot-client-secret');
      const t = setup(undefined, seal);
      const token = jwtUntil(Date.now() + 3_600_000);
      const record = t.broadcaster.withToken(interrupted('card-1'), token);
      expect(record.sealedToken).toBeDefined();
      expect(JSON.stringify(record)).not.toContain(token);
      await t.store.create(record);
      await t.broadcaster.resumeUnfinished();
      await t.broadcaster.idle();

      expect(t.creates.map((c) => c.token)).toEqual([token, token, token]);
      const saved = await t.store.get(record.broadcastId);
      expect(saved?.status).toBe('settled');
      expect(saved?.sealedToken).toBeUndefined();
    });

    it('an expired one (or one sealed with a rotated secret) is not used: sign-in needed, nothing posted', async () => {
      const expired = setup(undefined, createTokenSeal('bot-client-secret'));
      await expired.store.create(expired.broadcaster.withToken(interrupted('card-1'), jwtUntil(Date.now() + 30_000)));
      const rotated = setup(undefined, createTokenSeal('new-secret'));
      const sealedBefore = createTokenSeal('bot-client-secret').seal(jwtUntil(Date.now() + 3_600_000), 'x');
      await rotated.store.create({ ...interrupted('card-1'), sealedToken: sealedBefore });
      for (const t of [expired, rotated]) {
        await t.broadcaster.resumeUnfinished();
        await t.broadcaster.idle();
        expect(t.creates).toEqual([]);
        const saved = await t.store.get(interrupted().broadcastId);
        expect(saved?.groups.filter((g) => g.errorCode === 'sign_in_required')).toHaveLength(3);
      }
    });
  });
});
