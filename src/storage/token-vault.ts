// Issue 16: a channel follows a group through a Graph subscription made with the follower's own
// delegated token, and renewing it (every < 3 days) must work while they are away, after a restart,
// on any instance. msal's token cache is in memory only (auth/shared-token-cache.ts), so the
// follower's sign-in is also kept here: per person one opaque sealed text (auth/offline-sign-in.ts
// seals it; nothing here can read it), with when it was first kept and last written.
//
// This copy is independent of the memory cache's idle eviction (TOKEN_CACHE_IDLE_DAYS): that only
// bounds memory, and must not be what loses a follower's sign-in. The vault has its own bound.

/**
 * Entries not written for this long are swept: Entra ID's refresh tokens expire after 90 days of
 * inactivity (the documented max inactive time), so an older one could not be redeemed anyway.
 * Every refresh rewrites the entry (refresh tokens rotate), so a followed channel's renewals keep
 * it well inside. The lead reads this as the config default.
 */
export const TOKEN_VAULT_IDLE_MS = 90 * 24 * 60 * 60_000;

export interface VaultEntry {
  /** Entra object id, lower case. */
  userId: string;
  /** Opaque (auth/token-seal.ts): never parsed, logged or shown by a store. */
  sealed: string;
  /** When the person's sign-in was first kept (preserved by later writes of the same person). */
  keptAt: number;
  /** When the entry was last written (a keep or a refresh): what sweep() measures. */
  usedAt: number;
}

export interface TokenVault {
  get(userId: string): Promise<VaultEntry | undefined>;
  /** Replaces the person's entry (the last write wins: every write holds a usable sign-in). */
  put(entry: VaultEntry): Promise<void>;
  /** False when there was nothing to remove. */
  remove(userId: string): Promise<boolean>;
  /** Removes the entries whose usedAt is before `before`; how many went. */
  sweep(before: number): Promise<number>;
}
