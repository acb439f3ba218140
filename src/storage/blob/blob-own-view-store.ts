// The person's own view of a shared card (own-view-store.ts), on Blob Storage: Teams may ask any
// bot instance for the refresh, so the view an instance saved must be readable by all of them.
// One document per viewId under own-views/; bounded by its TTL (default 24 hours, as the memory
// store) and size (blob-ttl-cache.ts says why the memory store's byte total and per-person cap
// are not repeated).
import type { ContainerClient } from '@azure/storage-blob';
import { OWN_VIEW_DEFAULTS, type OwnView, type OwnViewStore } from '../own-view-store';
import { type BlobCacheOptions, createBlobTtlCache } from './blob-ttl-cache';

/** The caller still checks `aadObjectId`: the store gives a viewId's own record, to anyone who asks. */
export function createBlobOwnViewStore(container: ContainerClient, options?: BlobCacheOptions): OwnViewStore {
  return createBlobTtlCache<OwnView>(container, 'own-views', OWN_VIEW_DEFAULTS.ttlMs, options);
}
