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

  it('a failed draft leaves no row, and may be claimed again at once, with no doubt', async () => {
    const l = ledger();
    await l.claim(KEY, 'alice', 0);
    await l.markFailed(KEY, 'access_denied');
    expect(await l.get(KEY)).toBeUndefined();
    expect(await l.claim(KEY, 'alice', 5)).toEqual({ claimed: true });
  });

  it("a 'failed' row written by an older version is still claimed again with no doubt", async () => {
    const db = openDatabase(undefined, 'x');
    const l = createSqliteDraftLedger(db);
    db.prepare(
      "INSERT INTO drafts (draft_key, user_id, state, claimed_at, reason) VALUES (?, 'alice', 'failed', 0, 'x')"
    ).run(KEY);
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

describe('draft ledger: rows that go (issue 13)', () => {
  const DAY = 24 * 3600_000;
  const count = (db: ReturnType<typeof openDatabase>) =>
    (db.prepare('SELECT COUNT(*) AS n FROM drafts').get() as { n: number }).n;

  it('each claim removes expired rows, oldest first, in batches of at most sweepBatch', async () => {
    const db = openDatabase(undefined, 'x');
    const l = createSqliteDraftLedger(db, { retentionMs: 30 * DAY, sweepBatch: 10 });
    for (let i = 0; i < 25; i++) {
      await l.claim(`old-${i}`, 'alice', i);
      await l.markPosted(`old-${i}`, POSTED);
    }
    await l.claim('recent', 'alice', 29 * DAY);
    expect(count(db)).toBe(26);

    const later = 31 * DAY;
    await l.claim('new-1', 'alice', later);
    // Ten expired rows went (the oldest), not all 25: one claim never deletes an unbounded number.
    expect(count(db)).toBe(26 + 1 - 10);
    expect(await l.get('old-0')).toBeUndefined();
    expect(await l.get('old-10')).toBeDefined();
    await l.claim('new-2', 'alice', later);
    await l.claim('new-3', 'alice', later);
    // All 25 expired rows gone; the recent one and the new ones stay.
    expect(count(db)).toBe(4);
    expect(await l.get('recent')).toBeDefined();
  });
});
