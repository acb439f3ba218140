// teams-ai's Teams SSO builds its own ConfidentialClientApplication from the msalConfig we give
// it, and offers no way to pass ours in. Giving both the same cache plugin makes them one token
// cache: a person signed in on the command path is signed in on the card path, and sign-out
// clears both. The cache lives in this process's memory only (OBO results need no sharing).
import type { ICachePlugin, ISerializableTokenCache, TokenCache, TokenCacheContext } from '@azure/msal-node';

export function createSharedTokenCache(): ICachePlugin {
  let snapshot = '';
  // Each write bumps the version; an instance reloads the snapshot only when another instance
  // wrote since it last loaded. Reloading on every access would parse the whole cache (every
  // signed-in person) on every token lookup.
  let version = 0;
  const seen = new WeakMap<ISerializableTokenCache, number>();
  return {
    async beforeCacheAccess(ctx: TokenCacheContext) {
      if (seen.get(ctx.tokenCache) === version) return;
      // deserialize() merges into what the instance already holds; without clearing first, an
      // account removed by the other instance (sign-out, rejected token) would come back.
      const entries = (ctx.tokenCache as TokenCache).getKVStore() as Record<string, unknown>;
      for (const key of Object.keys(entries)) delete entries[key];
      if (snapshot) ctx.tokenCache.deserialize(snapshot);
      seen.set(ctx.tokenCache, version);
    },
    async afterCacheAccess(ctx: TokenCacheContext) {
      if (!ctx.cacheHasChanged) return;
      snapshot = ctx.tokenCache.serialize();
      version += 1;
      seen.set(ctx.tokenCache, version);
    }
  };
}
