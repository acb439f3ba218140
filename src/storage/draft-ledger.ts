// Exactly-once posting: each form carries a draftId, and a draft is claimed before Graph is
// called. A second submit of the same draft (double click, Teams re-delivering the invoke)
// finds the claim and answers with the first outcome instead of posting again.

export interface PostedConversation {
  groupId: string;
  groupName: string;
  conversationId: string;
  threadId: string;
  topic: string;
  bodyPreview: string;
  participants: { displayName: string; address: string }[];
  outlookUrl?: string;
}

export type DraftRecord =
  | { draftId: string; userId: string; state: 'pending'; claimedAt: number }
  | { draftId: string; userId: string; state: 'posted'; claimedAt: number; posted: PostedConversation };

export type ClaimResult = { claimed: true } | { claimed: false; record: DraftRecord };

export interface DraftLedger {
  /** Atomic create-if-absent. A pending claim older than `staleAfterMs` may be taken over. */
  claim(draftId: string, userId: string, now: number): Promise<ClaimResult>;
  markPosted(draftId: string, posted: PostedConversation): Promise<void>;
  /** The attempt failed before anything was created: the draft may be submitted again. */
  release(draftId: string): Promise<void>;
  get(draftId: string): Promise<DraftRecord | undefined>;
}

/**
 * One-process ledger. Node runs handlers on one thread, so check-and-set inside a synchronous
 * block is atomic. Posted drafts are kept for `retentionMs` so late re-deliveries still match.
 */
export function createMemoryDraftLedger(options: { staleAfterMs?: number; retentionMs?: number; maxEntries?: number } = {}): DraftLedger {
  const staleAfterMs = options.staleAfterMs ?? 120_000;
  const retentionMs = options.retentionMs ?? 7 * 24 * 3600_000;
  const maxEntries = options.maxEntries ?? 50_000;
  const records = new Map<string, DraftRecord>();

  const prune = (now: number): void => {
    if (records.size < maxEntries) return;
    for (const [id, r] of records) if (now - r.claimedAt > retentionMs) records.delete(id);
    // Still full: forget the oldest (a Map iterates in insertion order) down to 90%.
    for (const id of records.keys()) {
      if (records.size < maxEntries * 0.9) break;
      records.delete(id);
    }
  };

  return {
    async claim(draftId, userId, now) {
      const existing = records.get(draftId);
      if (existing && !(existing.state === 'pending' && now - existing.claimedAt > staleAfterMs)) {
        return { claimed: false, record: existing };
      }
      prune(now);
      records.set(draftId, { draftId, userId, state: 'pending', claimedAt: now });
      return { claimed: true };
    },
    async markPosted(draftId, posted) {
      const existing = records.get(draftId);
      if (!existing) return;
      records.set(draftId, { draftId, userId: existing.userId, state: 'posted', claimedAt: existing.claimedAt, posted });
    },
    async release(draftId) {
      const existing = records.get(draftId);
      if (existing?.state === 'pending') records.delete(draftId);
    },
    async get(draftId) {
      return records.get(draftId);
    }
  };
}
