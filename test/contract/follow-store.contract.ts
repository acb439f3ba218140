// What every FollowStore must do (SQLite, Blob): one active follow per channel and group however
// many press Follow at once, found again by id, by its subscription (whatever the id's case), by
// channel and when due for renewal; put replaces and never creates; the thread cards and the sweep.
// Run by test/integration/storage-contracts.test.ts.
import type { FollowRecord, FollowStore, ThreadCard } from '../../src/storage/follow-store';

/** A fresh store; `twice` gives two stores of one state (two instances, or two connections). */
export type MakeFollowStore = () => Promise<FollowStore>;
export type MakeTwoFollowStores = () => Promise<[FollowStore, FollowStore]>;

const T0 = 1_800_000_000_000;
const CHANNEL = '19:abc@thread.tacv2';
const GROUP = 'c0ffee00-0000-4000-8000-000000000001';

export function followRecord(n: number, changes: Partial<FollowRecord> = {}): FollowRecord {
  return {
    followId: `f${n}-6a1d2c1e-5b8f-4d0e-9a3c`,
    channelId: CHANNEL,
    groupId: GROUP,
    groupName: `Group \uD800 ${n}`,
    groupMail: 'group@contoso.example',
    follower: { aadObjectId: 'a11ce000-0000-4000-8000-00000000a11c', name: 'Alex', tenantId: 'tenant-1' },
    reference: { conversation: { id: CHANNEL }, serviceUrl: 'https://smba.example/' },
    subscriptionId: `5ub00000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    clientState: 'secret-state',
    expiresAt: T0 + 3 * 86_400_000,
    renewAt: T0 + 2 * 86_400_000,
    lastSeenAt: T0,
    createdAt: T0 + n,
    updatedAt: T0 + n,
    status: 'active',
    ...changes
  };
}

function card(followId: string, threadId: string, lastDeliveredAt: number): ThreadCard {
  return { followId, threadId, conversationId: 'conv-1', postsAtStart: 1, postsSeen: 3, lastDeliveredAt };
}

const idsOf = (records: FollowRecord[]) => records.map((r) => r.followId);

export function describeFollowStoreContract(name: string, make: MakeFollowStore, twice: MakeTwoFollowStores): void {
  describe(`follow store contract: ${name}`, () => {
    it('creates a follow once; a second active follow of the channel and group is refused, unchanged', async () => {
      const store = await make();
      expect(await store.create(followRecord(1))).toBe(true);
      expect(await store.get(followRecord(1).followId)).toEqual(followRecord(1));
      expect(await store.create(followRecord(2, { groupName: 'other' }))).toBe(false);
      expect(await store.get(followRecord(2).followId)).toBeUndefined();
      expect(await store.create(followRecord(1, { groupName: 'again' }))).toBe(false);
      expect(await store.get(followRecord(1).followId)).toEqual(followRecord(1));
      // Another group, or another channel: a follow of its own.
      expect(await store.create(followRecord(3, { groupId: 'c0ffee00-0000-4000-8000-000000000003' }))).toBe(true);
      expect(await store.create(followRecord(4, { channelId: '19:other@thread.tacv2' }))).toBe(true);
      expect(await store.get('no-such-follow')).toBeUndefined();
    });

    it('makes one follow of two creates at once, from two instances', async () => {
      const [a, b] = await twice();
      const answers = await Promise.all([a.create(followRecord(1)), b.create(followRecord(2))]);
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(await a.ofChannel(CHANNEL)).toHaveLength(1);
      expect(await b.ofChannel(CHANNEL)).toEqual(await a.ofChannel(CHANNEL));
    });

    it('finds a follow by its subscription whatever the case, active or stopped', async () => {
      const store = await make();
      await store.create(followRecord(1));
      const id = followRecord(1).subscriptionId as string;
      expect((await store.bySubscription(id.toUpperCase()))?.followId).toBe(followRecord(1).followId);
      await store.put(followRecord(1, { status: 'stopped', stoppedReason: 'group_gone', updatedAt: T0 + 9 }));
      expect((await store.bySubscription(id))?.status).toBe('stopped');
      expect(await store.bySubscription('5ub00000-0000-4000-8000-999999999999')).toBeUndefined();
    });

    it('finds a subscription set by a later put, not the one it replaced', async () => {
      const store = await make();
      await store.create(followRecord(1, { subscriptionId: undefined }));
      expect(await store.bySubscription(followRecord(1).subscriptionId as string)).toBeUndefined();
      await store.put(followRecord(1, { subscriptionId: 'NEW-SUB' }));
      expect((await store.bySubscription('new-sub'))?.followId).toBe(followRecord(1).followId);
      await store.put(followRecord(1, { subscriptionId: 'newer-sub' }));
      expect(await store.bySubscription('new-sub')).toBeUndefined();
      expect((await store.bySubscription('NEWER-SUB'))?.followId).toBe(followRecord(1).followId);
    });

    it("lists a channel's active follows only, oldest first", async () => {
      const store = await make();
      const groupOf = (n: number) => `c0ffee00-0000-4000-8000-00000000000${n}`;
      await store.create(followRecord(3, { groupId: groupOf(3) }));
      await store.create(followRecord(1, { groupId: groupOf(1) }));
      await store.create(followRecord(2, { groupId: groupOf(2) }));
      await store.create(followRecord(5, { channelId: '19:other@thread.tacv2' }));
      await store.put(followRecord(2, { groupId: groupOf(2), status: 'stopped' }));
      expect(idsOf(await store.ofChannel(CHANNEL))).toEqual([followRecord(1).followId, followRecord(3).followId]);
      expect(await store.ofChannel('19:nobody@thread.tacv2')).toEqual([]);
    });

    it('lists the active follows due for renewal, soonest first, at most `limit`', async () => {
      const store = await make();
      const at = (n: number, renewAt: number, changes: Partial<FollowRecord> = {}) =>
        store.create(followRecord(n, { groupId: `c0ffee00-0000-4000-8000-00000000000${n}`, renewAt, ...changes }));
      await at(1, T0 + 30);
      await at(2, T0 + 10);
      await at(3, T0 + 20);
      await at(4, T0 + 100);
      await at(5, T0 + 5, { status: 'stopped' });
      expect(idsOf(await store.due(T0 + 30, 10))).toEqual([2, 3, 1].map((n) => followRecord(n).followId));
      expect(idsOf(await store.due(T0 + 30, 2))).toEqual([2, 3].map((n) => followRecord(n).followId));
      expect(await store.due(T0 + 9, 10)).toEqual([]);
      expect(await store.due(T0 + 30, 0)).toEqual([]);
    });

    it('replaces a follow with put, and never creates one', async () => {
      const store = await make();
      await store.create(followRecord(1));
      const renewed = followRecord(1, { renewAt: T0 + 5, expiresAt: T0 + 6, updatedAt: T0 + 7 });
      await store.put(renewed);
      expect(await store.get(renewed.followId)).toEqual(renewed);
      expect(idsOf(await store.due(T0 + 5, 10))).toEqual([renewed.followId]);
      await store.put(followRecord(9));
      expect(await store.get(followRecord(9).followId)).toBeUndefined();
      expect(idsOf(await store.ofChannel(CHANNEL))).toEqual([renewed.followId]);
    });

    it('lets the channel follow the group again once its follow stopped', async () => {
      const store = await make();
      await store.create(followRecord(1));
      await store.put(followRecord(1, { status: 'stopped', stoppedReason: 'unfollowed' }));
      expect(await store.ofChannel(CHANNEL)).toEqual([]);
      expect(await store.create(followRecord(2))).toBe(true);
      expect(idsOf(await store.ofChannel(CHANNEL))).toEqual([followRecord(2).followId]);
      expect(await store.create(followRecord(3))).toBe(false);
      expect((await store.get(followRecord(1).followId))?.status).toBe('stopped');
    });

    it("keeps each thread's card, replaced by the next put", async () => {
      const store = await make();
      const followId = followRecord(1).followId;
      expect(await store.getThread(followId, 'thread-1')).toBeUndefined();
      await store.putThread(card(followId, 'thread-1', T0));
      await store.putThread({ ...card(followId, 'thread-2', T0), activityId: '1700000000000' });
      const later = { ...card(followId, 'thread-1', T0 + 5), activityId: '1700000000001', postsSeen: 4 };
      await store.putThread(later);
      expect(await store.getThread(followId, 'thread-1')).toEqual(later);
      expect((await store.getThread(followId, 'thread-2'))?.activityId).toBe('1700000000000');
      expect(await store.getThread('f9-other', 'thread-1')).toBeUndefined();
    });

    it('sweeps stopped follows last updated before the cutoff with their cards, and quiet cards', async () => {
      const store = await make();
      const groupOf = (n: number) => `c0ffee00-0000-4000-8000-00000000000${n}`;
      const old = followRecord(1, { groupId: groupOf(1), status: 'stopped', updatedAt: T0 + 10 });
      const recent = followRecord(2, { groupId: groupOf(2), status: 'stopped', updatedAt: T0 + 100 });
      const active = followRecord(3, { groupId: groupOf(3), updatedAt: T0 + 10 });
      for (const record of [old, recent, active]) await store.create(record);
      await store.putThread(card(old.followId, 'thread-1', T0 + 200));
      await store.putThread(card(active.followId, 'quiet', T0 + 49));
      await store.putThread(card(active.followId, 'busy', T0 + 50));
      expect(await store.sweep(T0 + 50)).toBe(1);
      expect(await store.get(old.followId)).toBeUndefined();
      expect(await store.getThread(old.followId, 'thread-1')).toBeUndefined();
      expect(await store.bySubscription(old.subscriptionId as string)).toBeUndefined();
      expect(await store.get(recent.followId)).toEqual(recent);
      expect(await store.get(active.followId)).toEqual(active);
      expect(await store.getThread(active.followId, 'quiet')).toBeUndefined();
      expect(await store.getThread(active.followId, 'busy')).toBeDefined();
      expect(await store.sweep(T0 + 50)).toBe(0);
    });
  });
}
