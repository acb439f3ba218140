// Teams mode's OfflineAccess (token-provider.ts, issue 16): a follow's Graph subscription is renewed
// as the follower while they are away, after restarts, on any instance. msal's cache is in memory
// only (shared-token-cache.ts), so keep() copies the person's own msal entries (account, id token,
// refresh token) into the token vault, sealed with a key of their own purpose and bound to the
// person's id; token() puts them back into msal's cache and lets msal redeem the refresh token.
//
// Only that person's entries are written: msal's serialize() would write every signed-in person
// (the whole cache, up to TOKEN_CACHE_MAX_ACCOUNTS), so the person's entities are picked from the
// key-value store and written in msal's own cache schema by msal-node's exported Serializer.
// Access tokens are not kept: they last an hour, and a kept one would only spare one refresh.
//
// The vault copy does not follow the memory cache's idle eviction (the memory cache may forget the
// person after TOKEN_CACHE_IDLE_DAYS; the vault keeps them until TOKEN_VAULT_IDLE_MS unwritten).
import {
  type AccountInfo,
  type ConfidentialClientApplication,
  type ICachePlugin,
  type InMemoryCache,
  type JsonCache,
  TokenCacheContext,
  internals
} from '@azure/msal-node';
import { type AppError, ConsentRequiredError, SignInRequiredError } from '../core/errors';
import type { Logger } from '../logger';
import type { TokenVault } from '../storage/token-vault';
import type { OfflineAccess, UserRef } from './token-provider';
import { SEAL_PURPOSES, createTokenSeal } from './token-seal';

export interface OfflineSignInDeps {
  msal: ConfidentialClientApplication;
  /** The plugin msal's instances share: a restored sign-in goes through it so every instance sees it. */
  cachePlugin?: ICachePlugin;
  scopes: readonly string[];
  vault: TokenVault;
  /** The bot's client secret: the sealing key comes from it. None (certificate, managed identity): nothing kept. */
  secret?: string;
  logger: Logger;
  mapError: (err: unknown) => AppError;
  onUse?: (aadObjectId: string) => void;
  now?: () => number;
}

type Refused = 'refused';
const REFUSED: Refused = 'refused';

export function createOfflineSignIn(deps: OfflineSignInDeps): OfflineAccess {
  const { msal, cachePlugin, vault, logger, mapError } = deps;
  const scopes = [...deps.scopes];
  const now = deps.now ?? Date.now;
  const onUse = deps.onUse ?? (() => undefined);
  const seal = deps.secret ? createTokenSeal(deps.secret, SEAL_PURPOSES.offlineSignIn) : undefined;
  // The renewals of one person's follows come at once: one refresh serves them all.
  const inFlight = new Map<string, Promise<string | undefined>>();
  const idOf = (user: UserRef) => user.aadObjectId.toLowerCase();
  const accountOf = (id: string) => msal.getTokenCache().getAccountByLocalId(id);

  /** The person's entries of msal's (freshly loaded) cache, in msal's cache schema. */
  const entriesOf = (homeAccountId: string): JsonCache => {
    const picked: InMemoryCache = { accounts: {}, idTokens: {}, accessTokens: {}, refreshTokens: {}, appMetadata: {} };
    const store = msal.getTokenCache().getKVStore() as Record<string, unknown>;
    for (const [key, value] of Object.entries(store)) {
      if (!value || typeof value !== 'object') continue;
      const entity = value as { homeAccountId?: unknown; credentialType?: unknown; localAccountId?: unknown };
      if (entity.homeAccountId !== homeAccountId) continue;
      const bucket =
        entity.credentialType === 'RefreshToken'
          ? picked.refreshTokens
          : entity.credentialType === 'IdToken'
            ? picked.idTokens
            : entity.credentialType === undefined && typeof entity.localAccountId === 'string'
              ? picked.accounts
              : undefined;
      if (bucket) (bucket as Record<string, unknown>)[key] = value;
    }
    return internals.Serializer.serializeAllCache(picked);
  };
  const refreshSecretOf = (cache: JsonCache): string | undefined => Object.values(cache.RefreshToken)[0]?.secret;

  /** Seals and stores what msal holds for the person now; false when there is no refresh token. */
  const keepAccount = async (id: string, homeAccountId: string): Promise<boolean> => {
    if (!seal) return false;
    const entries = entriesOf(homeAccountId);
    if (!refreshSecretOf(entries)) return false;
    const sealed = seal.seal(JSON.stringify(entries), id);
    const at = now();
    const earlier = await vault.get(id);
    await vault.put({ userId: id, sealed, keptAt: earlier?.keptAt ?? at, usedAt: at });
    return true;
  };

  /** Merges kept entries into this instance's cache as one cache write the other instance reloads. */
  const restore = async (entries: JsonCache): Promise<void> => {
    const cache = msal.getTokenCache();
    const context = new TokenCacheContext(cache, true);
    // First brought up to date (the plugin reloads what the other instance wrote), then merged:
    // deserialize() adds to what the cache holds, and the plugin's after-access makes this
    // instance the writer, so teams-ai's instance reloads the merged state on its next access.
    await cachePlugin?.beforeCacheAccess(context);
    try {
      cache.deserialize(JSON.stringify(entries));
    } finally {
      await cachePlugin?.afterCacheAccess(context);
    }
  };

  /** A token from msal for the account: refreshed when needed (and then kept again: refresh tokens rotate). */
  const silent = async (id: string, account: AccountInfo): Promise<string | Refused> => {
    let result: Awaited<ReturnType<typeof msal.acquireTokenSilent>>;
    try {
      result = await msal.acquireTokenSilent({ account, scopes });
    } catch (err) {
      const mapped = mapError(err);
      // Refused for good (revoked, expired, consent withdrawn, the person gone): not worth retrying.
      if (mapped instanceof SignInRequiredError || mapped instanceof ConsentRequiredError) return REFUSED;
      throw mapped;
    }
    if (!result?.accessToken) return REFUSED;
    onUse(id);
    if (!result.fromCache) {
      try {
        await keepAccount(id, account.homeAccountId);
      } catch (err) {
        // The token is good and msal holds the rotated refresh token; the vault keeps the previous
        // one (Entra still accepts it) until the next refresh writes again.
        logger.warn({ err }, 'could not keep the refreshed sign-in; the previous one stays kept');
      }
    }
    return result.accessToken;
  };

  const forgetAll = async (id: string): Promise<undefined> => {
    await vault.remove(id);
    const account = await accountOf(id);
    if (account) await msal.getTokenCache().removeAccount(account);
    return undefined;
  };

  const tokenOf = async (id: string): Promise<string | undefined> => {
    let refusedSecret: string | undefined;
    const account = await accountOf(id);
    if (account) {
      refusedSecret = refreshSecretOf(entriesOf(account.homeAccountId));
      const answer = await silent(id, account);
      if (answer !== REFUSED) return answer;
    }
    if (!seal) return undefined;
    const entry = await vault.get(id);
    if (!entry) return undefined;
    const entries = openEntries(seal.open(entry.sealed, id));
    if (!entries) {
      // Another secret (rotated), another person's entry, or altered: it will not open here. Left
      // for the sweep, not removed: during a secret rollover another instance may still open it.
      logger.warn('a kept sign-in does not open with this secret; the person must sign in again');
      return undefined;
    }
    const secret = refreshSecretOf(entries);
    // The kept refresh token is the one Entra refused a moment ago: asking again would not help.
    if (!secret || secret === refusedSecret) return forgetAll(id);
    await restore(entries);
    const restored = await accountOf(id);
    if (!restored) return forgetAll(id);
    const answer = await silent(id, restored);
    return answer === REFUSED ? forgetAll(id) : answer;
  };

  return {
    async keep(user) {
      if (!seal) return false;
      const id = idOf(user);
      const account = await accountOf(id);
      return account ? keepAccount(id, account.homeAccountId) : false;
    },
    async token(user) {
      const id = idOf(user);
      const running = inFlight.get(id);
      if (running) return running;
      const asked = tokenOf(id);
      inFlight.set(id, asked);
      try {
        return await asked;
      } finally {
        inFlight.delete(id);
      }
    },
    async forget(user) {
      await vault.remove(idOf(user));
    }
  };
}

/** The kept entries, when the text opened and is msal's cache schema; undefined otherwise. */
function openEntries(text: string | undefined): JsonCache | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<JsonCache> | null;
    if (!parsed || typeof parsed !== 'object' || !parsed.RefreshToken || !parsed.Account) return undefined;
    return { Account: {}, IdToken: {}, AccessToken: {}, AppMetadata: {}, ...parsed } as JsonCache;
  } catch (err) {
    // Sealed by us, so this is not expected: read as nothing kept rather than a crash.
    void err;
    return undefined;
  }
}
