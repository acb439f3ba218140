// What every DraftLedger must do, whatever holds it (SQLite file, Blob Storage shared by several
// instances): claim before posting, remember the outcome, free a definite failure, keep an
// uncertain one in doubt, and let exactly one of any number of racing callers win.
// Run by test/integration/storage-contracts.test.ts against each implementation.
import type { DraftLedger, PostedRecord } from '../../src/storage/draft-ledger';

export type MakeLedger = (options?: { staleAfterMs?: number; retentionMs?: number }) => Promise<DraftLedger>;

const KEY = 'alice:d1';
export const POSTED: PostedRecord = {
  groupId: 'g',
  groupName: 'Marketing',
  conversationId: 'c1',
  threadId: 't1',
  topic: 'Topic',
  bodySha256: 'ab'.repeat(32),
  participants: [{ displayName: 'Bob', address: 'bob@contoso.test' }]
};

export function describeDraftLedgerContract(name: string, make: MakeLedger): void {
  describe(`draft ledger contract: ${name}`, () => {
    it('claims a new draft once; a second claim sees it pending', async () => {
      const l = await make();
      expect(await l.claim(KEY, 'alice', 1000)).toEqual({ claimed: true });
      expect(await l.claim(KEY, 'alice', 1001)).toEqual({
        claimed: false,
        record: { key: KEY, userId: 'alice', state: 'pending', claimedAt: 1000 }
      });
    });

    it('of 20 concurrent claims of one draft exactly one wins; the others see it pending', async () => {
      const l = await make();
      const results = await Promise.all(Array.from({ length: 20 }, () => l.claim(KEY, 'alice', 1)));
      expect(results.filter((r) => r.claimed)).toHaveLength(1);
      for (const r of results.filter((r) => !r.claimed)) expect(r).toMatchObject({ record: { state: 'pending' } });
    });

    it('markPosted keeps the outcome; later claims get it back; it is never taken over', async () => {
      const l = await make({ staleAfterMs: 1 });
      await l.claim(KEY, 'alice', 0);
      await l.markPosted(KEY, POSTED);
      expect(await l.claim(KEY, 'alice', 10_000_000)).toEqual({
        claimed: false,
        record: { key: KEY, userId: 'alice', state: 'posted', claimedAt: 0, posted: POSTED }
      });
      await l.markFailed(KEY, 'x');
      await l.markUnknown(KEY, 'x');
      expect((await l.get(KEY))?.state).toBe('posted');
    });

    it('a failed draft leaves no record, and may be claimed again at once, with no doubt', async () => {
      const l = await make();
      await l.claim(KEY, 'alice', 0);
      await l.markFailed(KEY, 'access_denied');
      expect(await l.get(KEY)).toBeUndefined();
      expect(await l.claim(KEY, 'alice', 5)).toEqual({ claimed: true });
    });

    it('an unknown draft is claimed again in doubt, with the time of the earlier attempt', async () => {
      const l = await make();
      await l.claim(KEY, 'alice', 100);
      await l.markUnknown(KEY, 'graph_unavailable');
      expect(await l.get(KEY)).toMatchObject({ state: 'unknown', reason: 'graph_unavailable', claimedAt: 100 });
      // A failure reported late (by the attempt that lost its claim) does not free it.
      await l.markFailed(KEY, 'late');
      expect(await l.claim(KEY, 'alice', 200)).toEqual({ claimed: true, inDoubtSince: 100 });
      expect((await l.claim(KEY, 'alice', 201)).claimed).toBe(false);
    });

    it('markUnknown keeps the earliest time in doubt when told it', async () => {
      const l = await make();
      await l.claim(KEY, 'alice', 500);
      await l.markUnknown(KEY, 'graph_unavailable', 300);
      expect(await l.claim(KEY, 'alice', 600)).toEqual({ claimed: true, inDoubtSince: 300 });
    });

    it('a stale pending claim (its process presumed dead) is taken over in doubt, by one caller only', async () => {
      const l = await make({ staleAfterMs: 100 });
      await l.claim(KEY, 'alice', 0);
      expect((await l.claim(KEY, 'alice', 100)).claimed).toBe(false);
      expect(await l.claim(KEY, 'alice', 101)).toEqual({ claimed: true, inDoubtSince: 0 });
      expect((await l.claim(KEY, 'alice', 102)).claimed).toBe(false);
    });

    it('of two concurrent takeovers of an unknown draft exactly one wins', async () => {
      const l = await make();
      await l.claim(KEY, 'alice', 100);
      await l.markUnknown(KEY, 'graph_unavailable');
      const results = await Promise.all([l.claim(KEY, 'alice', 200), l.claim(KEY, 'alice', 200)]);
      expect(results.filter((r) => r.claimed)).toEqual([{ claimed: true, inDoubtSince: 100 }]);
      expect(results.find((r) => !r.claimed)).toMatchObject({ record: { state: 'pending', claimedAt: 200 } });
    });

    it('a record older than the retention is as good as absent: claimed as a new draft', async () => {
      const l = await make({ retentionMs: 1000 });
      await l.claim(KEY, 'alice', 0);
      await l.markPosted(KEY, POSTED);
      expect((await l.claim(KEY, 'alice', 1000)).claimed).toBe(false);
      expect(await l.claim(KEY, 'bob', 1001)).toEqual({ claimed: true });
      expect(await l.get(KEY)).toEqual({ key: KEY, userId: 'bob', state: 'pending', claimedAt: 1001 });
    });

    it('keeps drafts apart: one key is not another', async () => {
      const l = await make();
      await l.claim('alice:d1', 'alice', 0);
      await l.markPosted('alice:d1', POSTED);
      expect(await l.claim('alice:d2', 'alice', 1)).toEqual({ claimed: true });
      expect(await l.get('bob:d1')).toBeUndefined();
    });
  });
}
