// The notification queue (notification-queue.ts) on Blob Storage, shared by every instance: Graph
// posts a notification to whichever instance the load balancer picks, and any instance's worker
// may take it. Documents:
//   notification-keys/   one per dedupe key (its hash), created only if absent: the first delivery
//                        of a change wins, a repeat within the TTL finds it there. It stays after
//                        the item is done, until the TTL; an expired one is written over by the
//                        next delivery of that key. Nothing here deletes expired ones: that is for
//                        a lifecycle rule on the prefix (2 days is far past the 6-hour TTL).
//   notification-queue/  one per pending item, named `{receivedAt}-{sequence}-{hash of key}` so a
//                        listing (name order) is oldest first; its lease as metadata, so a take
//                        reads only the items no one holds. Removed when done.
// A take leases an item by an ETag-conditional write: of two instances taking at once, one wins
// each item, and the other moves on. Only ids and paths are kept (NotificationItem), never a body.
import type { ContainerClient } from '@azure/storage-blob';
import {
  type NotificationItem,
  type NotificationQueue,
  type NotificationQueueOptions,
  NOTIFICATION_DEDUPE_TTL_MS,
  NOTIFICATION_LEASE_MS,
  type QueuedNotification
} from '../notification-queue';
import { BLOB_CALL_DEADLINE_MS, blobDocuments, type DocumentMetadata } from './blob-documents';

interface KeyDocument {
  key: string;
  /** ms since the epoch: when this delivery of the key was enqueued. */
  at: number;
  /** The queue document it made (still there while its work is owed). */
  item: string;
}

interface ItemDocument {
  item: NotificationItem;
  /** ms since the epoch: taken by a worker until then (0: never taken). */
  leaseUntil: number;
}

/**
 * Queue documents one take lists at most (one request): a backlog deeper than this behind items
 * all leased waits for those leases to end. Far past what a worker takes at once.
 */
export const TAKE_SCAN_MAX = 1000;
const ITEM_NAME = /^\d{15}-\d{9}-[0-9a-f]{64}$/;

export function createBlobNotificationQueue(
  container: ContainerClient,
  options: NotificationQueueOptions = {}
): NotificationQueue {
  const now = options.now ?? Date.now;
  const ttlMs = options.dedupeTtlMs ?? NOTIFICATION_DEDUPE_TTL_MS;
  const leaseMs = options.leaseMs ?? NOTIFICATION_LEASE_MS;
  const keys = blobDocuments<KeyDocument>(container, 'notification-keys');
  const items = blobDocuments<ItemDocument>(container, 'notification-queue', BLOB_CALL_DEADLINE_MS, 'key');
  // Orders items received in the same millisecond by this instance (one batch, or batches in a row).
  let sequence = 0;
  const nameOf = (item: NotificationItem) => {
    const at = String(Math.max(0, Math.floor(item.receivedAt))).padStart(15, '0');
    sequence = (sequence + 1) % 1_000_000_000;
    return `${at}-${String(sequence).padStart(9, '0')}-${keys.idOf(item.key)}`;
  };
  const leased = (leaseUntil: number): DocumentMetadata => ({ leaseuntil: String(leaseUntil) });

  /** Claims the item's key for this delivery: its queue document's name, or undefined for a repeat. */
  const claim = async (item: NotificationItem, at: number): Promise<{ name: string; etag: string } | undefined> => {
    const name = nameOf(item);
    const mine: KeyDocument = { key: item.key, at, item: name };
    const created = await keys.create(item.key, mine);
    if (created !== 'exists') return { name, etag: created };
    const held = await keys.read(item.key);
    // Gone between the two calls: only a lifecycle rule removes keys, and only long-expired ones.
    if (!held) return undefined;
    if (held.value.key === item.key && held.value.at > at - ttlMs) return undefined;
    // Past the TTL, yet its work still owed: never enqueued twice.
    if (ITEM_NAME.test(held.value.item) && (await items.read(held.value.item))) return undefined;
    const replaced = await keys.replace(item.key, mine, held.etag);
    // Lost to another instance enqueueing the same key right now: theirs is the one.
    return replaced === 'changed' ? undefined : { name, etag: replaced };
  };

  const enqueueOne = async (item: NotificationItem, at: number): Promise<number> => {
    const claimed = await claim(item, at);
    if (!claimed) return 0;
    try {
      await items.create(claimed.name, { item, leaseUntil: 0 }, leased(0));
    } catch (err) {
      // The key must not block Graph's retry of a delivery that was never queued: the edge
      // answers with an error, Graph sends it again. Should this removal fail too, its own
      // storage_unavailable is the answer (the same one), and the key blocks until the TTL.
      await keys.remove(item.key, claimed.etag);
      throw err;
    }
    return 1;
  };

  /** Leases one listed item if no one holds it: the item, or undefined when another took it first. */
  const lease = async (name: string, at: number): Promise<QueuedNotification | undefined> => {
    const held = await items.read(name);
    if (!held || held.value.leaseUntil > at) return undefined;
    const until = at + leaseMs;
    const written = await items.replace(name, { ...held.value, leaseUntil: until }, held.etag, leased(until));
    return written === 'changed' ? undefined : { ...held.value.item, id: name };
  };

  return {
    async enqueue(batch) {
      const at = now();
      let added = 0;
      // One at a time, in order: a key repeated within the batch finds its first one's document.
      for (const item of batch) added += await enqueueOne(item, at);
      return added;
    },
    async take(limit) {
      const wanted = Math.floor(limit);
      if (wanted <= 0) return [];
      const at = now();
      const { documents } = await items.list(TAKE_SCAN_MAX);
      const free = documents.filter((doc) => !(Number(doc.metadata.leaseuntil) > at)).map((doc) => doc.id);
      const taken: QueuedNotification[] = [];
      // A batch of `wanted` at once, oldest first: the ones another instance took are skipped.
      for (let i = 0; i < free.length && taken.length < wanted; i += wanted - taken.length) {
        const batch = free.slice(i, i + wanted - taken.length);
        for (const got of await Promise.all(batch.map((name) => lease(name, at)))) if (got) taken.push(got);
      }
      return taken;
    },
    async done(ids) {
      // Only names this queue gives out; whatever lease it has (its worker is the one finishing).
      await Promise.all(ids.filter((id) => ITEM_NAME.test(id)).map((id) => items.remove(id)));
    }
  };
}
