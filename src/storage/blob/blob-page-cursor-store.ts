// Where "More" on a list card goes next (page-cursor-store.ts), on Blob Storage so that a card
// made by one bot instance pages on another. One document per cursor id, written once.
import type { ContainerClient } from '@azure/storage-blob';
import {
  PAGE_CURSOR_TTL_MS,
  type PageCursor,
  type PageCursorStore,
  type PageCursorStoreOptions,
  cursorIds,
  isCursorId
} from '../page-cursor-store';
import { blobDocuments } from './blob-documents';

interface CursorDocument {
  id: string;
  person: string;
  groupId: string;
  page?: string;
  skip: number;
  expiresAt: number;
}

export function createBlobPageCursorStore(
  container: ContainerClient,
  options: PageCursorStoreOptions = {}
): PageCursorStore {
  const ttlMs = options.ttlMs ?? PAGE_CURSOR_TTL_MS;
  const newId = cursorIds(options);
  // Expired cursors are read as absent and removed when met; the rest are deleted by the storage
  // account's lifecycle management rule on cursors/ (infra): nothing here lists or sweeps.
  const docs = blobDocuments<CursorDocument>(container, 'cursors');
  return {
    async save(cursor, now) {
      const id = newId();
      const document: CursorDocument = {
        id,
        person: cursor.person.toLowerCase(),
        groupId: cursor.groupId.toLowerCase(),
        ...(cursor.page === undefined ? {} : { page: cursor.page }),
        skip: cursor.skip,
        expiresAt: now + ttlMs
      };
      // 128 random bits do not collide; an id generator that repeats itself is a bug, not a cursor.
      if ((await docs.create(id, document)) === 'exists') throw new Error('page cursor id already in use');
      return id;
    },
    async load(id, now) {
      if (!isCursorId(id)) return undefined;
      const held = await docs.read(id);
      if (!held || held.value.id !== id) return undefined;
      if (held.value.expiresAt <= now) {
        await docs.remove(id, held.etag);
        return undefined;
      }
      const { person, groupId, page, skip } = held.value;
      const found: PageCursor = { person, groupId, skip, ...(page === undefined ? {} : { page }) };
      return found;
    }
  };
}
