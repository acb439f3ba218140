// What the form-context and own-view stores share on Blob Storage (issue 14: a form opened on one
// instance is posted on another; a view saved on one is refreshed on another): one document per
// key, the last save wins, read as absent once its TTL is over, and a document over the size cap
// never written. The memory stores' other two bounds are not repeated here, on purpose:
// - the total of all bytes is the storage account's, not the process's memory;
// - the per-person cap of live entries was there so that one person opening form after form could
//   not push everyone else's out of a shared memory budget. On Blob nobody's entry displaces
//   another's, so that reason is gone: the TTL, and the storage account's lifecycle management rule
//   on the prefix (infra: a couple of days), bound what one person leaves behind.
import type { ContainerClient } from '@azure/storage-blob';
import { jsonBytes } from '../budgeted-memory-map';
import { blobDocuments } from './blob-documents';

/**
 * The largest document a Blob cache writes, as jsonBytes measures it (UTF-16, as the memory stores
 * do). A form or a view is ~30 KB at most (Teams refuses a card over ~100 KB): anything near a
 * megabyte is not one the bot made for a person, and is treated as the memory store treats an
 * entry over its whole budget: not kept.
 */
export const BLOB_DOCUMENT_MAX_BYTES = 1024 * 1024;

/** What a Blob cache store (forms, own views) is built with. */
export interface BlobCacheOptions {
  /** An entry is absent this long after it was saved; default the memory store's. */
  ttlMs?: number;
  /** One entry's size (jsonBytes); a larger one is not kept. Default BLOB_DOCUMENT_MAX_BYTES. */
  maxEntryBytes?: number;
  now?: () => number;
}

export interface BlobTtlCache<V> {
  save(key: string, value: V): Promise<void>;
  get(key: string): Promise<V | undefined>;
}

interface CachedDocument<V> {
  /** The key itself: a document is given out only for its own key, never for another's hash. */
  key: string;
  value: V;
  expiresAt: number;
}

/** `prefix`: one per store. `V` must survive JSON (JSON.stringify escapes a lone surrogate, so text does). */
export function createBlobTtlCache<V>(
  container: ContainerClient,
  prefix: string,
  defaultTtlMs: number,
  options: BlobCacheOptions = {}
): BlobTtlCache<V> {
  const ttlMs = options.ttlMs ?? defaultTtlMs;
  const maxEntryBytes = options.maxEntryBytes ?? BLOB_DOCUMENT_MAX_BYTES;
  const now = options.now ?? Date.now;
  const docs = blobDocuments<CachedDocument<V>>(container, prefix);
  return {
    async save(key, value) {
      if (jsonBytes(key, value) > maxEntryBytes) {
        // As the memory store: a save it does not keep still forgets what the key held before.
        await docs.remove(key);
        return;
      }
      await docs.put(key, { key, value, expiresAt: now() + ttlMs });
    },
    async get(key) {
      const held = await docs.read(key);
      if (!held || held.value.key !== key) return undefined;
      if (now() >= held.value.expiresAt) {
        // Removed when met (by its eTag: a save meanwhile stays); the lifecycle rule takes the rest.
        await docs.remove(key, held.etag);
        return undefined;
      }
      return held.value.value;
    }
  };
}
