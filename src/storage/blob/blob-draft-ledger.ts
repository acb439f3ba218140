// The draft ledger on Azure Blob Storage, shared by every bot instance, with the SQLite ledger's
// rules (sqlite-draft-ledger.ts): one document per draft, whose eTag is the compare-and-set.
// The claim is a create with If-None-Match: * (of any number of racing instances exactly one
// creates it); every later change is a replace or remove with If-Match: the eTag read. A lost
// race reads again and answers with what is there: a repeat or "in progress", never a second post.
import type { ContainerClient } from '@azure/storage-blob';
import {
  type ClaimResult,
  DRAFT_RETENTION_MS,
  DRAFT_STALE_AFTER_MS,
  type DraftLedger,
  type DraftRecord
} from '../draft-ledger';
import { setNewest } from '../../core/bounded-map';
import { AGAIN, blobDocuments, untilSettled, type StoredDocument } from './blob-documents';

export function createBlobDraftLedger(
  container: ContainerClient,
  options: { staleAfterMs?: number; retentionMs?: number } = {}
): DraftLedger {
  const staleAfterMs = options.staleAfterMs ?? DRAFT_STALE_AFTER_MS;
  const retentionMs = options.retentionMs ?? DRAFT_RETENTION_MS;
  // Nothing sweeps here: a record past retention is treated as absent (and overwritten by the
  // next claim), and the storage account's lifecycle management rule (infra) deletes blobs
  // under drafts/ some days after that, so the container does not grow without bound.
  const docs = blobDocuments<DraftRecord>(container, 'drafts');
  // What this instance last wrote of each draft it is posting, with the eTag the write returned:
  // the claim's transition (posted, failed, unknown) is then one conditional write, not a read
  // and a write. Only a hint: a lost race ('changed') reads the record again, as without it.
  // Bounded: a claim whose post never ends (the process stopping) is forgotten with the oldest.
  const written = new Map<string, StoredDocument<DraftRecord>>();
  const remember = (key: string, value: DraftRecord, etag: string) => setNewest(written, key, { value, etag }, 10_000);

  const claim = (key: string, userId: string, now: number) =>
    untilSettled<ClaimResult>('a draft claim', async () => {
      const fresh: DraftRecord = { key, userId, state: 'pending', claimedAt: now };
      const created = await docs.create(key, fresh);
      if (created !== 'exists') {
        remember(key, fresh, created);
        return { claimed: true };
      }
      const held = await docs.read(key);
      if (!held) return AGAIN; // removed since (a failure freed it): create again
      const record = held.value;
      const expired = record.claimedAt < now - retentionMs;
      const stalePending = record.state === 'pending' && now - record.claimedAt > staleAfterMs;
      if (!expired && !stalePending && record.state !== 'failed' && record.state !== 'unknown') {
        return { claimed: false, record };
      }
      const replaced = await docs.replace(key, fresh, held.etag);
      if (replaced === 'changed') {
        // Another instance took it over (or freed it) first: answer with what it left.
        const now2 = await docs.read(key);
        return now2 ? { claimed: false, record: now2.value } : AGAIN;
      }
      remember(key, fresh, replaced);
      // Past retention it is a draft never seen; a failed one was definitely not posted.
      return expired || record.state === 'failed'
        ? { claimed: true }
        : { claimed: true, inDoubtSince: record.claimedAt };
    });

  /** What this instance wrote last of `key` (taken: used once), else the record as stored now. */
  const current = async (key: string): Promise<StoredDocument<DraftRecord> | undefined> => {
    const mine = written.get(key);
    written.delete(key);
    return mine ?? (await docs.read(key));
  };

  /** Replaces the record with `change(record)` if it returns one, by eTag, reading again on a lost race. */
  const update = (what: string, key: string, change: (record: DraftRecord) => DraftRecord | undefined) =>
    untilSettled(what, async () => {
      const held = await current(key);
      const next = held && change(held.value);
      if (!held || !next) return undefined;
      // A settled record needs no hint: a later change (rare) reads it.
      return (await docs.replace(key, next, held.etag)) === 'changed' ? AGAIN : undefined;
    });

  return {
    claim,
    async markPosted(key, posted) {
      // As in SQLite, whatever the state: the post exists, and its ids are never thrown away.
      await update('marking a draft posted', key, (r) => ({
        key: r.key,
        userId: r.userId,
        claimedAt: r.claimedAt,
        state: 'posted',
        posted
      }));
    },
    async markFailed(key) {
      // Only a pending claim is removed (a posted or unknown record stays); by eTag, so a claim
      // that took it over meanwhile is not removed under its new owner.
      await untilSettled('freeing a failed draft', async () => {
        const held = await current(key);
        if (held?.value.state !== 'pending') return undefined;
        return (await docs.remove(key, held.etag)) ? undefined : AGAIN;
      });
    },
    async markUnknown(key, reason, since) {
      await update('marking a draft unknown', key, (r) =>
        r.state === 'pending'
          ? { key: r.key, userId: r.userId, claimedAt: since ?? r.claimedAt, state: 'unknown', reason }
          : undefined
      );
    },
    async recoverInterrupted() {
      // Not here: the container is shared, and its pending records belong to instances that are
      // alive (posting right now). Marking them unknown would make their next submit reconcile
      // for nothing, and could not tell them from a dead instance's anyway. A dead instance's
      // claims go stale after staleAfterMs and the next submit takes them over, in doubt.
      return 0;
    },
    async get(key) {
      return (await docs.read(key))?.value;
    }
  };
}
