// Follows (follow-store.ts) in SQLite, in bot-state.sqlite: one row per follow, the record whole as
// JSON, and beside it only the columns the queries select on. One active follow per channel and
// group is the database's own rule (a partial unique index), so two people pressing Follow at once
// make one follow and one subscription. Thread cards are rows of their own, by follow and thread.
import type { FollowRecord, FollowStore, ThreadCard } from './follow-store';
import type { SqliteDatabase } from './open-database';

export function createSqliteFollowStore(db: SqliteDatabase): FollowStore {
  db.exec(`CREATE TABLE IF NOT EXISTS follows (
    follow_id TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL,
    group_id TEXT NOT NULL,
    subscription_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'stopped')),
    renew_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    record TEXT NOT NULL
  )`);
  db.exec(
    'CREATE UNIQUE INDEX IF NOT EXISTS follows_one_active ON follows (channel_id, group_id) ' +
      "WHERE status = 'active'"
  );
  db.exec('CREATE INDEX IF NOT EXISTS follows_by_subscription ON follows (subscription_id)');
  db.exec('CREATE INDEX IF NOT EXISTS follows_of_channel ON follows (channel_id, status, created_at)');
  db.exec('CREATE INDEX IF NOT EXISTS follows_due ON follows (status, renew_at)');
  db.exec(`CREATE TABLE IF NOT EXISTS follow_threads (
    follow_id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    last_delivered_at INTEGER NOT NULL,
    card TEXT NOT NULL,
    PRIMARY KEY (follow_id, thread_id)
  )`);
  db.exec('CREATE INDEX IF NOT EXISTS follow_threads_delivered ON follow_threads (last_delivered_at)');

  const columns = (r: FollowRecord) =>
    [
      r.channelId,
      r.groupId.toLowerCase(),
      r.subscriptionId?.toLowerCase() ?? null,
      r.status,
      r.renewAt,
      r.createdAt,
      r.updatedAt,
      // As JSON: it escapes a lone surrogate (a group's name may hold one), which UTF-8 would mangle.
      JSON.stringify(r),
      r.followId
    ] as const;
  // ON CONFLICT DO NOTHING, not INSERT OR IGNORE: only a uniqueness conflict (the same follow, or an
  // active one of that channel and group) is "not created"; a bad row still fails loudly.
  const insert = db.prepare(
    'INSERT INTO follows (channel_id, group_id, subscription_id, status, renew_at, created_at, updated_at, ' +
      'record, follow_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'
  );
  const update = db.prepare(
    'UPDATE follows SET channel_id = ?, group_id = ?, subscription_id = ?, status = ?, renew_at = ?, ' +
      'created_at = ?, updated_at = ?, record = ? WHERE follow_id = ?'
  );
  type Row = { record: string };
  const byId = db.prepare<[string], Row>('SELECT record FROM follows WHERE follow_id = ?');
  // Newest first: a subscription id is Graph's and unique, but a stale copy must never win.
  const bySubscription = db.prepare<[string], Row>(
    'SELECT record FROM follows WHERE subscription_id = ? ORDER BY updated_at DESC LIMIT 1'
  );
  const ofChannel = db.prepare<[string], Row>(
    "SELECT record FROM follows WHERE channel_id = ? AND status = 'active' ORDER BY created_at, follow_id"
  );
  const due = db.prepare<[number, number], Row>(
    "SELECT record FROM follows WHERE status = 'active' AND renew_at <= ? ORDER BY renew_at, follow_id LIMIT ?"
  );
  const getThread = db.prepare<[string, string], { card: string }>(
    'SELECT card FROM follow_threads WHERE follow_id = ? AND thread_id = ?'
  );
  const putThread = db.prepare(
    'INSERT INTO follow_threads (follow_id, thread_id, last_delivered_at, card) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (follow_id, thread_id) DO UPDATE SET last_delivered_at = excluded.last_delivered_at, ' +
      'card = excluded.card'
  );
  const sweepThreadsOfStopped = db.prepare(
    'DELETE FROM follow_threads WHERE follow_id IN ' +
      "(SELECT follow_id FROM follows WHERE status = 'stopped' AND updated_at < ?)"
  );
  const sweepFollows = db.prepare("DELETE FROM follows WHERE status = 'stopped' AND updated_at < ?");
  const sweepQuietThreads = db.prepare('DELETE FROM follow_threads WHERE last_delivered_at < ?');
  const sweepAll = db.transaction((before: number) => {
    sweepThreadsOfStopped.run(before);
    const gone = sweepFollows.run(before).changes;
    sweepQuietThreads.run(before);
    return gone;
  });
  const parse = (row: Row) => JSON.parse(row.record) as FollowRecord;

  // `async`: better-sqlite3 is synchronous, and a failing statement must reject, never throw.
  return {
    async create(record) {
      return insert.run(...columns(record)).changes === 1;
    },
    async get(followId) {
      const row = byId.get(followId);
      return row ? parse(row) : undefined;
    },
    async bySubscription(subscriptionId) {
      const row = bySubscription.get(subscriptionId.toLowerCase());
      return row ? parse(row) : undefined;
    },
    async ofChannel(channelId) {
      return ofChannel.all(channelId).map(parse);
    },
    async due(at, limit) {
      return limit <= 0 ? [] : due.all(at, Math.floor(limit)).map(parse);
    },
    async put(record) {
      update.run(...columns(record));
    },
    async getThread(followId, threadId) {
      const row = getThread.get(followId, threadId);
      return row ? (JSON.parse(row.card) as ThreadCard) : undefined;
    },
    async putThread(card) {
      putThread.run(card.followId, card.threadId, card.lastDeliveredAt, JSON.stringify(card));
    },
    async sweep(before) {
      return sweepAll(before);
    }
  };
}
