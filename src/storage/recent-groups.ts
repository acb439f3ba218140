// The groups each person posted or replied to most recently, newest first: the group picker lists
// them right after the team's own group. Kept in the bot's state database (bot-state.sqlite) so a
// restart does not forget them; at most `perPerson` per person, each forgotten after `ttlMs`.
// Async by contract so a shared store can replace SQLite without touching its callers.
import type { SqliteDatabase } from './open-database';

export interface RecentGroups {
  /** `userId` posted or replied in `groupId` at `at` (ms). */
  used(userId: string, groupId: string, at: number): Promise<void>;
  /** Their group ids, most recently used first, none older than the TTL. */
  recent(userId: string, now: number): Promise<string[]>;
}

export const RECENT_GROUPS_PER_PERSON = 30;
export const RECENT_GROUPS_TTL_MS = 180 * 24 * 60 * 60_000;

export interface RecentGroupsOptions {
  perPerson?: number;
  ttlMs?: number;
}

export function createSqliteRecentGroups(db: SqliteDatabase, options: RecentGroupsOptions = {}): RecentGroups {
  const perPerson = options.perPerson ?? RECENT_GROUPS_PER_PERSON;
  const ttlMs = options.ttlMs ?? RECENT_GROUPS_TTL_MS;
  db.exec(
    'CREATE TABLE IF NOT EXISTS recent_groups (user_id TEXT NOT NULL, group_id TEXT NOT NULL, ' +
      'used_at INTEGER NOT NULL, PRIMARY KEY (user_id, group_id)) WITHOUT ROWID'
  );
  const upsert = db.prepare(
    'INSERT INTO recent_groups (user_id, group_id, used_at) VALUES (?, ?, ?) ' +
      'ON CONFLICT(user_id, group_id) DO UPDATE SET used_at = MAX(used_at, excluded.used_at)'
  );
  // Keeps the newest `perPerson` of this person's rows, and drops their expired ones.
  const trim = db.prepare(
    'DELETE FROM recent_groups WHERE user_id = ? AND (used_at < ? OR group_id NOT IN ' +
      '(SELECT group_id FROM recent_groups WHERE user_id = ? ORDER BY used_at DESC, group_id LIMIT ?))'
  );
  const select = db
    .prepare<[string, number, number], string>(
      'SELECT group_id FROM recent_groups WHERE user_id = ? AND used_at >= ? ORDER BY used_at DESC, group_id LIMIT ?'
    )
    .pluck();
  const touch = db.prepare('UPDATE recent_groups SET used_at = MAX(used_at, ?) WHERE user_id = ? AND group_id = ?');
  // A group the person used before (the usual Post: the same few groups) is one UPDATE; only a new
  // row can take the person over `perPerson`, so only then is the list trimmed (a sorted subquery).
  const write = db.transaction((userId: string, groupId: string, at: number) => {
    if (touch.run(at, userId, groupId).changes > 0) return;
    upsert.run(userId, groupId, at);
    trim.run(userId, at - ttlMs, userId, perPerson);
  });
  const key = (id: string) => id.toLowerCase();
  return {
    async used(userId, groupId, at) {
      write(key(userId), key(groupId), at);
    },
    async recent(userId, now) {
      return select.all(key(userId), now - ttlMs, perPerson);
    }
  };
}
