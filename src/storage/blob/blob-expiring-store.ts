// Short-lived, single-use entries (expiring-store.ts: the sign-in's spent nonces and verification
// codes) on Blob Storage, so that a sign-in started on one instance finishes on another. `add`
// is a create (If-None-Match: *) or the replace of an expired entry by its eTag; `take` reads,
// then removes by that eTag: of two instances taking the same key, exactly one gets the value.
import type { ContainerClient } from '@azure/storage-blob';
import type { ExpiringStore } from '../expiring-store';
import { AGAIN, blobDocuments, untilSettled } from './blob-documents';

interface EntryDocument<T> {
  key: string;
  value: T;
  expiresAt: number;
}

/** `prefix`: one per store (codes and nonces must not share keys). `T` must survive JSON. */
export function createBlobExpiringStore<T>(container: ContainerClient, prefix: string): ExpiringStore<T> {
  // Expired entries are treated as absent and removed when met; those never met again are
  // deleted by the storage account's lifecycle management rule on this prefix (infra).
  const docs = blobDocuments<EntryDocument<T>>(container, prefix);
  return {
    add(key, value, expiresAt, now) {
      const entry: EntryDocument<T> = { key, value, expiresAt };
      return untilSettled('adding a single-use entry', async () => {
        if ((await docs.create(key, entry)) !== 'exists') return true;
        const held = await docs.read(key);
        if (!held) return AGAIN; // taken meanwhile: create again
        if (held.value.expiresAt > now) return false;
        return (await docs.replace(key, entry, held.etag)) === 'changed' ? AGAIN : true;
      });
    },
    take(key, now) {
      return untilSettled('taking a single-use entry', async () => {
        const held = await docs.read(key);
        if (!held) return undefined;
        // Lost the remove: another taker had it (then the next read finds nothing), or it was
        // replaced after expiring (then the new entry is read and taken).
        if (!(await docs.remove(key, held.etag))) return AGAIN;
        return held.value.key === key && held.value.expiresAt > now ? held.value.value : undefined;
      });
    }
  };
}
