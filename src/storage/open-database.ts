// One SQLite file per purpose under DATA_DIR (or in memory for tests). WAL lets readers run
// while a write commits; busy_timeout makes a second process wait for a lock instead of failing.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

export function openDatabase(dataDir: string | undefined, fileName: string): SqliteDatabase {
  if (!dataDir) return new Database(':memory:');
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, fileName));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}
