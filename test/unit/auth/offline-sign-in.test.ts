// The follower's sign-in kept for renewals while they are away (issue 16), against a nocked Entra
// ID: kept sealed in the vault, restored after a restart (new msal, new shared cache, same vault)
// and redeemed with exactly the refresh-token request, the rotated one kept again; every refusal
// and outage mapped as OfflineAccess promises; nothing readable in what is stored.
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import nock from 'nock';
import { buildMsalConfig } from '../../../src/auth/msal-config';
import { createOboTokenProvider } from '../../../src/auth/obo-token-provider';
import { createSharedTokenCache } from '../../../src/auth/shared-token-cache';
import { SEAL_PURPOSES, createTokenSeal } from '../../../src/auth/token-seal';
import { GRAPH_SCOPES } from '../../../src/config';
import { TokenServiceError } from '../../../src/core/errors';
import { createLogger } from '../../../src/logger';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteTokenVault } from '../../../src/storage/sqlite-token-vault';
import type { TokenVault } from '../../../src/storage/token-vault';
import {
  AAD_APP,
  ALICE,
  BOB,
  CLIENT_ID,
  CLIENT_SECRET,
  TENANT_ID,
  oboTokenResponse,
  ssoTokenFor
} from '../../helpers/entra';
import { LOGIN, entraError, nockTokenEndpoint, type OboRequest } from '../../helpers/graph-nock';

const AAD = AAD_APP;
const ALICE_REF = { aadObjectId: ALICE.aadObjectId, tenantId: TENANT_ID };
const BOB_REF = { aadObjectId: BOB.aadObjectId, tenantId: TENANT_ID };
const ALL_SCOPES = [...GRAPH_SCOPES, 'offline_access', 'openid', 'profile'].sort();

/** One process: its own msal instance and shared cache; `vault` is what outlives it. */
function startBot(vault: TokenVault, msalConfig?: (cache: ReturnType<typeof createSharedTokenCache>) => Configuration) {
  const cache = createSharedTokenCache();
  const config = msalConfig ? msalConfig(cache) : buildMsalConfig(AAD, cache);
  const obo = createOboTokenProvider(config, GRAPH_SCOPES, createLogger('silent'), cache.touch, { vault });
  const offline = obo.offline;
  if (!offline) throw new Error('a vault was given: offline must be there');
  // teams-ai's instance, sharing the plugin: it must see a restored sign-in too.
  return { obo, offline, other: new ConfidentialClientApplication(config) };
}

const newVault = () => createSqliteTokenVault(openDatabase(undefined, 'offline-test'));

/** Alice signs in (OBO answers access, refresh and id token) and her sign-in is kept. */
async function keptAlice(vault: TokenVault) {
  const first = startBot(vault);
  nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'graph-token-1') });
  await first.obo.exchange(ALICE_REF, ssoTokenFor(ALICE));
  await expect(first.offline.keep(ALICE_REF)).resolves.toBe(true);
  return first;
}

/** Every request that reached nock without an interceptor. */
function recordUnmatched(): string[] {
  const unmatched: string[] = [];
  const listener = (req: { method?: string; path?: string }) => unmatched.push(`${req.method} ${req.path}`);
  nock.emitter.on('no match', listener);
  cleanups.push(() => nock.emitter.removeListener('no match', listener));
  return unmatched;
}
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  nock.cleanAll();
});

describe('offline sign-in: kept, then restored after a restart', () => {
  it('sends the kept refresh token, returns the new token and keeps the rotated one, sealed', async () => {
    const vault = newVault();
    await keptAlice(vault);
    const kept = await vault.get(ALICE.aadObjectId);
    expect(kept?.sealed).toBeDefined();
    expect(kept?.sealed).not.toContain('refresh-graph-token-1');
    expect(kept?.sealed).not.toContain('graph-token-1');
    expect(kept?.sealed).not.toContain(ALICE.aadObjectId);

    // A restart: a new msal, a new shared cache, the same vault. Bob signs in on teams-ai's
    // instance first: the restore must merge into that state, not lose it or be lost by it.
    const after = startBot(vault);
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(BOB, 'bob-token') });
    await after.other.acquireTokenOnBehalfOf({ oboAssertion: ssoTokenFor(BOB), scopes: [...GRAPH_SCOPES] });
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'graph-token-2') });
    await expect(after.offline.token(ALICE_REF)).resolves.toBe('graph-token-2');

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-graph-token-1',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET
    });
    expect(seen[0].scope.split(' ').sort()).toEqual(ALL_SCOPES);

    const rekept = await vault.get(ALICE.aadObjectId);
    expect(rekept?.sealed).not.toBe(kept?.sealed);
    expect(rekept?.sealed).not.toContain('refresh-graph-token-2');
    expect(rekept?.keptAt).toBe(kept?.keptAt);
    const opened = createTokenSeal(CLIENT_SECRET, SEAL_PURPOSES.offlineSignIn).open(
      rekept?.sealed ?? '',
      ALICE.aadObjectId
    );
    expect(opened).toContain('refresh-graph-token-2');
    expect(opened).not.toContain('refresh-graph-token-1');
    // Access tokens are not kept (an hour's worth; one refresh replaces them).
    expect(opened).not.toContain('"graph-token-2"');

    // Restored through the shared plugin: teams-ai's instance sees her, and the token is now in memory.
    const accounts = await after.other.getTokenCache().getAllAccounts();
    expect(accounts.map((a) => a.localAccountId).sort()).toEqual([ALICE.aadObjectId, BOB.aadObjectId].sort());
    await expect(after.obo.getCachedToken(ALICE_REF)).resolves.toBe('graph-token-2');
    await expect(after.offline.token(ALICE_REF)).resolves.toBe('graph-token-2');
    expect(seen).toHaveLength(1);
  });

  it('merges into what the other instance wrote while the vault was being read (nothing lost)', async () => {
    const vault = newVault();
    await keptAlice(vault);
    let duringRead: () => Promise<unknown> = async () => undefined;
    const slowVault: TokenVault = {
      ...vault,
      async get(id) {
        await duringRead();
        return vault.get(id);
      }
    };
    const after = startBot(slowVault);
    // In this order: nock answers with the first interceptor registered that matches.
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(BOB, 'bob-token') });
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'graph-token-2') });
    duringRead = async () => {
      duringRead = async () => undefined;
      await after.other.acquireTokenOnBehalfOf({ oboAssertion: ssoTokenFor(BOB), scopes: [...GRAPH_SCOPES] });
    };

    await expect(after.offline.token(ALICE_REF)).resolves.toBe('graph-token-2');

    const accounts = await after.other.getTokenCache().getAllAccounts();
    expect(accounts.map((a) => a.localAccountId).sort()).toEqual([ALICE.aadObjectId, BOB.aadObjectId].sort());
  });

  it('answers from memory with no request while msal holds a valid token', async () => {
    const vault = newVault();
    const first = await keptAlice(vault);
    const unmatched = recordUnmatched();
    await expect(first.offline.token(ALICE_REF)).resolves.toBe('graph-token-1');
    expect(unmatched).toEqual([]);
  });

  it('coalesces one person’s concurrent renewals into one refresh', async () => {
    const vault = newVault();
    await keptAlice(vault);
    const after = startBot(vault);
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'graph-token-2') }, 2);
    const tokens = await Promise.all([after.offline.token(ALICE_REF), after.offline.token(ALICE_REF)]);
    expect(tokens).toEqual(['graph-token-2', 'graph-token-2']);
    expect(seen).toHaveLength(1);
  });

  it('has nothing for a person never kept, and asks nobody', async () => {
    const unmatched = recordUnmatched();
    await expect(startBot(newVault()).offline.token(BOB_REF)).resolves.toBeUndefined();
    expect(unmatched).toEqual([]);
  });
});

describe('offline sign-in: refusals and outages', () => {
  it.each([
    ['invalid_grant', 700082, 'The refresh token has expired due to inactivity.'],
    ['invalid_grant', 50173, 'The provided grant has expired due to it being revoked.'],
    ['interaction_required', 50076, 'you must use multi-factor authentication.']
  ])('a refused refresh (%s AADSTS%d) is undefined and the entry is gone', async (code, aadsts, text) => {
    const vault = newVault();
    await keptAlice(vault);
    const after = startBot(vault);
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 400, body: entraError(code, aadsts, text) });

    await expect(after.offline.token(ALICE_REF)).resolves.toBeUndefined();

    expect(seen).toHaveLength(1);
    await expect(vault.get(ALICE.aadObjectId)).resolves.toBeUndefined();
    // And msal does not keep the refused sign-in around either.
    await expect(after.other.getTokenCache().getAllAccounts()).resolves.toEqual([]);
  });

  it('a refused refresh from memory does not ask again with the same kept refresh token', async () => {
    const vault = newVault();
    const first = startBot(vault);
    // msal treats a token within 5 minutes of expiry as expired: the next token() refreshes.
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'short-lived', 60) });
    await first.obo.exchange(ALICE_REF, ssoTokenFor(ALICE));
    await expect(first.offline.keep(ALICE_REF)).resolves.toBe(true);
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 400, body: entraError('invalid_grant', 50173, 'The grant was revoked.') });

    await expect(first.offline.token(ALICE_REF)).resolves.toBeUndefined();

    expect(seen).toHaveLength(1);
    expect(seen[0].refresh_token).toBe('refresh-short-lived');
    await expect(vault.get(ALICE.aadObjectId)).resolves.toBeUndefined();
  });

  it('Entra 503 is TokenServiceError (try later), and the entry stays', async () => {
    const vault = newVault();
    await keptAlice(vault);
    const kept = await vault.get(ALICE.aadObjectId);
    const after = startBot(vault);
    nockTokenEndpoint([], { status: 503, body: entraError('server_error', 50000, 'There was an error.') });

    await expect(after.offline.token(ALICE_REF)).rejects.toBeInstanceOf(TokenServiceError);
    await expect(vault.get(ALICE.aadObjectId)).resolves.toEqual(kept);
  });

  it('a connection error is TokenServiceError, and the entry stays', async () => {
    const vault = newVault();
    await keptAlice(vault);
    const kept = await vault.get(ALICE.aadObjectId);
    const after = startBot(vault);
    const scope = nock(LOGIN).post(`/${TENANT_ID}/oauth2/v2.0/token`).query(true).replyWithError('socket hang up');

    await expect(after.offline.token(ALICE_REF)).rejects.toBeInstanceOf(TokenServiceError);
    expect(scope.isDone()).toBe(true);
    await expect(vault.get(ALICE.aadObjectId)).resolves.toEqual(kept);
  });

  it("another person's sealed entry does not open as theirs: undefined, no request", async () => {
    const vault = newVault();
    await keptAlice(vault);
    const alices = await vault.get(ALICE.aadObjectId);
    await vault.put({ ...(alices as NonNullable<typeof alices>), userId: BOB.aadObjectId });
    const unmatched = recordUnmatched();

    await expect(startBot(vault).offline.token(BOB_REF)).resolves.toBeUndefined();
    expect(unmatched).toEqual([]);
  });

  it('an entry sealed with the secret before a rotation does not open: undefined, no request', async () => {
    const vault = newVault();
    await keptAlice(vault);
    const unmatched = recordUnmatched();
    const rotated = startBot(vault, (cache) => buildMsalConfig({ ...AAD, clientSecret: 'rotated-secret' }, cache));

    await expect(rotated.offline.token(ALICE_REF)).resolves.toBeUndefined();
    expect(unmatched).toEqual([]);
  });
});

describe('offline sign-in: what keep() and signOut() do', () => {
  it('keeps nothing without a client secret (a certificate or managed identity)', async () => {
    const vault = newVault();
    const noSecret = startBot(vault, (cache) => {
      const config = buildMsalConfig(AAD, cache);
      return { ...config, auth: { ...config.auth, clientSecret: undefined, clientAssertion: 'signed-assertion' } };
    });
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'graph-token-1') });
    await noSecret.obo.exchange(ALICE_REF, ssoTokenFor(ALICE));

    await expect(noSecret.offline.keep(ALICE_REF)).resolves.toBe(false);
    await expect(vault.get(ALICE.aadObjectId)).resolves.toBeUndefined();
  });

  it('keeps nothing for a person msal has no sign-in for', async () => {
    await expect(startBot(newVault()).offline.keep(BOB_REF)).resolves.toBe(false);
  });

  it('signOut removes the kept entry, and forget() does too', async () => {
    const vault = newVault();
    const first = await keptAlice(vault);
    await first.obo.signOut(ALICE_REF);
    await expect(vault.get(ALICE.aadObjectId)).resolves.toBeUndefined();

    const again = await keptAlice(vault);
    await again.offline.forget(ALICE_REF);
    await expect(vault.get(ALICE.aadObjectId)).resolves.toBeUndefined();
  });

  it('without a vault the provider has no offline access', () => {
    const obo = createOboTokenProvider(
      buildMsalConfig(AAD, createSharedTokenCache()),
      GRAPH_SCOPES,
      createLogger('silent')
    );
    expect(obo.offline).toBeUndefined();
  });
});
