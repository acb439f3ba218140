// The recently used groups in SQLite survive a reopen. What every store does (per person, newest
// first, capped, expiring): test/contract/recent-groups.contract.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteRecentGroups } from '../../../src/storage/recent-groups';

const ALEX = '418d916c-960c-47bd-a550-153891e29d69';
const g = (n: number) => `c0ffee00-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('createSqliteRecentGroups', () => {
  it('survives a restart (same database file)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recent-groups-'));
    try {
      const db = openDatabase(dir, 'bot-state.sqlite');
      await createSqliteRecentGroups(db).used(ALEX, g(7), 1000);
      db.close();
      const again = openDatabase(dir, 'bot-state.sqlite');
      await expect(createSqliteRecentGroups(again).recent(ALEX, 2000)).resolves.toEqual([g(7)]);
      again.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a group used again moves first without a second row; an older time never moves it back', async () => {
    const db = openDatabase(undefined, 'bot-state.sqlite');
    const recent = createSqliteRecentGroups(db, { perPerson: 3 });
    await recent.used(ALEX, g(1), 1000);
    await recent.used(ALEX, g(2), 2000);
    await recent.used(ALEX, g(1), 3000);
    await recent.used(ALEX, g(2), 1500); // a late write from another tab: older than what is kept
    await expect(recent.recent(ALEX, 4000)).resolves.toEqual([g(1), g(2)]);
    const rows = db.prepare('SELECT COUNT(*) AS n FROM recent_groups').get() as { n: number };
    expect(rows.n).toBe(2);
    db.close();
  });
});
