// Bot state (teams-ai turn state: sign-in flows, dialog state) in SQLite, with the same
// optimistic-concurrency contract as botbuilder's MemoryStorage: a write whose eTag is stale
// fails with "eTag conflict". Structurally a botbuilder Storage; this layer does not import
// botbuilder, the Teams layer passes it in.
import type { SqliteDatabase } from './open-database';

export type StoreItem = { eTag?: string; [key: string]: unknown };
export type StoreItems = Record<string, StoreItem>;

export interface KeyValueStorage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

export function createSqliteKeyValueStorage(db: SqliteDatabase): KeyValueStorage {
  db.exec('CREATE TABLE IF NOT EXISTS bot_state (key TEXT PRIMARY KEY, etag INTEGER NOT NULL, value TEXT NOT NULL)');
  const select = db.prepare<[string], { etag: number; value: string }>(
    'SELECT etag, value FROM bot_state WHERE key = ?'
  );
  const upsert = db.prepare(
    'INSERT INTO bot_state (key, etag, value) VALUES (?, ?, ?) ' +
      'ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, value = excluded.value'
  );
  const remove = db.prepare('DELETE FROM bot_state WHERE key = ?');

  const writeAll = db.transaction((changes: StoreItems) => {
    for (const [key, item] of Object.entries(changes)) {
      const current = select.get(key);
      if (item.eTag && item.eTag !== '*' && current && String(current.etag) !== item.eTag) {
        throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
      const etag = (current?.etag ?? 0) + 1;
      const { eTag: _ignored, ...value } = item;
      upsert.run(key, etag, JSON.stringify(value));
    }
  });

  return {
    async read(keys) {
      const items: StoreItems = {};
      for (const key of keys) {
        const row = select.get(key);
        if (row) items[key] = { ...(JSON.parse(row.value) as object), eTag: String(row.etag) };
      }
      return items;
    },
    async write(changes) {
      writeAll(changes);
    },
    async delete(keys) {
      for (const key of keys) remove.run(key);
    }
  };
}
