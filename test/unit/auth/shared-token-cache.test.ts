import { ConfidentialClientApplication, type TokenCacheContext } from '@azure/msal-node';
import nock from 'nock';
import { buildMsalConfig } from '../../../src/auth/msal-config';
import { createOboTokenProvider } from '../../../src/auth/obo-token-provider';
import { createSharedTokenCache } from '../../../src/auth/shared-token-cache';
import { GRAPH_SCOPES, type AadApp } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { ALICE, BOB, CLIENT_ID, CLIENT_SECRET, TENANT_ID, oboTokenResponse, ssoTokenFor } from '../../helpers/entra';
import { nockTokenEndpoint } from '../../helpers/graph-nock';

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

describe('shared token cache: writes are not re-serialised whole each time (issue 13)', () => {
  it('serialises the writer only when the other instance next needs its state', async () => {
    const plugin = createSharedTokenCache();
    const ours = instanceCache();
    const theirs = instanceCache();
    let serialized = 0;
    const counting = (cache: ReturnType<typeof instanceCache>) => {
      const ctx = cache.ctx(true);
      const real = ctx.tokenCache.serialize.bind(ctx.tokenCache);
      (ctx.tokenCache as { serialize: () => string }).serialize = () => {
        serialized++;
        return real();
      };
      return cache;
    };
    counting(ours);
    for (let i = 0; i < 50; i++) {
      await plugin.beforeCacheAccess(ours.ctx(false));
      ours.store[`person-${i}`] = 'token';
      await plugin.afterCacheAccess(ours.ctx(true));
    }
    expect(serialized).toBe(0);
    await plugin.beforeCacheAccess(theirs.ctx(false));
    expect(serialized).toBe(1);
    expect(Object.keys(theirs.store)).toHaveLength(50);
  });
});

describe('shared token cache budgets, on real msal caches (issue 13)', () => {
  const DAY = 24 * 60 * 60_000;
  const AAD: AadApp = {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    tenantId: TENANT_ID,
    authorityHost: 'https://login.microsoftonline.com'
  };
  const CAROL = { aadObjectId: 'ca201000-0000-4000-8000-00000000ca20', name: 'Carol Diaz', mail: 'carol@contoso.test' };
  const ref = (user: { aadObjectId: string }) => ({ aadObjectId: user.aadObjectId, tenantId: TENANT_ID });

  function setUp(budget: { idleMs?: number; maxAccounts?: number }) {
    let t = 1_700_000_000_000;
    const cache = createSharedTokenCache({ ...budget, sweepEveryMs: 0, now: () => t });
    const msalConfig = buildMsalConfig(AAD, cache);
    const obo = createOboTokenProvider(msalConfig, GRAPH_SCOPES, createLogger('silent'), cache.touch);
    // teams-ai's own instance, sharing the plugin: it must see the same evictions.
    const other = new ConfidentialClientApplication(msalConfig);
    const signIn = async (user: typeof ALICE) => {
      nockTokenEndpoint([], { status: 200, body: oboTokenResponse(user, `token-of-${user.name}`) });
      await obo.exchange(ref(user), ssoTokenFor(user));
    };
    const signedIn = async () => (await other.getTokenCache().getAllAccounts()).map((a) => a.localAccountId).sort();
    // What teams-ai's instance holds once it has read the shared cache.
    const held = async () => {
      await other.getTokenCache().getAllAccounts();
      return other.getTokenCache().serialize();
    };
    return { obo, signIn, signedIn, held, advance: (ms: number) => (t += ms) };
  }

  afterEach(() => nock.cleanAll());

  it('an account unused for TOKEN_CACHE_IDLE_DAYS leaves, with its refresh token; one in use stays', async () => {
    const { obo, signIn, signedIn, held, advance } = setUp({ idleMs: 7 * DAY });
    await signIn(ALICE);
    await signIn(BOB);
    expect(await held()).toContain(`refresh-token-of-${BOB.name}`);
    advance(6 * DAY);
    // Alice uses her cached sign-in; Bob does not come back.
    await expect(obo.getCachedToken(ref(ALICE))).resolves.toBe(`token-of-${ALICE.name}`);
    advance(1.5 * DAY);
    await signIn(CAROL);
    expect(await signedIn()).toEqual([ALICE.aadObjectId, CAROL.aadObjectId].sort());
    // Every token of Bob's is gone, the refresh token (which would keep him usable) included.
    expect(await held()).not.toContain(BOB.aadObjectId);
    expect(await held()).not.toContain(`refresh-token-of-${BOB.name}`);
    await expect(obo.getCachedToken(ref(BOB))).resolves.toBeUndefined();
  });

  it('idle accounts leave on a read too, with no sign-in happening', async () => {
    const { obo, signIn, signedIn, advance } = setUp({ idleMs: 7 * DAY });
    await signIn(ALICE);
    advance(8 * DAY);
    await expect(obo.getCachedToken(ref(ALICE))).resolves.toBeUndefined();
    expect(await signedIn()).toEqual([]);
  });

  it('beyond TOKEN_CACHE_MAX_ACCOUNTS the least recently used account goes first', async () => {
    const { obo, signIn, signedIn, advance } = setUp({ maxAccounts: 2 });
    await signIn(ALICE);
    advance(1000);
    await signIn(BOB);
    advance(1000);
    await obo.getCachedToken(ref(ALICE));
    advance(1000);
    await signIn(CAROL);
    expect(await signedIn()).toEqual([ALICE.aadObjectId, CAROL.aadObjectId].sort());
  });
});
