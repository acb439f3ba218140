// Exactly-once posting: each form carries a draftId, and a draft is claimed (per person) before
// Graph is called. A second submit of the same draft (double click, Teams re-delivering the
// invoke, a restart) finds the record and answers with the first outcome instead of posting again.
//
// States: pending (an attempt is running) → posted (ids kept) | no row (definitely not posted:
// may be claimed again; older versions kept a 'failed' row, read the same way) | unknown (an
// attempt may have committed: the next claim must reconcile with Graph before posting). Once
// posted, only ids, topic and a hash of the body are kept.
import type { Participant } from '../core/participants';

/** A pending claim older than this is presumed dead (its process stopped): taken over, in doubt. */
export const DRAFT_STALE_AFTER_MS = 120_000;
/** How long a draft is answered for; an older record is as good as absent. */
export const DRAFT_RETENTION_MS = 30 * 24 * 3600_000;

export interface PostedConversation {
  groupId: string;
  groupName: string;
  conversationId: string;
  threadId: string;
  topic: string;
  bodyPreview: string;
  participants: Participant[];
  outlookUrl?: string;
}

/** What the ledger keeps of a post: no body, only its SHA-256 (to recognise the same text). */
export type PostedRecord = Omit<PostedConversation, 'bodyPreview'> & { bodySha256: string };

interface RecordBase {
  key: string;
  userId: string;
  claimedAt: number;
}

export type DraftRecord =
  | (RecordBase & { state: 'pending' })
  | (RecordBase & { state: 'posted'; posted: PostedRecord })
  | (RecordBase & { state: 'failed'; reason: string })
  | (RecordBase & { state: 'unknown'; reason: string });

export type ClaimResult =
  /** `inDoubtSince`: an earlier attempt, started then, may have committed: reconcile first. */
  { claimed: true; inDoubtSince?: number } | { claimed: false; record: DraftRecord };

export interface DraftLedger {
  /**
   * Atomic create-if-absent. Also takes over a failed or unknown draft, and a pending one older
   * than the ledger's stale limit (its attempt is presumed dead; in doubt).
   */
  claim(key: string, userId: string, now: number): Promise<ClaimResult>;
  markPosted(key: string, posted: PostedRecord): Promise<void>;
  /**
   * Definitely not posted (Graph said no, or it never reached Graph): the draft may be submitted
   * again, and nothing is kept of it (its pending claim is removed). `reason` is for the caller's logs.
   */
  markFailed(key: string, reason: string): Promise<void>;
  /**
   * Maybe posted (timeout, 5xx, dropped connection on the write): reconcile before any retry.
   * `since`: when the earliest attempt whose outcome is unknown started (kept as the record's
   * time, so every later search looks back far enough); default: this claim's time.
   */
  markUnknown(key: string, reason: string, since?: number): Promise<void>;
  /** At start: attempts that were running when the previous process died are now in doubt. */
  recoverInterrupted(): Promise<number>;
  get(key: string): Promise<DraftRecord | undefined>;
}
