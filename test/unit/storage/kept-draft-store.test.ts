// Messages too long for a retry form, kept per form and person in SQLite (bot-state.sqlite).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteKeptDraftStore, KEPT_DRAFT_TTL_MS } from '../../../src/storage/kept-draft-store';

const DRAFT = 'D0000000-0000-4000-8000-000000000001';
const ALICE = 'a11ce000-0000-4000-8000-00000000a11c';
const BOB = 'b0b00000-0000-4000-8000-000000000b0b';
const T0 = 1_800_000_000_000;

describe('kept-draft store', () => {
  const store = () => createSqliteKeptDraftStore(openDatabase(undefined, 'x'));

  it('gives back what a person kept for a form, whatever the case of the ids', async () => {
    const kept = store();
    await kept.keep(DRAFT, ALICE, 'long text', T0);
    expect(await kept.get(DRAFT.toLowerCase(), ALICE.toUpperCase(), T0 + 1)).toBe('long text');
    await kept.keep(DRAFT, ALICE, 'newer text', T0 + 2);
    expect(await kept.get(DRAFT, ALICE, T0 + 3)).toBe('newer text');
  });

  it("never gives one person another person's message, nor another form's", async () => {
    const kept = store();
    await kept.keep(DRAFT, ALICE, "Alice's text", T0);
    expect(await kept.get(DRAFT, BOB, T0)).toBeUndefined();
    expect(await kept.get('d0000000-0000-4000-8000-000000000002', ALICE, T0)).toBeUndefined();
    await kept.forget(DRAFT, BOB);
    expect(await kept.get(DRAFT, ALICE, T0)).toBe("Alice's text");
  });

  it('expires after its time (24 hours by default), and sooner once posted', async () => {
    const kept = store();
    expect(kept.ttlMs).toBe(KEPT_DRAFT_TTL_MS);
    expect(KEPT_DRAFT_TTL_MS).toBe(24 * 60 * 60 * 1000);
    await kept.keep(DRAFT, ALICE, 'x', T0);
    expect(await kept.get(DRAFT, ALICE, T0 + KEPT_DRAFT_TTL_MS - 1)).toBe('x');
    expect(await kept.get(DRAFT, ALICE, T0 + KEPT_DRAFT_TTL_MS)).toBeUndefined();
    await kept.keep(DRAFT, ALICE, 'y', T0);
    await kept.expireBy(DRAFT, ALICE, T0 + 1000);
    expect(await kept.get(DRAFT, ALICE, T0 + 999)).toBe('y');
    expect(await kept.get(DRAFT, ALICE, T0 + 1000)).toBeUndefined();
    // expireBy never extends.
    await kept.keep(DRAFT, ALICE, 'z', T0);
    await kept.expireBy(DRAFT, ALICE, T0 + 2 * KEPT_DRAFT_TTL_MS);
    expect(await kept.get(DRAFT, ALICE, T0 + KEPT_DRAFT_TTL_MS)).toBeUndefined();
  });

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
