// Stores for the tests of teams-ai's turn state and the token exchange claims: one that behaves as
// botbuilder-azure-blobs' BlobsStorage writes, and an outage switch around any store.
import type { KeyValueStorage, StoreItems } from '../../src/storage/sqlite-key-value-storage';

/** What a dead storage account answers (the message as Node's socket gives it). */
export function storageDown(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:10000'), { code: 'ECONNREFUSED' });
}

export interface Outage<T> {
  /** The store: every method rejects with storageDown() while `down` is true. */
  store: T;
  down: boolean;
  /** Calls made while down. */
  refused: number;
}

/** `inner` with a switch: a storage outage from the moment `down` is set until it is cleared. */
export function withOutage<T extends object>(inner: T): Outage<T> {
  const outage = { down: false, refused: 0 } as Outage<T>;
  const store = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(inner)) {
    if (typeof method !== 'function') continue;
    store[name] = async (...args: unknown[]) => {
      if (outage.down) {
        outage.refused += 1;
        throw storageDown();
      }
      return method.apply(inner, args);
    };
  }
  outage.store = store as T;
  return outage;
}

/**
 * Memory storage with BlobsStorage's write rule (botbuilder-azure-blobs 4.23.3 blobsStorage.js
 * write): an eTag other than '*' goes as If-Match, so it must be the stored blob's, also for a blob
 * that does not exist yet (Azure answers 412, reported as "eTag conflict"); no eTag: written as is.
 * The eTags are Azure's, quoted.
 */
export function createBlobLikeStorage(): KeyValueStorage & { keys(): string[] } {
  const blobs = new Map<string, { etag: string; json: string }>();
  let version = 0;
  return {
    async read(keys) {
      const items: StoreItems = {};
      for (const key of keys) {
        const blob = blobs.get(key);
        if (blob) items[key] = { ...(JSON.parse(blob.json) as object), eTag: blob.etag };
      }
      return items;
    },
    async write(changes) {
      for (const [key, { eTag, ...value }] of Object.entries(changes)) {
        if (typeof eTag === 'string' && eTag !== '' && eTag !== '*' && blobs.get(key)?.etag !== eTag)
          throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        blobs.set(key, { etag: `"0x8DD${(++version).toString(16).padStart(8, '0')}"`, json: JSON.stringify(value) });
      }
    },
    async delete(keys) {
      for (const key of keys) blobs.delete(key);
    },
    keys: () => [...blobs.keys()]
  };
}
