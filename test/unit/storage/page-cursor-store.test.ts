// The server side of a list card's More: a random id in the card, the page (Graph's nextLink and
// how much of it was shown), its person and group kept in SQLite until it expires.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/storage/open-database';
import {
  PAGE_CURSOR_TTL_MS,
  createSqlitePageCursorStore,
  cursorRefusal,
  isCursorId
} from '../../../src/storage/page-cursor-store';

const NOW = 1_000_000;
const ALEX = '418D916C-960C-47BD-A550-153891E29D69';
const GROUP = 'C0FFEE00-0000-4000-8000-000000000001';
const LINK = 'https://graph.microsoft.com/v1.0/groups/x/conversations?$skiptoken=abc';

describe('page cursor store', () => {
  it('gives a random 22-character id and reads the cursor back (ids and group in lower case)', async () => {
    const store = createSqlitePageCursorStore(openDatabase(undefined, 'x'));
    const first = await store.save({ person: ALEX, groupId: GROUP, page: LINK, skip: 3 }, NOW);
    const second = await store.save({ person: ALEX, groupId: GROUP, skip: 5 }, NOW);
    expect(isCursorId(first)).toBe(true);
    expect(second).not.toBe(first);
    await expect(store.load(first, NOW)).resolves.toEqual({
      person: ALEX.toLowerCase(),
      groupId: GROUP.toLowerCase(),
      page: LINK,
      skip: 3
    });
    await expect(store.load(second, NOW)).resolves.toEqual({
      person: ALEX.toLowerCase(),
      groupId: GROUP.toLowerCase(),
      skip: 5
    });
  });

  it('forgets a cursor when it expires, and unknown or malformed ids are nothing', async () => {
    const store = createSqlitePageCursorStore(openDatabase(undefined, 'x'), { ttlMs: 1000 });
    const id = await store.save({ person: ALEX, groupId: GROUP, skip: 0 }, NOW);
    await expect(store.load(id, NOW + 999)).resolves.toBeDefined();
    await expect(store.load(id, NOW + 1000)).resolves.toBeUndefined();
    await expect(store.load('A'.repeat(22), NOW)).resolves.toBeUndefined();
    await expect(store.load("' OR 1=1 --", NOW)).resolves.toBeUndefined();
  });

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

  it('refuses a bad id generator instead of storing what a card could not carry', async () => {
    const store = createSqlitePageCursorStore(openDatabase(undefined, 'x'), { newId: () => 'short' });
    await expect(store.save({ person: ALEX, groupId: GROUP, skip: 0 }, NOW)).rejects.toThrow(/22 base64url/);
  });

  it('cursorRefusal: only the person it was made for, and only for its group', () => {
    const cursor = { person: ALEX.toLowerCase(), groupId: GROUP.toLowerCase(), skip: 0 };
    expect(cursorRefusal(cursor, ALEX, GROUP)).toBeUndefined();
    expect(cursorRefusal(cursor, '7c60c286-b211-4eea-95a0-90bc0c2e0ebf', GROUP)).toBe('another_person');
    expect(cursorRefusal(cursor, ALEX, 'c0ffee00-0000-4000-8000-000000000002')).toBe('another_group');
  });
});
