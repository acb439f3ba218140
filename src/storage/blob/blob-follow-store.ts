// Follows (follow-store.ts) on Blob Storage, shared by every instance: a notification reaches any
// instance, and whichever renews a subscription must find the same follow. Documents:
//   follows/                  the record whole, by followId, with what the listings select on as
//                             metadata (status, renewAt, createdAt, updatedAt, the channel's hash)
//   follows-active/           a marker per channel and group (sha256 of `channelId|groupId`) naming
//                             the active follow: created only if absent, so two people pressing
//                             Follow at once on two instances make one follow
//   follows-by-subscription/  a pointer from Graph's subscription id (lower case) to the follow
//   follow-threads/{id}/      each thread's card, by thread id, with its lastDeliveredAt as metadata,
//                             under its follow's document id (sha256 of the followId)
// Names are hashes (blob-documents.ts): ids of people, channels and groups stay out of storage logs.
//
// A container cannot be queried, so ofChannel, due and sweep list follows/ by name and metadata
// (no body read) and read only the ones that match. That is fine at this scale: a tenant's team
// channels follow hundreds of groups, not millions; the listing is bounded (FOLLOW_LIST_MAX) and
// says so if ever reached. The sweep lists each follow's thread cards, once per sweep.
import { createHash } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { AppError } from '../../core/errors';
import type { FollowRecord, FollowStore, ThreadCard } from '../follow-store';
import {
  AGAIN,
  type BlobDocuments,
  blobDocuments,
  type DocumentMetadata,
  type ListedDocument,
  untilSettled
} from './blob-documents';
import { byCodeUnits, inBatches } from './in-batches';

interface ActiveMarker {
  key: string;
  followId: string;
  /** ms since the epoch: when the marker was claimed (a create still writing its record is young). */
  at: number;
}

interface SubscriptionPointer {
  subscriptionId: string;
  followId: string;
}

/** Follow documents one listing reads at most (pages of 1,000): far past hundreds of follows. */
export const FOLLOW_LIST_MAX = 10_000;
/**
 * A marker whose follow has no record yet is another instance's create still under way until
 * this old; after it, that create died between its two writes and the marker is taken over.
 */
export const MARKER_GRACE_MS = 60_000;
const PAGE = 1000;

export interface BlobFollowOptions {
  now?: () => number;
  markerGraceMs?: number;
}

export function createBlobFollowStore(container: ContainerClient, options: BlobFollowOptions = {}): FollowStore {
  const now = options.now ?? Date.now;
  const graceMs = options.markerGraceMs ?? MARKER_GRACE_MS;
  const records = blobDocuments<FollowRecord>(container, 'follows');
  const markers = blobDocuments<ActiveMarker>(container, 'follows-active');
  const pointers = blobDocuments<SubscriptionPointer>(container, 'follows-by-subscription');
  // Under the follow's document id (its hash), so a listing of follows/ pairs with its cards unread.
  const threadsIn = (id: string): BlobDocuments<ThreadCard> =>
    blobDocuments<ThreadCard>(container, `follow-threads/${id}`);
  const threadsOf = (followId: string) => threadsIn(records.idOf(followId));

  const activeKey = (r: FollowRecord) => `${r.channelId}|${r.groupId.toLowerCase()}`;
  const channelHash = (channelId: string) => createHash('sha256').update(channelId, 'utf8').digest('hex');
  const metadataOf = (r: FollowRecord): DocumentMetadata => ({
    status: r.status,
    renewat: String(r.renewAt),
    createdat: String(r.createdAt),
    updatedat: String(r.updatedAt),
    channel: channelHash(r.channelId)
  });
  /** The record, only if it is this id's (never another's behind the same hash). */
  const read = async (followId: string) => {
    const held = await records.read(followId);
    return held && held.value.followId === followId ? held : undefined;
  };

  /** Every follow's listing entry (names and metadata only), bounded. */
  const listAll = async (): Promise<ListedDocument[]> => {
    const all: ListedDocument[] = [];
    let from: string | undefined;
    do {
      const page = await records.list(PAGE, from);
      all.push(...page.documents);
      from = page.next;
      if (from && all.length >= FOLLOW_LIST_MAX) {
        throw new AppError('storage_unavailable', `Blob storage: more than ${FOLLOW_LIST_MAX} follows to list`);
      }
    } while (from);
    return all;
  };
  const readListed = async (listed: ListedDocument[]) =>
    (await inBatches(listed, async (doc) => (await records.readId(doc.id))?.value)).filter(
      (r): r is FollowRecord => r !== undefined
    );
  const numberOf = (doc: ListedDocument, name: string) => Number(doc.metadata[name]);

  /** Claims the channel+group marker for `record`: false when another active follow holds it. */
  const claim = (record: FollowRecord) =>
    untilSettled('a follow marker', async (): Promise<boolean | typeof AGAIN> => {
      const key = activeKey(record);
      const mine: ActiveMarker = { key, followId: record.followId, at: now() };
      if ((await markers.create(key, mine)) !== 'exists') return true;
      const held = await markers.read(key);
      if (!held) return AGAIN;
      if (held.value.followId === record.followId) return false;
      const holder = held.value.key === key ? (await read(held.value.followId))?.value : undefined;
      if (holder?.status === 'active' && activeKey(holder) === key) return false;
      // A create under way on another instance has a marker and no record yet: not taken over.
      if (!holder && held.value.key === key && held.value.at > now() - graceMs) return false;
      // Stale: its follow stopped (the marker's removal failed) or its create died half-way.
      return (await markers.replace(key, mine, held.etag)) === 'changed' ? AGAIN : true;
    });
  /** Removes the marker if it still names this follow. */
  const release = async (record: FollowRecord) => {
    const key = activeKey(record);
    const held = await markers.read(key);
    if (held?.value.followId === record.followId) await markers.remove(key, held.etag);
  };
  const point = (record: FollowRecord) =>
    record.subscriptionId
      ? pointers.put(record.subscriptionId.toLowerCase(), {
          subscriptionId: record.subscriptionId.toLowerCase(),
          followId: record.followId
        })
      : Promise.resolve('');
  const unpoint = async (subscriptionId: string | undefined, followId: string) => {
    if (!subscriptionId) return;
    const held = await pointers.read(subscriptionId.toLowerCase());
    if (held?.value.followId === followId) await pointers.remove(subscriptionId.toLowerCase(), held.etag);
  };
  /** Removes the cards of the follow whose document id is `id` (only those delivered before `before`, when given). */
  const removeThreads = async (id: string, before?: number) => {
    const threads = threadsIn(id);
    let from: string | undefined;
    do {
      const page = await threads.list(PAGE, from);
      const old = page.documents.filter((doc) => before === undefined || numberOf(doc, 'lastdeliveredat') < before);
      await inBatches(old, (doc) => threads.removeId(doc.id, doc.etag));
      from = page.next;
    } while (from);
  };

  return {
    async create(record) {
      if (record.status === 'active' && !(await claim(record))) return false;
      // Pointer first: a follow found by id is found by its subscription too (a stale pointer is checked).
      await point(record);
      if ((await records.create(record.followId, record, metadataOf(record))) !== 'exists') return true;
      // That follow id is already kept (a retried create): nothing changes, and its marker stays.
      return false;
    },
    async get(followId) {
      return (await read(followId))?.value;
    },
    async bySubscription(subscriptionId) {
      const held = await pointers.read(subscriptionId.toLowerCase());
      if (!held || held.value.subscriptionId !== subscriptionId.toLowerCase()) return undefined;
      const record = (await read(held.value.followId))?.value;
      // A pointer left by a subscription the follow no longer has is no answer.
      return record?.subscriptionId?.toLowerCase() === subscriptionId.toLowerCase() ? record : undefined;
    },
    async ofChannel(channelId) {
      const hash = channelHash(channelId);
      const listed = (await listAll()).filter((d) => d.metadata.channel === hash && d.metadata.status === 'active');
      const found = (await readListed(listed)).filter((r) => r.channelId === channelId && r.status === 'active');
      return found.sort((a, b) => a.createdAt - b.createdAt || byCodeUnits(a.followId, b.followId));
    },
    async due(at, limit) {
      if (limit <= 0) return [];
      const listed = (await listAll())
        .filter((d) => d.metadata.status === 'active' && numberOf(d, 'renewat') <= at)
        .sort((a, b) => numberOf(a, 'renewat') - numberOf(b, 'renewat'));
      // Every one up to the limit-th's renewAt: ties are ordered by followId, known only once read.
      const last = listed[Math.min(Math.floor(limit), listed.length) - 1];
      const upTo = last ? numberOf(last, 'renewat') : at;
      const found = (await readListed(listed.filter((d) => numberOf(d, 'renewat') <= upTo))).filter(
        (r) => r.status === 'active' && r.renewAt <= at
      );
      found.sort((a, b) => a.renewAt - b.renewAt || byCodeUnits(a.followId, b.followId));
      return found.slice(0, Math.floor(limit));
    },
    async put(record) {
      const before = await untilSettled('a follow', async (): Promise<FollowRecord | undefined | typeof AGAIN> => {
        const held = await read(record.followId);
        if (!held) return undefined;
        // Conditional: a sweep removing the follow meanwhile is not undone by this put.
        const written = await records.replace(record.followId, record, held.etag, metadataOf(record));
        return written === 'changed' ? AGAIN : held.value;
      });
      if (!before) return;
      if (record.subscriptionId?.toLowerCase() !== before.subscriptionId?.toLowerCase()) {
        await point(record);
        await unpoint(before.subscriptionId, record.followId);
      }
      if (record.status === 'stopped') await release(record);
    },
    async getThread(followId, threadId) {
      const held = await threadsOf(followId).read(threadId);
      return held && held.value.followId === followId && held.value.threadId === threadId ? held.value : undefined;
    },
    async putThread(card) {
      await threadsOf(card.followId).put(card.threadId, card, { lastdeliveredat: String(card.lastDeliveredAt) });
    },
    async sweep(before) {
      let removed = 0;
      const listed = await listAll();
      const old = listed.filter((d) => d.metadata.status === 'stopped' && numberOf(d, 'updatedat') < before);
      const swept = new Set(old);
      await inBatches(old, async (doc) => {
        const record = (await records.readId(doc.id))?.value;
        if (record?.status !== 'stopped' || record.updatedAt >= before) return;
        // By the eTag read: a follow written since (started again) stays.
        if (!(await records.removeId(doc.id, doc.etag))) return;
        removed++;
        await removeThreads(doc.id);
        await unpoint(record.subscriptionId, record.followId);
        await release(record);
      });
      // Quiet threads of the follows kept: each follow's cards listed by metadata, none read.
      for (const doc of listed) if (!swept.has(doc)) await removeThreads(doc.id, before);
      return removed;
    }
  };
}
