// The draft ledger in SQLite: the claim is an INSERT that either creates the row or changes
// nothing, which SQLite makes atomic even across processes sharing the file.
import type { SqliteDatabase } from './open-database';
import type { ClaimResult, DraftLedger, DraftRecord, PostedConversation } from './draft-ledger';

interface Row {
  draft_key: string;
  user_id: string;
  state: 'pending' | 'posted';
  claimed_at: number;
  posted_json: string | null;
}

export function createSqliteDraftLedger(db: SqliteDatabase, options: { staleAfterMs?: number } = {}): DraftLedger {
  const staleAfterMs = options.staleAfterMs ?? 120_000;
  db.exec(`CREATE TABLE IF NOT EXISTS drafts (
    draft_key TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'posted')),
    claimed_at INTEGER NOT NULL,
    posted_json TEXT
  )`);
  const insert = db.prepare('INSERT INTO drafts (draft_key, user_id, state, claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT(draft_key) DO NOTHING');
  const select = db.prepare<[string], Row>('SELECT * FROM drafts WHERE draft_key = ?');
  const takeOver = db.prepare("UPDATE drafts SET user_id = ?, claimed_at = ? WHERE draft_key = ? AND state = 'pending' AND claimed_at = ?");
  const posted = db.prepare("UPDATE drafts SET state = 'posted', posted_json = ? WHERE draft_key = ?");
  const remove = db.prepare("DELETE FROM drafts WHERE draft_key = ? AND state = 'pending'");

  const toRecord = (row: Row): DraftRecord =>
    row.state === 'posted' && row.posted_json
      ? { draftId: row.draft_key, userId: row.user_id, state: 'posted', claimedAt: row.claimed_at, posted: JSON.parse(row.posted_json) as PostedConversation }
      : { draftId: row.draft_key, userId: row.user_id, state: 'pending', claimedAt: row.claimed_at };

  return {
    async claim(key, userId, now): Promise<ClaimResult> {
      if (insert.run(key, userId, 'pending', now).changes === 1) return { claimed: true };
      const row = select.get(key);
      if (!row) return this.claim(key, userId, now);
      // A pending claim whose process died long ago may be taken over, by exactly one caller.
      if (row.state === 'pending' && now - row.claimed_at > staleAfterMs && takeOver.run(userId, now, key, row.claimed_at).changes === 1) {
        return { claimed: true };
      }
      return { claimed: false, record: toRecord(row) };
    },
    async markPosted(key, result) {
      posted.run(JSON.stringify(result), key);
    },
    async release(key) {
      remove.run(key);
    },
    async get(key) {
      const row = select.get(key);
      return row ? toRecord(row) : undefined;
    }
  };
}
