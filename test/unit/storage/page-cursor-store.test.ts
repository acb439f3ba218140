// The server side of a list card's More, what only SQLite does (its sweep, its file) and who may
// use a cursor. What every store does: test/contract/page-cursor-store.contract.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/storage/open-database';
import { PAGE_CURSOR_TTL_MS, createSqlitePageCursorStore, cursorRefusal } from '../../../src/storage/page-cursor-store';

const NOW = 1_000_000;
const ALEX = '418D916C-960C-47BD-A550-153891E29D69';
const GROUP = 'C0FFEE00-0000-4000-8000-000000000001';
const LINK = 'https://graph.microsoft.com/v1.0/groups/x/conversations?$skiptoken=abc';

describe('page cursor store', () => {
  it('expired rows are deleted when the next cursor is made', async () => {
    const db = openDatabase(undefined, 'x');
    const store = createSqlitePageCursorStore(db, { ttlMs: 1000 });
    await store.save({ person: ALEX, groupId: GROUP, skip: 0 }, NOW);
    await store.save({ person: ALEX, groupId: GROUP, skip: 0 }, NOW + 5000);
    expect(db.prepare('SELECT COUNT(*) AS n FROM page_cursors').get()).toEqual({ n: 1 });
  });

  it('survives a restart (the same state file opened again)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cursors-'));
    try {
      const db = openDatabase(dir, 'bot-state.sqlite');
      const id = await createSqlitePageCursorStore(db).save({ person: ALEX, groupId: GROUP, page: LINK, skip: 1 }, NOW);
      db.close();
      const again = createSqlitePageCursorStore(openDatabase(dir, 'bot-state.sqlite'));
      await expect(again.load(id, NOW + PAGE_CURSOR_TTL_MS - 1)).resolves.toMatchObject({ page: LINK, skip: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cursorRefusal: only the person it was made for, and only for its group', () => {
    const cursor = { person: ALEX.toLowerCase(), groupId: GROUP.toLowerCase(), skip: 0 };
    expect(cursorRefusal(cursor, ALEX, GROUP)).toBeUndefined();
    expect(cursorRefusal(cursor, '7c60c286-b211-4eea-95a0-90bc0c2e0ebf', GROUP)).toBe('another_person');
    expect(cursorRefusal(cursor, ALEX, 'c0ffee00-0000-4000-8000-000000000002')).toBe('another_group');
  });
});
