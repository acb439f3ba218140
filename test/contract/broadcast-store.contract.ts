// What every BroadcastStore must do (SQLite, Blob): a broadcast created once (a second click or a
// re-delivered invoke finds it there, unchanged), read back exactly whatever the case of its id,
// the running ones listed oldest first for a restart to resume, and the old ones swept.
// Run by test/integration/storage-contracts.test.ts.
import type { BroadcastGroup, BroadcastRecord, BroadcastStore } from '../../src/storage/broadcast-store';

export type MakeBroadcastStore = () => Promise<BroadcastStore>;

const ALICE = 'a11ce000-0000-4000-8000-00000000a11c';
const T0 = 1_800_000_000_000;

/** A broadcast id: a form's draftId (a GUID), the n-th one. */
export const broadcastIdOf = (n: number) => `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const groupOf = (n: number): BroadcastGroup => ({
  groupId: `c0ffee00-0000-4000-8000-${String(n).padStart(12, '0')}`,
  groupName: `Group ${n}`,
  state: 'waiting'
});

/** A broadcast of `n`'s id, last updated at T0 + `at`. */
export function broadcastRecord(n: number, at = 0, changes: Partial<BroadcastRecord> = {}): BroadcastRecord {
  return {
    broadcastId: broadcastIdOf(n),
    userId: ALICE,
    tenantId: 'tenant-1',
    createdAt: T0,
    updatedAt: T0 + at,
    card: { reference: { conversation: { id: 'a:personal-chat' }, serviceUrl: 'https://smba.example/' } },
    draft: { topic: 'Q3 launch', body: 'Hello all', participants: [] },
    groups: [groupOf(1), groupOf(2)],
    status: 'running',
    ...changes
  };
}

const idsOf = (records: BroadcastRecord[]) => records.map((r) => r.broadcastId);

export function describeBroadcastStoreContract(name: string, make: MakeBroadcastStore): void {
  describe(`broadcast store contract: ${name}`, () => {
    it('creates a broadcast once: a second create is false and leaves the first record as it was', async () => {
      const store = await make();
      const first = broadcastRecord(1);
      expect(await store.create(first)).toBe(true);
      const again = broadcastRecord(1, 5, { draft: { topic: 'Other', body: 'Other', participants: [] } });
      expect(await store.create(again)).toBe(false);
      expect(await store.get(first.broadcastId)).toEqual(first);
    });

    it('gives back what was put last, and nothing for a broadcast never saved', async () => {
      const store = await make();
      await store.create(broadcastRecord(1));
      const progressed = broadcastRecord(1, 10, {
        card: { reference: { conversation: { id: 'a:personal-chat' } }, activityId: 'activity-1' },
        groups: [
          { ...groupOf(1), state: 'posted', outlookUrl: 'https://outlook.office.com/x', conversationId: 'conv-1' },
          { ...groupOf(2), state: 'failed', errorCode: 'graph_throttled', retryAfterSeconds: 30 }
        ]
      });
      await store.put(progressed);
      expect(await store.get(progressed.broadcastId)).toEqual(progressed);
      expect(await store.get(broadcastIdOf(2))).toBeUndefined();
      // A put of a broadcast never created saves it too (the last write wins).
      await store.put(broadcastRecord(3));
      expect(await store.get(broadcastIdOf(3))).toEqual(broadcastRecord(3));
    });

    it('reads an id in any case as the same broadcast', async () => {
      const store = await make();
      const upperId = 'B0000000-0000-4000-8000-0000000000AB';
      const record = broadcastRecord(1, 0, { broadcastId: upperId });
      expect(await store.create(record)).toBe(true);
      expect(await store.get(upperId.toLowerCase())).toEqual(record);
      expect(await store.create({ ...record, broadcastId: upperId.toLowerCase() })).toBe(false);
      const later = { ...record, broadcastId: upperId.toLowerCase(), updatedAt: T0 + 1 };
      await store.put(later);
      expect(await store.get(upperId)).toEqual(later);
      expect(idsOf(await store.unfinished(10))).toEqual([upperId.toLowerCase()]);
    });

    it('lists only the running broadcasts, least recently updated first, at most `limit`', async () => {
      const store = await make();
      await store.create(broadcastRecord(1, 30));
      await store.create(broadcastRecord(2, 10));
      await store.create(broadcastRecord(3, 20, { status: 'settled' }));
      await store.create(broadcastRecord(4, 40));
      expect(idsOf(await store.unfinished(10))).toEqual([broadcastIdOf(2), broadcastIdOf(1), broadcastIdOf(4)]);
      expect(idsOf(await store.unfinished(2))).toEqual([broadcastIdOf(2), broadcastIdOf(1)]);
      // Oldest by its last update, not by its creation: one that just progressed goes last.
      await store.put(broadcastRecord(2, 50));
      expect(idsOf(await store.unfinished(10))).toEqual([broadcastIdOf(1), broadcastIdOf(4), broadcastIdOf(2)]);
      expect(await store.unfinished(10)).toContainEqual(broadcastRecord(2, 50));
    });

    it('no longer lists a broadcast once a put settles it, and lists it again if one makes it run again', async () => {
      const store = await make();
      await store.create(broadcastRecord(1, 10));
      await store.create(broadcastRecord(2, 20));
      await store.put(broadcastRecord(1, 30, { status: 'settled' }));
      expect(idsOf(await store.unfinished(10))).toEqual([broadcastIdOf(2)]);
      await store.put(broadcastRecord(2, 40, { status: 'settled' }));
      expect(await store.unfinished(10)).toEqual([]);
      // "Retry the failed ones": the settled broadcast runs again.
      await store.put(broadcastRecord(1, 50));
      expect(idsOf(await store.unfinished(10))).toEqual([broadcastIdOf(1)]);
    });

    it('sweeps only the broadcasts last updated before the time, and says how many went', async () => {
      const store = await make();
      await store.create(broadcastRecord(1, 10, { status: 'settled' }));
      await store.create(broadcastRecord(2, 20));
      await store.create(broadcastRecord(3, 30, { status: 'settled' }));
      await store.create(broadcastRecord(4, 40));
      expect(await store.sweep(T0 + 30)).toBe(2);
      expect(await store.get(broadcastIdOf(1))).toBeUndefined();
      expect(await store.get(broadcastIdOf(2))).toBeUndefined();
      expect(await store.get(broadcastIdOf(3))).toEqual(broadcastRecord(3, 30, { status: 'settled' }));
      expect(idsOf(await store.unfinished(10))).toEqual([broadcastIdOf(4)]);
      expect(await store.sweep(T0 + 30)).toBe(0);
      // Swept, the id is free again.
      expect(await store.create(broadcastRecord(2, 60))).toBe(true);
    });

    it('keeps a big broadcast exactly: a 32,000-character body with a lone surrogate, 100 groups', async () => {
      const store = await make();
      const body = `<b>Q3</b> 😀 \uD83D end ${'long line\n'.repeat(3_200)}`.slice(0, 32_000);
      expect(body).toHaveLength(32_000);
      const groups = Array.from({ length: 100 }, (_, i): BroadcastGroup => {
        const group = { ...groupOf(i), groupName: `Group ${i} \uDC00 «ünïcödé»` };
        return i % 2 ? group : { ...group, state: 'posted', conversationId: `conv-${i}` };
      });
      const big = broadcastRecord(1, 0, {
        draft: {
          topic: 'Topic \uD800',
          body,
          bodyHtml: `<p>${body.slice(0, 100)}</p>`,
          participants: [{ displayName: 'Bob', address: 'bob@contoso.example' }]
        },
        groups
      });
      await store.create(big);
      expect(await store.get(big.broadcastId)).toEqual(big);
      const [unfinished] = await store.unfinished(1);
      expect(unfinished?.draft.body).toBe(body);
      expect(unfinished).toEqual(big);
    });
  });
}
