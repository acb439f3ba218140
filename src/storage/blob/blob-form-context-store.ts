// What a form was opened with (form-context-store.ts), on Blob Storage: a form opened on one bot
// instance and posted (or failed, and shown again) on another finds its groups, people and the
// message action's HTML. One document per draftId under forms/; bounded by its TTL (default 24
// hours, as the memory store) and size (blob-ttl-cache.ts says why the memory store's byte total
// and per-person cap are not repeated).
import type { ContainerClient } from '@azure/storage-blob';
import { FORM_CONTEXT_DEFAULTS, type FormContext, type FormContextStore } from '../form-context-store';
import { type BlobCacheOptions, createBlobTtlCache } from './blob-ttl-cache';

/** The caller still checks `openedBy`: the store gives a draftId's own record, to anyone who asks. */
export function createBlobFormContextStore(container: ContainerClient, options?: BlobCacheOptions): FormContextStore {
  return createBlobTtlCache<FormContext>(container, 'forms', FORM_CONTEXT_DEFAULTS.ttlMs, options);
}
