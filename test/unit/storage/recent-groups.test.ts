// The recently used groups: per person, newest first, capped, expiring, surviving a reopen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteRecentGroups } from '../../../src/storage/recent-groups';

const ALEX = '418d916c-960c-47bd-a550-153891e29d69';
const MEGAN = '7c60c286-b211-4eea-95a0-90bc0c2e0ebf';
const g = (n: number) => `c0ffee00-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('createSqliteRecentGroups', () => {
  it('keeps each person their own groups, most recently used first, ids in lower case', async () => {
    const recent = createSqliteRecentGroups(openDatabase(undefined, 'x'));
    await recent.used(ALEX, g(1), 1000);
    await recent.used(ALEX, g(2).toUpperCase(), 2000);
    await recent.used(MEGAN, g(3), 1500);
    await recent.used(ALEX.toUpperCase(), g(1), 3000);
    await expect(recent.recent(ALEX, 3000)).resolves.toEqual([g(1), g(2)]);
    await expect(recent.recent(MEGAN, 3000)).resolves.toEqual([g(3)]);
    // An older time never moves a group back.
    await recent.used(ALEX, g(1), 10);
    await expect(recent.recent(ALEX, 3000)).resolves.toEqual([g(1), g(2)]);
  });

  it('keeps at most perPerson groups and forgets the ones older than the TTL', async () => {
    const recent = createSqliteRecentGroups(openDatabase(undefined, 'x'), { perPerson: 3, ttlMs: 1000 });
    for (let n = 1; n <= 5; n++) await recent.used(ALEX, g(n), n * 100);
    await expect(recent.recent(ALEX, 500)).resolves.toEqual([g(5), g(4), g(3)]);
    await expect(recent.recent(ALEX, 1350)).resolves.toEqual([g(5), g(4)]);
    await expect(recent.recent(ALEX, 5000)).resolves.toEqual([]);
  });

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
});
