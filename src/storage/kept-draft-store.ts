// A retry form cannot always carry what was typed: Teams refuses a message over 100 KB (UTF-16),
// and a 32,000-character message echoed in a card is most of that. Such a message is kept here,
// keyed by its form's draftId AND the person who typed it, and the form shows its beginning; the
// next Post of that form by that person reads it back. Another person's Post of the same form (a
// channel card) finds nothing: the key includes who typed it.
//
// In SQLite (bot-state.sqlite under DATA_DIR, beside the ledger), so a kept message survives a
// restart of the bot; it expires after `ttlMs` (default 24 hours), and a posted one soon after.
// Async by contract (issue 14): several instances keep these in Azure Blob Storage, reachable only
// asynchronously; a store that fails rejects, and its caller decides what the person reads.
import type { SqliteDatabase } from './open-database';

export const KEPT_DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

export interface KeptDraftStore {
  /** How long a kept message lives. */
  readonly ttlMs: number;
  /** Keeps `body` as what `personId` typed on form `draftId` (replacing what was kept), for ttlMs from `now`. */
  keep(draftId: string, personId: string, body: string, now: number): Promise<void>;
  /** What this person typed on this form, when kept and not expired. */
  get(draftId: string, personId: string, now: number): Promise<string | undefined>;
  /** Brings the expiry forward to `expiresAt` (never later): a posted message is needed only briefly. */
  expireBy(draftId: string, personId: string, expiresAt: number): Promise<void>;
  forget(draftId: string, personId: string): Promise<void>;
}

export function createSqliteKeptDraftStore(db: SqliteDatabase, ttlMs = KEPT_DRAFT_TTL_MS): KeptDraftStore {
  db.exec(
    'CREATE TABLE IF NOT EXISTS kept_drafts (draft_id TEXT NOT NULL, person_id TEXT NOT NULL, ' +
      'body TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (draft_id, person_id))'
  );
  const upsert = db.prepare(
    'INSERT INTO kept_drafts (draft_id, person_id, body, expires_at) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT(draft_id, person_id) DO UPDATE SET body = excluded.body, expires_at = excluded.expires_at'
  );
  const select = db.prepare<[string, string, number], { body: string }>(
    'SELECT body FROM kept_drafts WHERE draft_id = ? AND person_id = ? AND expires_at > ?'
  );
  const shorten = db.prepare(
    'UPDATE kept_drafts SET expires_at = MIN(expires_at, ?) WHERE draft_id = ? AND person_id = ?'
  );
  const remove = db.prepare('DELETE FROM kept_drafts WHERE draft_id = ? AND person_id = ?');
  const purge = db.prepare('DELETE FROM kept_drafts WHERE expires_at <= ?');
  // Ids as Graph writes them (lower case), whatever case the card or the activity sent.
  const key = (draftId: string, personId: string) => [draftId.toLowerCase(), personId.toLowerCase()] as const;

  // `async`: better-sqlite3 is synchronous, and a failing statement must reject, never throw.
  return {
    ttlMs,
    async keep(draftId, personId, body, now) {
      // Expired messages go whenever a new one is kept: no timer, and nothing outlives its time by much.
      purge.run(now);
      // As JSON: it escapes a lone surrogate (card data may hold one), which SQLite's UTF-8 would mangle.
      upsert.run(...key(draftId, personId), JSON.stringify(body), now + ttlMs);
    },
    async get(draftId, personId, now) {
      const row = select.get(...key(draftId, personId), now);
      return row ? (JSON.parse(row.body) as string) : undefined;
    },
    async expireBy(draftId, personId, expiresAt) {
      shorten.run(expiresAt, ...key(draftId, personId));
    },
    async forget(draftId, personId) {
      remove.run(...key(draftId, personId));
    }
  };
}
