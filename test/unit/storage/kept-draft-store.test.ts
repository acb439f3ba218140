// Messages too long for a retry form, kept per form and person in SQLite (bot-state.sqlite): what
// only SQLite does (its purge, its file). What every store does: test/contract/kept-draft-store.contract.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteKeptDraftStore } from '../../../src/storage/kept-draft-store';

const DRAFT = 'D0000000-0000-4000-8000-000000000001';
const ALICE = 'a11ce000-0000-4000-8000-00000000a11c';
const BOB = 'b0b00000-0000-4000-8000-000000000b0b';
const T0 = 1_800_000_000_000;

describe('kept-draft store', () => {
  it('removes expired messages from the file when another is kept', async () => {
    const db = openDatabase(undefined, 'x');
    const kept = createSqliteKeptDraftStore(db, 1000);
    await kept.keep(DRAFT, ALICE, 'old', T0);
    await kept.keep(DRAFT, BOB, 'new', T0 + 1000);
    expect(db.prepare('SELECT person_id AS p FROM kept_drafts').all()).toEqual([{ p: BOB }]);
  });

  it('survives a restart (the SQLite file under DATA_DIR)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kept-drafts-'));
    try {
      const first = openDatabase(dir, 'bot-state.sqlite');
      await createSqliteKeptDraftStore(first).keep(DRAFT, ALICE, 'kept across a restart 😀', T0);
      first.close();
      const second = openDatabase(dir, 'bot-state.sqlite');
      expect(await createSqliteKeptDraftStore(second).get(DRAFT, ALICE, T0 + 1)).toBe('kept across a restart 😀');
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
