// The exactly-once ledger (SQLite, the embedded default): claim before posting, remember the
// outcome, free a definite failure, keep an uncertain one in doubt.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteDraftLedger } from '../../../src/storage/sqlite-draft-ledger';
import type { PostedRecord } from '../../../src/storage/draft-ledger';

const KEY = 'alice:d1';
const POSTED: PostedRecord = {
  groupId: 'g',
  groupName: 'Marketing',
  conversationId: 'c1',
  threadId: 't1',
  topic: 'Topic',
  bodySha256: 'ab'.repeat(32),
  participants: [{ displayName: 'Bob', address: 'bob@contoso.test' }]
};
const ledger = (options?: { staleAfterMs?: number }) => createSqliteDraftLedger(openDatabase(undefined, 'x'), options);

describe('draft ledger', () => {
  it('claims a new draft once; a second claim sees it pending', async () => {
    const l = ledger();
    expect(await l.claim(KEY, 'alice', 1000)).toEqual({ claimed: true });
    expect(await l.claim(KEY, 'alice', 1001)).toEqual({
      claimed: false,
      record: { key: KEY, userId: 'alice', state: 'pending', claimedAt: 1000 }
    });
  });

  it('of two concurrent claims exactly one wins', async () => {
    const l = ledger();
    const results = await Promise.all([l.claim(KEY, 'alice', 1), l.claim(KEY, 'alice', 1)]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
  });

  it('markPosted keeps the outcome; later claims get it back; it is never taken over', async () => {
    const l = ledger({ staleAfterMs: 1 });
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

  it('a failed draft may be claimed again at once, with no doubt', async () => {
    const l = ledger();
    await l.claim(KEY, 'alice', 0);
    await l.markFailed(KEY, 'access_denied');
    expect(await l.get(KEY)).toMatchObject({ state: 'failed', reason: 'access_denied' });
    expect(await l.claim(KEY, 'alice', 5)).toEqual({ claimed: true });
  });

  it('an unknown draft is claimed again in doubt, with the time of the earlier attempt', async () => {
    const l = ledger();
    await l.claim(KEY, 'alice', 100);
    await l.markUnknown(KEY, 'graph_unavailable');
    expect(await l.claim(KEY, 'alice', 200)).toEqual({ claimed: true, inDoubtSince: 100 });
    expect((await l.claim(KEY, 'alice', 201)).claimed).toBe(false);
  });

  it('a stale pending claim (its process presumed dead) is taken over in doubt, by one caller only', async () => {
    const l = ledger({ staleAfterMs: 100 });
    await l.claim(KEY, 'alice', 0);
    expect((await l.claim(KEY, 'alice', 100)).claimed).toBe(false);
    expect(await l.claim(KEY, 'alice', 101)).toEqual({ claimed: true, inDoubtSince: 0 });
    expect((await l.claim(KEY, 'alice', 102)).claimed).toBe(false);
  });

  it('recoverInterrupted turns every pending claim into unknown (the process that owned them stopped)', async () => {
    const l = ledger();
    await l.claim('a', 'alice', 0);
    await l.claim('b', 'bob', 0);
    await l.claim('c', 'carol', 0);
    await l.markPosted('c', POSTED);
    expect(await l.recoverInterrupted()).toBe(2);
    expect(await l.get('a')).toMatchObject({ state: 'unknown', reason: 'interrupted' });
    expect((await l.get('c'))?.state).toBe('posted');
  });

  it('survives reopening the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-'));
    try {
      const db = openDatabase(dir, 'bot-state.sqlite');
      const first = createSqliteDraftLedger(db);
      await first.claim(KEY, 'alice', 1);
      await first.markPosted(KEY, POSTED);
      db.close();
      const reopened = createSqliteDraftLedger(openDatabase(dir, 'bot-state.sqlite'));
      expect(await reopened.get(KEY)).toMatchObject({ state: 'posted', posted: POSTED });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
