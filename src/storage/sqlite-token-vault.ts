// The token vault (token-vault.ts) in SQLite, in bot-state.sqlite: one row per person, used_at
// indexed so a sweep never reads a sealed text.
import type { SqliteDatabase } from './open-database';
import type { TokenVault, VaultEntry } from './token-vault';

interface Row {
  user_id: string;
  sealed: string;
  kept_at: number;
  used_at: number;
}

export function createSqliteTokenVault(db: SqliteDatabase): TokenVault {
  db.exec(`CREATE TABLE IF NOT EXISTS token_vault (
    user_id TEXT PRIMARY KEY,
    sealed TEXT NOT NULL,
    kept_at INTEGER NOT NULL,
    used_at INTEGER NOT NULL
  )`);
  db.exec('CREATE INDEX IF NOT EXISTS token_vault_used ON token_vault (used_at)');
  const select = db.prepare<[string], Row>('SELECT * FROM token_vault WHERE user_id = ?');
  const upsert = db.prepare(
    'INSERT INTO token_vault (user_id, sealed, kept_at, used_at) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT(user_id) DO UPDATE SET sealed = excluded.sealed, kept_at = excluded.kept_at, ' +
      'used_at = excluded.used_at'
  );
  const remove = db.prepare('DELETE FROM token_vault WHERE user_id = ?');
  const sweep = db.prepare('DELETE FROM token_vault WHERE used_at < ?');

  // `async`: better-sqlite3 is synchronous, and a failing statement must reject, never throw.
  return {
    async get(userId) {
      const row = select.get(userId.toLowerCase());
      return row ? { userId: row.user_id, sealed: row.sealed, keptAt: row.kept_at, usedAt: row.used_at } : undefined;
    },
    async put(entry: VaultEntry) {
      upsert.run(entry.userId.toLowerCase(), entry.sealed, entry.keptAt, entry.usedAt);
    },
    async remove(userId) {
      return remove.run(userId.toLowerCase()).changes > 0;
    },
    async sweep(before) {
      return sweep.run(before).changes;
    }
  };
}
