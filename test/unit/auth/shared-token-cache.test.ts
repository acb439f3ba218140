import { createSharedTokenCache } from '../../../src/auth/shared-token-cache';
import type { TokenCacheContext } from '@azure/msal-node';

/** A stand-in for one msal instance's cache, counting how often it is reloaded. */
function instanceCache() {
  const store: Record<string, unknown> = {};
  let loads = 0;
  const tokenCache = {
    getKVStore: () => store,
    deserialize: (s: string) => {
      loads++;
      Object.assign(store, JSON.parse(s));
    },
    serialize: () => JSON.stringify(store)
  };
  const ctx = (changed: boolean) => ({ tokenCache, cacheHasChanged: changed }) as unknown as TokenCacheContext;
  return { store, ctx, loads: () => loads };
}

describe('shared token cache (two msal instances, one cache)', () => {
  it('reloads an instance only after the other one wrote, and drops what the other removed', async () => {
    const plugin = createSharedTokenCache();
    const ours = instanceCache();
    const theirs = instanceCache();

    await plugin.beforeCacheAccess(theirs.ctx(false));
    theirs.store.alice = 'token';
    await plugin.afterCacheAccess(theirs.ctx(true));

    await plugin.beforeCacheAccess(ours.ctx(false));
    expect(ours.store).toEqual({ alice: 'token' });
    // Nothing written since: reading again does not parse the whole cache again.
    await plugin.beforeCacheAccess(ours.ctx(false));
    await plugin.beforeCacheAccess(ours.ctx(false));
    expect(ours.loads()).toBe(1);

    // Our sign-out removes alice; their next access must not bring her back.
    delete ours.store.alice;
    await plugin.afterCacheAccess(ours.ctx(true));
    await plugin.beforeCacheAccess(theirs.ctx(false));
    expect(theirs.store).toEqual({});
  });
});
