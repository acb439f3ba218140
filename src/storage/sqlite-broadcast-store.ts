// Broadcasts (broadcast-store.ts) in SQLite, in bot-state.sqlite beside the ledger: one row per
// broadcast, the record whole as JSON, and beside it only what the queries select on (status and
// updated_at, indexed), so resuming at start and sweeping never parse a record they do not return.
import type { BroadcastRecord, BroadcastStore } from './broadcast-store';
import type { SqliteDatabase } from './open-database';

export function createSqliteBroadcastStore(db: SqliteDatabase): BroadcastStore {
  db.exec(`CREATE TABLE IF NOT EXISTS broadcasts (
    broadcast_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'settled')),
    updated_at INTEGER NOT NULL,
    record TEXT NOT NULL
  )`);
  // unfinished() reads the running ones oldest first; sweep() the old ones of either status.
  db.exec('CREATE INDEX IF NOT EXISTS broadcasts_status_updated ON broadcasts (status, updated_at)');
  db.exec('CREATE INDEX IF NOT EXISTS broadcasts_updated ON broadcasts (updated_at)');
  const insert = db.prepare(
    'INSERT OR IGNORE INTO broadcasts (broadcast_id, user_id, status, updated_at, record) VALUES (?, ?, ?, ?, ?)'
  );
  const upsert = db.prepare(
    'INSERT INTO broadcasts (broadcast_id, user_id, status, updated_at, record) VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT(broadcast_id) DO UPDATE SET user_id = excluded.user_id, status = excluded.status, ' +
      'updated_at = excluded.updated_at, record = excluded.record'
  );
  const select = db.prepare<[string], { record: string }>('SELECT record FROM broadcasts WHERE broadcast_id = ?');
  const running = db.prepare<[number], { record: string }>(
    "SELECT record FROM broadcasts WHERE status = 'running' ORDER BY updated_at, broadcast_id LIMIT ?"
  );
  const sweep = db.prepare('DELETE FROM broadcasts WHERE updated_at < ?');

  // Ids as Graph writes them (lower case): a card's draftId may come back in another case.
  const row = (record: BroadcastRecord) =>
    [
      record.broadcastId.toLowerCase(),
      record.userId.toLowerCase(),
      record.status,
      record.updatedAt,
      // As JSON: it escapes a lone surrogate (the message may hold one), which SQLite's UTF-8 would mangle.
      JSON.stringify(record)
    ] as const;
  const parse = (text: string) => JSON.parse(text) as BroadcastRecord;

  // `async`: better-sqlite3 is synchronous, and a failing statement must reject, never throw.
  return {
    async create(record) {
      return insert.run(...row(record)).changes === 1;
    },
    async get(broadcastId) {
      const found = select.get(broadcastId.toLowerCase());
      return found ? parse(found.record) : undefined;
    },
    async put(record) {
      upsert.run(...row(record));
    },
    async unfinished(limit) {
      return running.all(Math.max(0, limit)).map((found) => parse(found.record));
    },
    async sweep(before) {
      return sweep.run(before).changes;
    }
  };
}
