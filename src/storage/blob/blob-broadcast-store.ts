// Broadcasts (broadcast-store.ts) on Blob Storage, shared by every bot instance: a broadcast
// started on one is resumed after a restart by whichever instance starts next. One document per
// broadcast under broadcasts/ (the record whole), with its updatedAt as metadata, which a listing
// returns without reading any body: sweep() finds the old ones by listing names only.
//
// A container cannot be asked "which are running", and resuming at start must not read every
// settled broadcast ever kept (each holds a message of up to 32,000 characters). So while one runs,
// a small marker under broadcasts-running/ (same id as its record) says so: unfinished() lists that
// prefix and reads only those records. The marker is written before the record (a crash between
// leaves a marker that is cleaned, never a running broadcast nobody resumes) and removed after the
// put that settles it. A marker whose record is missing or settled is ignored and, once older than
// a grace period (a create or a retry may be writing its record right now), removed.
import type { ContainerClient } from '@azure/storage-blob';
import { setNewest } from '../../core/bounded-map';
import type { BroadcastRecord, BroadcastStore } from '../broadcast-store';
import { blobDocuments, type DocumentMetadata, type ListedDocument, type StoredDocument } from './blob-documents';
import { sweepListing } from './sweep-listing';
import { byCodeUnits, inBatches } from './in-batches';

interface RunningMarker {
  broadcastId: string;
}

/**
 * Markers one unfinished() reads at most, oldest or not (a listing is in name order): more running
 * broadcasts at once than this is far past what one team's people start, and the ones left out are
 * resumed by a later call once some of these settle.
 */
export const UNFINISHED_SCAN_MAX = 1000;
/**
 * Documents one sweep() lists at most (names and metadata, no bodies: pages of 1,000, at most 10
 * requests), going on where the previous call stopped: bounded work however many are kept.
 */
export const SWEEP_LIST_MAX = 5000;
/** A marker this young is never removed: its record may be being written (or made to run again). */
export const MARKER_GRACE_MS = 10 * 60 * 1000;
const PAGE = 1000;
const MAX_REQUESTS = 10;

export interface BlobBroadcastOptions {
  markerGraceMs?: number;
  sweepListMax?: number;
  /** The clock a marker's age is measured by (its lastModified is the storage's). */
  now?: () => number;
}

export function createBlobBroadcastStore(
  container: ContainerClient,
  options: BlobBroadcastOptions = {}
): BroadcastStore {
  const graceMs = options.markerGraceMs ?? MARKER_GRACE_MS;
  const sweepListMax = options.sweepListMax ?? SWEEP_LIST_MAX;
  const now = options.now ?? Date.now;
  const records = blobDocuments<BroadcastRecord>(container, 'broadcasts');
  const markers = blobDocuments<RunningMarker>(container, 'broadcasts-running');
  // Broadcasts whose marker this instance wrote or found: a put while running is then one write
  // (the record), not two. Only a hint for this instance's own runner; bounded like the ledger's.
  const marked = new Map<string, true>();
  const listing = sweepListing(records, sweepListMax);

  const keyOf = (broadcastId: string) => broadcastId.toLowerCase();
  const metadataOf = (record: BroadcastRecord): DocumentMetadata => ({ updatedat: String(record.updatedAt) });
  /** The record, only if it is this key's (never another's behind the same hash). */
  const own = (held: StoredDocument<BroadcastRecord> | undefined, key: string) =>
    held && keyOf(held.value.broadcastId) === key ? held.value : undefined;
  const markRunning = async (key: string) => {
    await markers.put(key, { broadcastId: key });
    setNewest(marked, key, true, 10_000);
  };

  /** The running record a marker stands for; a stale marker (record gone or settled) is cleaned. */
  const resolve = async (marker: ListedDocument): Promise<BroadcastRecord | undefined> => {
    const record = (await records.readId(marker.id))?.value;
    if (record?.status === 'running' && records.idOf(keyOf(record.broadcastId)) === marker.id) {
      setNewest(marked, keyOf(record.broadcastId), true, 10_000);
      return record;
    }
    // By its eTag: a marker written again since the listing (the broadcast runs again) stays.
    if (marker.lastModified.getTime() <= now() - graceMs) await markers.removeId(marker.id, marker.etag);
    return undefined;
  };

  /** Removes a record listed as older than `before` (unless written since), and its marker: 1 if it went. */
  const sweepOne = async (listed: ListedDocument, before: number): Promise<number> => {
    const stated = Number(listed.metadata.updatedat);
    const updatedAt = Number.isFinite(stated) ? stated : listed.lastModified.getTime();
    if (updatedAt >= before || !(await records.removeId(listed.id, listed.etag))) return 0;
    await markers.removeId(listed.id);
    return 1;
  };

  return {
    async create(record) {
      const key = keyOf(record.broadcastId);
      if (record.status === 'running') await markRunning(key);
      const created = await records.create(key, record, metadataOf(record));
      if (created !== 'exists') return true;
      // Not ours: whether that broadcast runs is its own marker's business (a settled one's is cleaned).
      marked.delete(key);
      return false;
    },
    async get(broadcastId) {
      const key = keyOf(broadcastId);
      return own(await records.read(key), key);
    },
    async put(record) {
      const key = keyOf(record.broadcastId);
      if (record.status === 'running') {
        // Marker first, and only when this instance has not written or found it already.
        if (!marked.has(key)) await markRunning(key);
        await records.put(key, record, metadataOf(record));
        return;
      }
      await records.put(key, record, metadataOf(record));
      marked.delete(key);
      await markers.remove(key);
    },
    async unfinished(limit) {
      const running: BroadcastRecord[] = [];
      let listed = 0;
      let from: string | undefined;
      // The service may answer a page with fewer names than asked (even none): requests are bounded too.
      for (let requests = 0; requests < MAX_REQUESTS && listed < UNFINISHED_SCAN_MAX; requests++) {
        const page = await markers.list(Math.min(PAGE, UNFINISHED_SCAN_MAX - listed), from);
        listed += page.documents.length;
        for (const found of await inBatches(page.documents, resolve)) if (found) running.push(found);
        from = page.next;
        if (!from) break;
      }
      // As SQLite orders them: by updated_at, then by (lower-case) id.
      running.sort((a, b) => a.updatedAt - b.updatedAt || byCodeUnits(keyOf(a.broadcastId), keyOf(b.broadcastId)));
      return running.slice(0, Math.max(0, limit));
    },
    sweep: (before) => listing.sweep((doc) => sweepOne(doc, before))
  };
}
