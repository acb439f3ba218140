// The groups each person used most recently (recent-groups.ts), on Blob Storage: one document per
// person with at most `perPerson` entries, changed by read-modify-write guarded by its eTag, so
// two instances recording two groups for the same person at once both keep theirs.
import type { ContainerClient } from '@azure/storage-blob';
import {
  RECENT_GROUPS_PER_PERSON,
  RECENT_GROUPS_TTL_MS,
  type RecentGroups,
  type RecentGroupsOptions
} from '../recent-groups';
import { AGAIN, blobDocuments, untilSettled } from './blob-documents';

interface Entry {
  groupId: string;
  usedAt: number;
}

interface PersonDocument {
  userId: string;
  groups: Entry[];
}

export function createBlobRecentGroups(container: ContainerClient, options: RecentGroupsOptions = {}): RecentGroups {
  const perPerson = options.perPerson ?? RECENT_GROUPS_PER_PERSON;
  const ttlMs = options.ttlMs ?? RECENT_GROUPS_TTL_MS;
  // A person who stops using the bot leaves one small document; the storage account's lifecycle
  // management rule (infra) deletes those under recent-groups/ once older than the TTL.
  const docs = blobDocuments<PersonDocument>(container, 'recent-groups');
  // Newest first; ties by group id, as the SQLite store orders them.
  const newestFirst = (a: Entry, b: Entry) => b.usedAt - a.usedAt || (a.groupId < b.groupId ? -1 : 1);
  const key = (id: string) => id.toLowerCase();

  return {
    async used(userId, groupId, at) {
      const person = key(userId);
      const group = key(groupId);
      await untilSettled('recording a recent group', async () => {
        const held = await docs.read(person);
        const kept = (held?.value.groups ?? []).filter((e) => e.usedAt >= at - ttlMs);
        const previous = kept.find((e) => e.groupId === group);
        // An older time never moves a group back.
        const entry = { groupId: group, usedAt: Math.max(at, previous?.usedAt ?? at) };
        const groups = [...kept.filter((e) => e.groupId !== group), entry].sort(newestFirst).slice(0, perPerson);
        const next: PersonDocument = { userId: person, groups };
        const written = held ? await docs.replace(person, next, held.etag) : await docs.create(person, next);
        return written === 'changed' || written === 'exists' ? AGAIN : undefined;
      });
    },
    async recent(userId, now) {
      const held = await docs.read(key(userId));
      return (held?.value.groups ?? [])
        .filter((e) => e.usedAt >= now - ttlMs)
        .sort(newestFirst)
        .slice(0, perPerson)
        .map((e) => e.groupId);
    }
  };
}
