// Messages too long for a retry form (kept-draft-store.ts), on Blob Storage: the Post that reads
// one back may reach another bot instance than the one that kept it. The SQLite store's rules:
// keyed by draftId AND person (lower case, as Graph writes ids), a new keep replaces, absent once
// expired, and expireBy only ever brings the expiry forward (eTag-guarded, so two instances
// shortening it at once keep the earlier time, and neither brings back a later one).
import type { ContainerClient } from '@azure/storage-blob';
import { AppError } from '../../core/errors';
import { jsonBytes } from '../budgeted-memory-map';
import { KEPT_DRAFT_TTL_MS, type KeptDraftStore } from '../kept-draft-store';
import { AGAIN, blobDocuments, untilSettled } from './blob-documents';
import { BLOB_DOCUMENT_MAX_BYTES } from './blob-ttl-cache';

interface KeptDocument {
  draftId: string;
  personId: string;
  /** As the person typed it; JSON escapes a lone surrogate, so it comes back exactly. */
  body: string;
  expiresAt: number;
}

export interface BlobKeptDraftOptions {
  /** Default KEPT_DRAFT_TTL_MS (24 hours), as the SQLite store. */
  ttlMs?: number;
  /** One kept message's size (jsonBytes); default BLOB_DOCUMENT_MAX_BYTES. */
  maxEntryBytes?: number;
}

export function createBlobKeptDraftStore(
  container: ContainerClient,
  options: BlobKeptDraftOptions = {}
): KeptDraftStore {
  const ttlMs = options.ttlMs ?? KEPT_DRAFT_TTL_MS;
  const maxEntryBytes = options.maxEntryBytes ?? BLOB_DOCUMENT_MAX_BYTES;
  // SQLite deletes every expired row when a message is kept; a container cannot be queried that
  // way, so an expired one is removed when met, and the storage account's lifecycle management
  // rule on kept-drafts/ (infra) deletes the ones never met again.
  const docs = blobDocuments<KeptDocument>(container, 'kept-drafts');
  const ids = (draftId: string, personId: string) => ({
    draftId: draftId.toLowerCase(),
    personId: personId.toLowerCase()
  });
  // A JSON pair, not "draft:person": a draftId comes from card data and may hold any separator.
  const keyOf = (id: { draftId: string; personId: string }) => JSON.stringify([id.draftId, id.personId]);
  const read = async (id: { draftId: string; personId: string }) => {
    const held = await docs.read(keyOf(id));
    // Only this form's and this person's document, never another's behind the same hash.
    return held && held.value.draftId === id.draftId && held.value.personId === id.personId ? held : undefined;
  };

  return {
    ttlMs,
    async keep(draftId, personId, body, now) {
      const id = ids(draftId, personId);
      const document: KeptDocument = { ...id, body, expiresAt: now + ttlMs };
      // Refused, not dropped: a message the form says is kept must be there for the next Post.
      // Teams delivers nothing near this size; reaching it means something is wrong, not a long message.
      if (jsonBytes(keyOf(id), document) > maxEntryBytes) {
        throw new AppError('storage_unavailable', `Blob storage: a kept message over ${maxEntryBytes} bytes`);
      }
      await docs.put(keyOf(id), document);
    },
    async get(draftId, personId, now) {
      const id = ids(draftId, personId);
      const held = await read(id);
      if (!held) return undefined;
      if (held.value.expiresAt <= now) {
        await docs.remove(keyOf(id), held.etag);
        return undefined;
      }
      return held.value.body;
    },
    async expireBy(draftId, personId, expiresAt) {
      const id = ids(draftId, personId);
      await untilSettled('shortening a kept message', async () => {
        const held = await read(id);
        if (!held || held.value.expiresAt <= expiresAt) return undefined;
        const shorter = { ...held.value, expiresAt };
        return (await docs.replace(keyOf(id), shorter, held.etag)) === 'changed' ? AGAIN : undefined;
      });
    },
    async forget(draftId, personId) {
      await docs.remove(keyOf(ids(draftId, personId)));
    }
  };
}
