// The token vault (token-vault.ts) on Blob Storage, shared by every instance: whichever instance
// renews a follow's subscription reads the follower's sign-in here. One document per person under
// token-vault/ (named by the hash of the id, blob-documents.ts), with usedAt as metadata so a
// sweep lists names and metadata only, never a sealed text.
import type { ContainerClient } from '@azure/storage-blob';
import type { TokenVault, VaultEntry } from '../token-vault';
import { blobDocuments, type ListedDocument } from './blob-documents';
import { sweepListing } from './sweep-listing';

/** Documents one sweep() lists at most, going on where the previous stopped: bounded work per call. */
export const VAULT_SWEEP_LIST_MAX = 5000;

export function createBlobTokenVault(container: ContainerClient, sweepListMax = VAULT_SWEEP_LIST_MAX): TokenVault {
  const documents = blobDocuments<VaultEntry>(container, 'token-vault');
  const listing = sweepListing(documents, sweepListMax);
  const keyOf = (userId: string) => userId.toLowerCase();

  /** Removes a listed entry not written since `before` (only if unchanged since the listing). */
  const sweepOne = async (listed: ListedDocument, before: number): Promise<number> => {
    const stated = Number(listed.metadata.usedat);
    const usedAt = Number.isFinite(stated) ? stated : listed.lastModified.getTime();
    if (usedAt >= before) return 0;
    return (await documents.removeId(listed.id, listed.etag)) ? 1 : 0;
  };

  return {
    async get(userId) {
      const key = keyOf(userId);
      const held = (await documents.read(key))?.value;
      // The key is checked inside the document: never another person's behind the same hash.
      return held && keyOf(held.userId) === key ? held : undefined;
    },
    async put(entry) {
      const key = keyOf(entry.userId);
      await documents.put(key, { ...entry, userId: key }, { usedat: String(entry.usedAt) });
    },
    remove: (userId) => documents.remove(keyOf(userId)),
    sweep: (before) => listing.sweep((listed) => sweepOne(listed, before))
  };
}
