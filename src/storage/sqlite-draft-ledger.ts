// The draft ledger in SQLite. The claim is one INSERT … ON CONFLICT DO NOTHING (or a
// compare-and-set UPDATE for a takeover), which SQLite makes atomic even across processes.
// Rows are kept only for drafts that reached Graph (posted, unknown) or are being posted: a
// definite failure removes its row ('failed' rows of older versions are still read and taken over).
import type { SqliteDatabase } from './open-database';
import {
  type ClaimResult,
  DRAFT_RETENTION_MS,
  DRAFT_STALE_AFTER_MS,
  type DraftLedger,
  type DraftRecord,
  type PostedRecord
} from './draft-ledger';

interface Row {
  draft_key: string;
  user_id: string;
  state: DraftRecord['state'];
  claimed_at: number;
  posted_json: string | null;
  reason: string | null;
}

export function createSqliteDraftLedger(
  db: SqliteDatabase,
  options: { staleAfterMs?: number; retentionMs?: number; sweepBatch?: number } = {}
): DraftLedger {
  const staleAfterMs = options.staleAfterMs ?? DRAFT_STALE_AFTER_MS;
  const retentionMs = options.retentionMs ?? DRAFT_RETENTION_MS;
  // Each claim adds at most one row and removes up to this many expired ones: the table cannot
  // outgrow 30 days of drafts, and no claim ever waits on a delete of unbounded size.
  const sweepBatch = options.sweepBatch ?? 100;
  db.exec(`CREATE TABLE IF NOT EXISTS drafts (
    draft_key TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'posted', 'failed', 'unknown')),
    claimed_at INTEGER NOT NULL,
    posted_json TEXT,
    reason TEXT
  )`);
  db.exec('CREATE INDEX IF NOT EXISTS drafts_claimed_at ON drafts (claimed_at)');
  const insert = db.prepare(
    'INSERT INTO drafts (draft_key, user_id, state, claimed_at) ' +
      "VALUES (?, ?, 'pending', ?) ON CONFLICT(draft_key) DO NOTHING"
  );
  const select = db.prepare<[string], Row>('SELECT * FROM drafts WHERE draft_key = ?');
  // Compare-and-set on (state, claimed_at): of two racing takeovers exactly one changes the row.
  const takeOver = db.prepare(
    "UPDATE drafts SET user_id = ?, state = 'pending', claimed_at = ?, reason = NULL " +
      'WHERE draft_key = ? AND state = ? AND claimed_at = ?'
  );
  const setPosted = db.prepare(
    "UPDATE drafts SET state = 'posted', posted_json = ?, reason = NULL WHERE draft_key = ?"
  );
  // Definitely not posted: the row goes (a failed draft is claimed exactly as one never seen).
  const forget = db.prepare("DELETE FROM drafts WHERE draft_key = ? AND state = 'pending'");
  const setUnknown = db.prepare(
    "UPDATE drafts SET state = 'unknown', reason = ?, claimed_at = COALESCE(?, claimed_at) " +
      "WHERE draft_key = ? AND state = 'pending'"
  );
  const recover = db.prepare("UPDATE drafts SET state = 'unknown', reason = 'interrupted' WHERE state = 'pending'");
  // Oldest first through the claimed_at index; SQLite's DELETE … LIMIT is a compile-time option.
  const sweep = db.prepare(
    'DELETE FROM drafts WHERE rowid IN (SELECT rowid FROM drafts WHERE claimed_at < ? ORDER BY claimed_at LIMIT ?)'
  );

  const toRecord = (row: Row): DraftRecord => {
    const base = { key: row.draft_key, userId: row.user_id, claimedAt: row.claimed_at };
    switch (row.state) {
      case 'posted':
        return { ...base, state: 'posted', posted: JSON.parse(row.posted_json ?? '{}') as PostedRecord };
      case 'failed':
      case 'unknown':
        return { ...base, state: row.state, reason: row.reason ?? '' };
      default:
        return { ...base, state: 'pending' };
    }
  };

  const claim = (key: string, userId: string, now: number): ClaimResult => {
    // A draft is answered for 30 days; older rows go a bounded batch at a time.
    sweep.run(now - retentionMs, sweepBatch);
    if (insert.run(key, userId, now).changes === 1) return { claimed: true };
    const row = select.get(key);
    if (!row) return claim(key, userId, now);
    const stalePending = row.state === 'pending' && now - row.claimed_at > staleAfterMs;
    if (row.state === 'failed' || row.state === 'unknown' || stalePending) {
      if (takeOver.run(userId, now, key, row.state, row.claimed_at).changes === 1) {
        return row.state === 'failed' ? { claimed: true } : { claimed: true, inDoubtSince: row.claimed_at };
      }
      const now2 = select.get(key);
      return now2 ? { claimed: false, record: toRecord(now2) } : claim(key, userId, now);
    }
    return { claimed: false, record: toRecord(row) };
  };

  return {
    async claim(key, userId, now) {
      return claim(key, userId, now);
    },
    async markPosted(key, record) {
      setPosted.run(JSON.stringify(record), key);
    },
    async markFailed(key) {
      forget.run(key);
    },
    async markUnknown(key, reason, since) {
      setUnknown.run(reason, since ?? null, key);
    },
    async recoverInterrupted() {
      return recover.run().changes;
    },
    async get(key) {
      const row = select.get(key);
      return row ? toRecord(row) : undefined;
    }
  };
}
