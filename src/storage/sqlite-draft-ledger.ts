// The draft ledger in SQLite. The claim is one INSERT … ON CONFLICT DO NOTHING (or a
// compare-and-set UPDATE for a takeover), which SQLite makes atomic even across processes.
import type { SqliteDatabase } from './open-database';
import type { ClaimResult, DraftLedger, DraftRecord, PostedRecord } from './draft-ledger';

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
  options: { staleAfterMs?: number; retentionMs?: number } = {}
): DraftLedger {
  const staleAfterMs = options.staleAfterMs ?? 120_000;
  const retentionMs = options.retentionMs ?? 30 * 24 * 3600_000;
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
  const setState = db.prepare('UPDATE drafts SET state = ?, reason = ? WHERE draft_key = ? AND state = ?');
  const setUnknown = db.prepare(
    "UPDATE drafts SET state = 'unknown', reason = ?, claimed_at = COALESCE(?, claimed_at) " +
      "WHERE draft_key = ? AND state = 'pending'"
  );
  const recover = db.prepare("UPDATE drafts SET state = 'unknown', reason = 'interrupted' WHERE state = 'pending'");
  const prune = db.prepare('DELETE FROM drafts WHERE claimed_at < ?');
  let claimsSincePrune = 0;

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
    // Old records go now and then, not on every claim: a draft is answered for 30 days.
    if (++claimsSincePrune >= 1000) {
      claimsSincePrune = 0;
      prune.run(now - retentionMs);
    }
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
    async markFailed(key, reason) {
      setState.run('failed', reason, key, 'pending');
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
