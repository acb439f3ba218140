// Graph change notifications accepted by the HTTP edge, waiting for a worker (issue 16). The edge
// must answer Graph within seconds, so it only enqueues; a worker takes a few at a time, fetches
// what changed and marks them done. Graph repeats itself (retries, a change sent twice), so each
// item carries a dedupe key (core/change-notifications.ts): a key seen within `dedupeTtlMs` is not
// enqueued again, even once done. A taken item is leased: if its worker dies it is taken again
// after `leaseMs`. In SQLite (bot-state.sqlite), or on Blob for several instances
// (blob/blob-notification-queue.ts).
// Async by contract so a shared store can replace SQLite without touching its callers.
import type { SqliteDatabase } from './open-database';

/** What the edge enqueues: ids and paths only, never a message body or the clientState. */
export interface NotificationItem {
  key: string;
  kind: 'change' | 'lifecycle';
  subscriptionId: string;
  tenantId: string;
  resource?: string;
  resourceId?: string;
  changeType?: string;
  lifecycleEvent?: string;
  /** ms since the epoch, when the edge received it. */
  receivedAt: number;
}

export interface QueuedNotification extends NotificationItem {
  /** The queue's own id, for done(). */
  id: string;
}

export interface NotificationQueue {
  /** Enqueues the items whose key was not seen within the TTL; resolves with how many were new. */
  enqueue(items: readonly NotificationItem[]): Promise<number>;
  /** Up to `limit` items not done and not leased, oldest first; each is leased for `leaseMs`. */
  take(limit: number): Promise<QueuedNotification[]>;
  /** Marks items done: never taken again, their keys still block repeats until the TTL. */
  done(ids: readonly string[]): Promise<void>;
}

export interface NotificationQueueOptions {
  now?: () => number;
  /** How long a key blocks a repeat (Graph retries for up to 4 hours). */
  dedupeTtlMs?: number;
  /** How long a taken item stays with its worker before another take may have it. */
  leaseMs?: number;
}

export const NOTIFICATION_DEDUPE_TTL_MS = 6 * 60 * 60_000;
export const NOTIFICATION_LEASE_MS = 5 * 60_000;

export function createSqliteNotificationQueue(
  db: SqliteDatabase,
  options: NotificationQueueOptions = {}
): NotificationQueue {
  const now = options.now ?? Date.now;
  const ttlMs = options.dedupeTtlMs ?? NOTIFICATION_DEDUPE_TTL_MS;
  const leaseMs = options.leaseMs ?? NOTIFICATION_LEASE_MS;
  db.exec(
    'CREATE TABLE IF NOT EXISTS notification_queue (id INTEGER PRIMARY KEY AUTOINCREMENT, ' +
      'dedupe_key TEXT NOT NULL UNIQUE, item TEXT NOT NULL, enqueued_at INTEGER NOT NULL, ' +
      'lease_until INTEGER NOT NULL DEFAULT 0, done INTEGER NOT NULL DEFAULT 0)'
  );
  db.exec('CREATE INDEX IF NOT EXISTS notification_queue_pending ON notification_queue (done, id)');
  // Only done rows expire: a pending one is work still owed, and its key keeps blocking repeats.
  const purge = db.prepare('DELETE FROM notification_queue WHERE done = 1 AND enqueued_at <= ?');
  const insert = db.prepare(
    'INSERT INTO notification_queue (dedupe_key, item, enqueued_at) VALUES (?, ?, ?) ' +
      'ON CONFLICT (dedupe_key) DO NOTHING'
  );
  const pending = db.prepare<[number, number], { id: number; item: string }>(
    'SELECT id, item FROM notification_queue WHERE done = 0 AND lease_until <= ? ORDER BY id LIMIT ?'
  );
  const lease = db.prepare('UPDATE notification_queue SET lease_until = ? WHERE id = ?');
  // The item is emptied once done: only the key is still needed, for the TTL.
  const finish = db.prepare("UPDATE notification_queue SET done = 1, item = '' WHERE id = ?");

  const enqueueAll = db.transaction((items: readonly NotificationItem[], at: number) => {
    purge.run(at - ttlMs);
    let added = 0;
    for (const item of items) {
      // As JSON: it escapes a lone surrogate, which SQLite's UTF-8 would mangle.
      added += insert.run(item.key, JSON.stringify(item), at).changes;
    }
    return added;
  });
  const takeSome = db.transaction((limit: number, at: number) => {
    const rows = pending.all(at, limit);
    for (const row of rows) lease.run(at + leaseMs, row.id);
    return rows.map(
      (row): QueuedNotification => ({ ...(JSON.parse(row.item) as NotificationItem), id: String(row.id) })
    );
  });
  const finishAll = db.transaction((ids: readonly string[]) => {
    for (const id of ids) if (/^\d{1,15}$/.test(id)) finish.run(Number(id));
  });

  // `async`: better-sqlite3 is synchronous, and a failing statement must reject, never throw.
  return {
    async enqueue(items) {
      return items.length === 0 ? 0 : enqueueAll(items, now());
    },
    async take(limit) {
      return limit <= 0 ? [] : takeSome(Math.floor(limit), now());
    },
    async done(ids) {
      finishAll(ids);
    }
  };
}
