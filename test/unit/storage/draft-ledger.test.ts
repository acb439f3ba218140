// What only the SQLite ledger does (the embedded default, one process): rows of older versions,
// recovery at start, its file, its sweep. The rules every ledger keeps are in
// test/contract/draft-ledger.contract.ts, run on SQLite and Blob by test/integration/storage-contracts.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteDraftLedger } from '../../../src/storage/sqlite-draft-ledger';
import { POSTED } from '../../contract/draft-ledger.contract';

const KEY = 'alice:d1';
const ledger = () => createSqliteDraftLedger(openDatabase(undefined, 'x'));

describe('SQLite draft ledger', () => {
  it("a 'failed' row written by an older version is still claimed again with no doubt", async () => {
    const db = openDatabase(undefined, 'x');
    const l = createSqliteDraftLedger(db);
    db.prepare(
      "INSERT INTO drafts (draft_key, user_id, state, claimed_at, reason) VALUES (?, 'alice', 'failed', 0, 'x')"
    ).run(KEY);
    expect(await l.claim(KEY, 'alice', 5)).toEqual({ claimed: true });
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
