// teams-ai's Teams SSO builds its own ConfidentialClientApplication from the msalConfig we give
// it, and offers no way to pass ours in. Giving both the same cache plugin makes them one token
// cache: a person signed in on the command path is signed in on the card path, and sign-out
// clears both. The cache lives in this process's memory only (OBO results need no sharing).
//
// Bounded (issue 13): an account unused for `idleMs` leaves the cache with its access, refresh and
// id tokens, and beyond `maxAccounts` the least recently used go first. msal-node has no eviction
// of its own and no hook naming the account an access is for, so "used" is what we can see: a
// token written for the account (an exchange, a refresh: msal stamps `cachedAt`) or `touch()`
// from the bot's own token provider when it hands out a cached token.
//
// This eviction only bounds memory. A follower's sign-in (issue 16) is not lost by it: it is also
// kept, sealed, in the token vault (offline-sign-in.ts), which has its own bound (TOKEN_VAULT_IDLE_MS).
import type { ICachePlugin, ISerializableTokenCache, TokenCache, TokenCacheContext } from '@azure/msal-node';

export interface TokenCacheBudget {
  idleMs: number;
  maxAccounts: number;
  now: () => number;
  /** The sweep reads every cache entry (as msal itself does on each lookup): at most this often. */
  sweepEveryMs: number;
}

export const TOKEN_CACHE_DEFAULTS: Readonly<Omit<TokenCacheBudget, 'now'>> = Object.freeze({
  idleMs: 7 * 24 * 60 * 60_000,
  maxAccounts: 10_000,
  sweepEveryMs: 60_000
});

export interface SharedTokenCache extends ICachePlugin {
  /** The person (Entra object id: the account's localAccountId) used their cached sign-in now. */
  touch(aadObjectId: string): void;
}

type Entries = Record<string, unknown>;
interface Entity {
  homeAccountId?: unknown;
  localAccountId?: unknown;
  credentialType?: unknown;
  cachedAt?: unknown;
}

export function createSharedTokenCache(budget: Partial<TokenCacheBudget> = {}): SharedTokenCache {
  const { idleMs, maxAccounts, sweepEveryMs } = { ...TOKEN_CACHE_DEFAULTS, ...budget };
  const now = budget.now ?? Date.now;
  // Each write bumps the version; an instance reloads only when another instance wrote since it
  // last loaded. msal's plugin contract offers nothing but serialize()/deserialize() of the WHOLE
  // cache (every signed-in person), so the writer is serialized lazily: only when the other
  // instance next needs its state, not on every write (one instance does nearly all the work).
  let version = 0;
  let writer: ISerializableTokenCache | undefined;
  let snapshot = '';
  let snapshotVersion = 0;
  const seen = new WeakMap<ISerializableTokenCache, number>();
  // By homeAccountId, least recently used first (re-inserted when used).
  const accounts = new Map<string, { fingerprint: string; lastUsed: number; localId?: string }>();
  const touched = new Map<string, number>();
  let lastSweep = Number.NEGATIVE_INFINITY;

  const stateOf = (): string => {
    if (!writer) return '';
    if (snapshotVersion !== version) {
      snapshot = writer.serialize();
      snapshotVersion = version;
    }
    return snapshot;
  };
  const wrote = (cache: ISerializableTokenCache): void => {
    version += 1;
    writer = cache;
    seen.set(cache, version);
  };

  /** Forgets idle and surplus accounts from `cache` (the newest state); true when it removed any. */
  const sweep = (cache: ISerializableTokenCache): boolean => {
    const at = now();
    if (at - lastSweep < sweepEveryMs) return false;
    lastSweep = at;
    const entries = (cache as TokenCache).getKVStore() as Entries;
    const keysOf = new Map<string, string[]>();
    const stamps = new Map<string, string>();
    const localIds = new Map<string, string>();
    for (const [key, value] of Object.entries(entries)) {
      if (!value || typeof value !== 'object') continue;
      const entity = value as Entity;
      const home = entity.homeAccountId;
      if (typeof home !== 'string' || !home) continue;
      const keys = keysOf.get(home) ?? [];
      keys.push(key);
      keysOf.set(home, keys);
      if (entity.credentialType === undefined && typeof entity.localAccountId === 'string')
        localIds.set(home, entity.localAccountId);
      // Seconds as strings of one length: the greatest is the newest token written.
      if (typeof entity.cachedAt === 'string' && entity.cachedAt > (stamps.get(home) ?? '')) {
        stamps.set(home, entity.cachedAt);
      }
    }
    for (const home of accounts.keys()) if (!keysOf.has(home)) accounts.delete(home);
    for (const [home, keys] of keysOf) {
      const fingerprint = `${stamps.get(home) ?? ''}:${keys.length}`;
      const localId = localIds.get(home);
      const known = accounts.get(home);
      const touchedAt = localId === undefined ? undefined : touched.get(localId);
      const changed = !known || known.fingerprint !== fingerprint;
      if (!changed && (touchedAt === undefined || touchedAt <= known.lastUsed)) continue;
      accounts.delete(home);
      accounts.set(home, { fingerprint, lastUsed: changed ? at : (touchedAt as number), localId });
    }
    touched.clear();

    const leaving: string[] = [];
    let surplus = accounts.size - maxAccounts;
    for (const [home, account] of accounts) {
      if (at - account.lastUsed < idleMs && surplus <= 0) break;
      leaving.push(home);
      surplus -= 1;
    }
    for (const home of leaving) {
      for (const key of keysOf.get(home) ?? []) delete entries[key];
      accounts.delete(home);
    }
    return leaving.length > 0;
  };

  return {
    touch(aadObjectId) {
      touched.set(aadObjectId, now());
    },
    async beforeCacheAccess(ctx: TokenCacheContext) {
      if (seen.get(ctx.tokenCache) !== version) {
        const state = stateOf();
        // deserialize() merges into what the instance already holds; without clearing first, an
        // account removed by the other instance (sign-out, rejected token) would come back.
        const entries = (ctx.tokenCache as TokenCache).getKVStore() as Entries;
        for (const key of Object.keys(entries)) delete entries[key];
        if (state) ctx.tokenCache.deserialize(state);
        seen.set(ctx.tokenCache, version);
      }
      // Also on reads: idle accounts leave even while nobody signs in.
      if (sweep(ctx.tokenCache)) wrote(ctx.tokenCache);
    },
    async afterCacheAccess(ctx: TokenCacheContext) {
      if (!ctx.cacheHasChanged) return;
      wrote(ctx.tokenCache);
      if (sweep(ctx.tokenCache)) wrote(ctx.tokenCache);
    }
  };
}
