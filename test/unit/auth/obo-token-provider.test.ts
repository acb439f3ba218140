// The on-behalf-of provider against a nocked Entra ID token endpoint: exactly what is sent, what
// is cached (and shared between two msal instances through one cache plugin), and how every
// answer Entra can give maps onto the bot's typed errors.
import { Writable } from 'node:stream';
import nock from 'nock';
import { buildMsalConfig } from '../../../src/auth/msal-config';
import { createOboTokenProvider, type OboTokenProvider } from '../../../src/auth/obo-token-provider';
import { createSharedTokenCache } from '../../../src/auth/shared-token-cache';
import { GRAPH_SCOPES, type AadApp } from '../../../src/config';
import { AppError, ConsentRequiredError, SignInRequiredError, TokenServiceError } from '../../../src/core/errors';
import { createLogger } from '../../../src/logger';
import { ALICE, BOB, CLIENT_ID, CLIENT_SECRET, TENANT_ID, oboTokenResponse, ssoTokenFor } from '../../helpers/entra';
import { LOGIN, entraError, nockTokenEndpoint, type OboRequest } from '../../helpers/graph-nock';

const AAD: AadApp = {
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  tenantId: TENANT_ID,
  authorityHost: 'https://login.microsoftonline.com'
};
const ALICE_REF = { aadObjectId: ALICE.aadObjectId, tenantId: TENANT_ID };
const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';

function provider(cache = createSharedTokenCache()): OboTokenProvider {
  return createOboTokenProvider(buildMsalConfig(AAD, cache), GRAPH_SCOPES, createLogger('silent'));
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/** Every request that reached nock without an interceptor (instance discovery, openid-configuration…). */
function recordUnmatched(): string[] {
  const unmatched: string[] = [];
  const listener = (req: { method?: string; path?: string; options?: { host?: string; path?: string } }) => {
    unmatched.push(`${req.method ?? ''} ${req.options?.host ?? ''}${req.path ?? req.options?.path ?? ''}`);
  };
  nock.emitter.on('no match', listener);
  afterEachCleanups.push(() => nock.emitter.removeListener('no match', listener));
  return unmatched;
}
const afterEachCleanups: (() => void)[] = [];
afterEach(() => {
  while (afterEachCleanups.length) afterEachCleanups.pop()!();
});

describe('exchange()', () => {
  it('sends exactly one jwt-bearer on-behalf-of request, and no discovery request', async () => {
    const unmatched = recordUnmatched();
    const seen: OboRequest[] = [];
    const scope = nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'graph-token-1') });
    const sso = ssoTokenFor(ALICE);

    await expect(provider().exchange(ALICE_REF, sso)).resolves.toBe('graph-token-1');

    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(seen).toHaveLength(1);
    const req = seen[0];
    expect(req.grant_type).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(req.requested_token_use).toBe('on_behalf_of');
    expect(req.assertion).toBe(sso);
    expect(req.client_id).toBe(CLIENT_ID);
    expect(req.client_secret).toBe(CLIENT_SECRET);
    expect(req.scope.split(' ').sort()).toEqual([...GRAPH_SCOPES, 'offline_access', 'openid', 'profile'].sort());
  });

  it('answers the same assertion again from the cache, with no second request', async () => {
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'graph-token-1') });
    const obo = provider();
    const sso = ssoTokenFor(ALICE);

    await expect(obo.exchange(ALICE_REF, sso)).resolves.toBe('graph-token-1');
    // A second interceptor would answer a second request with a different token.
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'graph-token-2') });
    await expect(obo.exchange(ALICE_REF, sso)).resolves.toBe('graph-token-1');

    expect(seen).toHaveLength(1);
  });

  it('refuses a token about someone else, without asking Entra ID', async () => {
    const seen: OboRequest[] = [];
    const scope = nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(BOB, 'bob-token') });

    const err = await rejection(provider().exchange(ALICE_REF, ssoTokenFor(BOB)));

    expect(err.code).toBe('wrong_user');
    expect(seen).toHaveLength(0);
    expect(scope.isDone()).toBe(false);
  });

  it('refuses a token from another tenant, without asking Entra ID', async () => {
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'graph-token-1') });

    const err = await rejection(provider().exchange(ALICE_REF, ssoTokenFor(ALICE, { tid: OTHER_TENANT })));

    expect(err.code).toBe('wrong_user');
    expect(seen).toHaveLength(0);
  });

  it('refuses a token that is not a JWT, without asking Entra ID', async () => {
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'graph-token-1') });

    const err = await rejection(provider().exchange(ALICE_REF, 'not-a-jwt'));

    expect(err.code).toBe('wrong_user');
    expect(seen).toHaveLength(0);
  });

  it('accepts the oid in another letter case (Teams and Entra do not agree on case)', async () => {
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'graph-token-1') });

    await expect(
      provider().exchange({ aadObjectId: ALICE.aadObjectId.toUpperCase(), tenantId: TENANT_ID }, ssoTokenFor(ALICE))
    ).resolves.toBe('graph-token-1');
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['invalid_grant', 65001, 'The user or administrator has not consented to use the application.'],
    ['invalid_grant', 65004, 'User declined to consent to access the app.'],
    ['consent_required', 65001, 'The user or administrator has not consented to use the application.'],
    [
      'interaction_required',
      50076,
      'Due to a configuration change made by your administrator, you must use multi-factor authentication.'
    ]
  ])('maps 400 %s AADSTS%d to ConsentRequiredError', async (code, aadsts, description) => {
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 400, body: entraError(code, aadsts, description) });

    const err = await rejection(provider().exchange(ALICE_REF, ssoTokenFor(ALICE)));

    expect(err).toBeInstanceOf(ConsentRequiredError);
    expect(err.code).toBe('consent_required');
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['invalid_grant', 50013, 'Assertion failed signature validation.'],
    ['invalid_grant', 500133, 'Assertion is not within its valid time range.'],
    ['invalid_request', 50013, 'Assertion failed signature validation.']
  ])(
    'maps 400 %s AADSTS%d (an unusable assertion, no consent code) to SignInRequiredError',
    async (code, aadsts, description) => {
      const seen: OboRequest[] = [];
      const body = entraError(code, aadsts, description);
      expect(body.suberror).toBeUndefined();
      nockTokenEndpoint(seen, { status: 400, body });

      const err = await rejection(provider().exchange(ALICE_REF, ssoTokenFor(ALICE)));

      expect(err).toBeInstanceOf(SignInRequiredError);
      expect(err.code).toBe('sign_in_required');
      expect(seen).toHaveLength(1);
    }
  );

  it.each([500, 503])(
    'maps %d to TokenServiceError auth_unavailable, after exactly one request (msal does not retry)',
    async (status) => {
      const seen: OboRequest[] = [];
      // Three interceptors: if msal retried, the later ones would be consumed.
      nockTokenEndpoint(
        seen,
        { status, body: entraError('server_error', 50000, 'There was an error issuing a token.') },
        3
      );

      const err = await rejection(provider().exchange(ALICE_REF, ssoTokenFor(ALICE)));

      expect(err).toBeInstanceOf(TokenServiceError);
      expect(err.code).toBe('auth_unavailable');
      expect(seen).toHaveLength(1);
    }
  );

  it(
    'after a 503, msal refuses further exchanges locally ' + '(its throttling is per app and scopes, not per person)',
    async () => {
      const seen: OboRequest[] = [];
      const obo = provider();
      nockTokenEndpoint(seen, {
        status: 503,
        body: entraError('server_error', 50000, 'There was an error issuing a token.')
      });
      await rejection(obo.exchange(ALICE_REF, ssoTokenFor(ALICE)));

      // Bob's exchange is a different assertion, yet msal answers from its throttle entry.
      const bobScope = nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(BOB, 'bob-token') });
      const err = await rejection(
        obo.exchange({ aadObjectId: BOB.aadObjectId, tenantId: TENANT_ID }, ssoTokenFor(BOB))
      );

      expect(err.code).toBe('auth_unavailable');
      expect(seen).toHaveLength(1);
      expect(bobScope.isDone()).toBe(false);
    }
  );

  it('maps a network failure to TokenServiceError auth_unavailable', async () => {
    const scope = nock(LOGIN).post(`/${TENANT_ID}/oauth2/v2.0/token`).query(true).replyWithError('socket hang up');

    const err = await rejection(provider().exchange(ALICE_REF, ssoTokenFor(ALICE)));

    expect(err).toBeInstanceOf(TokenServiceError);
    expect(err.code).toBe('auth_unavailable');
    expect(scope.isDone()).toBe(true);
  });
});

describe('authority metadata', () => {
  it('needs no discovery even for an authority host msal has no built-in metadata for', async () => {
    // msal-node ships metadata for login.microsoftonline.com itself, so only an unknown host
    // shows whether buildMsalConfig's inline metadata is what avoids instance discovery.
    const host = 'https://login.example.test';
    const unmatched = recordUnmatched();
    const scope = nock(host)
      .post(`/${TENANT_ID}/oauth2/v2.0/token`)
      .query(true)
      .reply(200, oboTokenResponse(ALICE, 'graph-token-1'));
    const obo = createOboTokenProvider(
      buildMsalConfig({ ...AAD, authorityHost: host }, createSharedTokenCache()),
      GRAPH_SCOPES,
      createLogger('silent')
    );

    await expect(obo.exchange(ALICE_REF, ssoTokenFor(ALICE))).resolves.toBe('graph-token-1');

    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });
});

describe('getCachedToken() and signOut()', () => {
  it('has nothing for a person before any exchange, and asks nobody', async () => {
    const unmatched = recordUnmatched();
    await expect(provider().getCachedToken(ALICE_REF)).resolves.toBeUndefined();
    expect(unmatched).toEqual([]);
  });

  it('returns the exchanged token for that person only, without a request', async () => {
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'graph-token-1') });
    const obo = provider();
    await obo.exchange(ALICE_REF, ssoTokenFor(ALICE));

    await expect(obo.getCachedToken(ALICE_REF)).resolves.toBe('graph-token-1');
    await expect(obo.getCachedToken({ aadObjectId: BOB.aadObjectId, tenantId: TENANT_ID })).resolves.toBeUndefined();
    expect(seen).toHaveLength(1);
  });

  it('renews a token close to expiry with the refresh token', async () => {
    const seen: OboRequest[] = [];
    // msal treats a token within 5 minutes of expiry as expired.
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'short-lived', 60) });
    const obo = provider();
    await obo.exchange(ALICE_REF, ssoTokenFor(ALICE));
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'renewed') });

    await expect(obo.getCachedToken(ALICE_REF)).resolves.toBe('renewed');

    expect(seen).toHaveLength(2);
    expect(seen[1].grant_type).toBe('refresh_token');
    expect(seen[1].refresh_token).toBe('refresh-short-lived');
  });

  it('answers undefined (not an error) when the renewal is refused', async () => {
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'short-lived', 60) });
    const obo = provider();
    await obo.exchange(ALICE_REF, ssoTokenFor(ALICE));
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, {
      status: 400,
      body: entraError('invalid_grant', 700082, 'The refresh token has expired due to inactivity.')
    });

    await expect(obo.getCachedToken(ALICE_REF)).resolves.toBeUndefined();
    expect(seen).toHaveLength(1);
  });

  it('caches nothing per person when Entra answers without an id_token (msal builds the account from it)', async () => {
    const seen: OboRequest[] = [];
    const { id_token: _idToken, ...noIdToken } = oboTokenResponse(ALICE, 'graph-token-1');
    nockTokenEndpoint(seen, { status: 200, body: noIdToken });
    const obo = provider();
    const sso = ssoTokenFor(ALICE);

    await expect(obo.exchange(ALICE_REF, sso)).resolves.toBe('graph-token-1');

    await expect(obo.getCachedToken(ALICE_REF)).resolves.toBeUndefined();
    // …but the same assertion is still answered from msal's assertion-keyed cache.
    await expect(obo.exchange(ALICE_REF, sso)).resolves.toBe('graph-token-1');
    expect(seen).toHaveLength(1);
  });

  it('forgets the person on signOut()', async () => {
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'graph-token-1') });
    const obo = provider();
    await obo.exchange(ALICE_REF, ssoTokenFor(ALICE));

    await obo.signOut(ALICE_REF);

    await expect(obo.getCachedToken(ALICE_REF)).resolves.toBeUndefined();
  });

  it('signOut() keeps other people signed in', async () => {
    const obo = provider();
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'alice-token') });
    await obo.exchange(ALICE_REF, ssoTokenFor(ALICE));
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(BOB, 'bob-token') });
    const bobRef = { aadObjectId: BOB.aadObjectId, tenantId: TENANT_ID };
    await obo.exchange(bobRef, ssoTokenFor(BOB));

    await obo.signOut(ALICE_REF);

    await expect(obo.getCachedToken(ALICE_REF)).resolves.toBeUndefined();
    await expect(obo.getCachedToken(bobRef)).resolves.toBe('bob-token');
  });
});

describe("one cache plugin shared by two msal instances (ours and teams-ai's)", () => {
  it('a token acquired by one provider is returned by the other', async () => {
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'graph-token-1') });
    const shared = createSharedTokenCache();
    const a = provider(shared);
    const b = provider(shared);

    await a.exchange(ALICE_REF, ssoTokenFor(ALICE));

    await expect(b.getCachedToken(ALICE_REF)).resolves.toBe('graph-token-1');
    expect(seen).toHaveLength(1);
  });

  it('sign-out through one provider signs the person out of the other', async () => {
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'graph-token-1') });
    const shared = createSharedTokenCache();
    const a = provider(shared);
    const b = provider(shared);
    await a.exchange(ALICE_REF, ssoTokenFor(ALICE));

    await b.signOut(ALICE_REF);

    await expect(a.getCachedToken(ALICE_REF)).resolves.toBeUndefined();
  });

  it('a sign-out stays a sign-out after the other provider next writes to the cache', async () => {
    const shared = createSharedTokenCache();
    const a = provider(shared);
    const b = provider(shared);
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'alice-token') });
    await a.exchange(ALICE_REF, ssoTokenFor(ALICE));
    await b.signOut(ALICE_REF);

    // Provider A caches someone else: its write must not bring Alice's token back.
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(BOB, 'bob-token') });
    await a.exchange({ aadObjectId: BOB.aadObjectId, tenantId: TENANT_ID }, ssoTokenFor(BOB));

    await expect(b.getCachedToken(ALICE_REF)).resolves.toBeUndefined();
    await expect(b.getCachedToken({ aadObjectId: BOB.aadObjectId, tenantId: TENANT_ID })).resolves.toBe('bob-token');
  });

  it('separate cache plugins do not share', async () => {
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, 'graph-token-1') });
    const a = provider();
    const b = provider();
    await a.exchange(ALICE_REF, ssoTokenFor(ALICE));

    await expect(b.getCachedToken(ALICE_REF)).resolves.toBeUndefined();
  });
});

describe('redeemCode()', () => {
  const REDIRECT = 'https://gcbot.example.test/auth-end';
  const VERIFIER = 'pkce-verifier-0123456789-abcdefghijklmnopqrs';

  it('redeems the code once, returns the person from the id_token and caches the token', async () => {
    const unmatched = recordUnmatched();
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'code-token') });
    const obo = provider();

    await expect(obo.redeemCode('the-auth-code', REDIRECT, VERIFIER)).resolves.toEqual({
      aadObjectId: ALICE.aadObjectId,
      tenantId: TENANT_ID
    });

    expect(unmatched).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0].grant_type).toBe('authorization_code');
    expect(seen[0].code).toBe('the-auth-code');
    expect(seen[0].redirect_uri).toBe(REDIRECT);
    expect(seen[0].code_verifier).toBe(VERIFIER); // PKCE: the verifier of the challenge sent to authorize
    expect(seen[0].client_id).toBe(CLIENT_ID);
    expect(seen[0].client_secret).toBe(CLIENT_SECRET);
    expect(seen[0].scope.split(' ')).toEqual(expect.arrayContaining([...GRAPH_SCOPES, 'offline_access']));
    expect(seen[0].assertion).toBeUndefined();

    await expect(obo.getCachedToken(ALICE_REF)).resolves.toBe('code-token');
    expect(seen).toHaveLength(1);
  });

  it('refuses a code redemption whose answer names no person (no id_token)', async () => {
    const { id_token: _idToken, ...noIdToken } = oboTokenResponse(ALICE, 'code-token');
    nockTokenEndpoint([], { status: 200, body: noIdToken });

    const err = await rejection(provider().redeemCode('the-auth-code', REDIRECT, VERIFIER));

    expect(err).toBeInstanceOf(SignInRequiredError);
  });

  it('maps a refused code (invalid_grant AADSTS54005, already redeemed) to SignInRequiredError', async () => {
    nockTokenEndpoint([], {
      status: 400,
      body: entraError('invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed.')
    });

    const err = await rejection(provider().redeemCode('used-code', REDIRECT, VERIFIER));

    expect(err.code).toBe('sign_in_required');
  });
});

describe('OBO provider: concurrent exchanges of one SSO token (double click)', () => {
  it('share one request to the token endpoint', async () => {
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, 'alice-graph') });
    const provider = createOboTokenProvider(
      buildMsalConfig(AAD, createSharedTokenCache()),
      GRAPH_SCOPES,
      createLogger('silent')
    );
    const sso = ssoTokenFor(ALICE);
    const user = { aadObjectId: ALICE.aadObjectId, tenantId: TENANT_ID };
    await expect(Promise.all([provider.exchange(user, sso), provider.exchange(user, sso)])).resolves.toEqual([
      'alice-graph',
      'alice-graph'
    ]);
    expect(seen).toHaveLength(1);
  });
});

describe('a misconfigured bot (invalid_client, unauthorized_client)', () => {
  /** A provider whose log lines are kept, parsed. */
  type LogLine = { level: number; msg: string; [field: string]: unknown };
  function loggingProvider(): { obo: OboTokenProvider; lines: LogLine[] } {
    const lines: LogLine[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      }
    });
    const obo = createOboTokenProvider(
      buildMsalConfig(AAD, createSharedTokenCache()),
      GRAPH_SCOPES,
      createLogger('debug', sink)
    );
    return { obo, lines };
  }
  const misconfigured = (lines: LogLine[]) => lines.filter((l) => /misconfigured/.test(l.msg));
  const ERROR = 50;
  const WARN = 40;

  it.each([
    ['invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent is the value.'],
    ['invalid_client', 7000222, 'The provided client secret keys for app are expired.'],
    ['unauthorized_client', 700016, 'Application with identifier was not found in the directory.']
  ])('maps 400/401 %s AADSTS%d to bot_misconfigured, never a sign-in or consent', async (code, aadsts, text) => {
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: code === 'invalid_client' ? 401 : 400, body: entraError(code, aadsts, text) });
    const { obo, lines } = loggingProvider();
    const sso = ssoTokenFor(ALICE);

    const err = await rejection(obo.exchange(ALICE_REF, sso));

    expect(err.code).toBe('bot_misconfigured');
    expect(seen).toHaveLength(1);
    expect(misconfigured(lines)).toEqual([
      expect.objectContaining({ level: ERROR, errorCode: code, aadsts: `AADSTS${aadsts}` })
    ]);
    expect(lines.map((l) => JSON.stringify(l)).join('\n')).not.toContain(sso);
  });

  it('logs each distinct AADSTS code once at error level, every repeat at warn', async () => {
    const { obo, lines } = loggingProvider();
    const secret = entraError('invalid_client', 7000215, 'Invalid client secret provided.');
    const app = entraError('unauthorized_client', 700016, 'Application was not found in the directory.');
    // Three people (three assertions), the same wrong secret; then a second kind of problem.
    for (const [user, body] of [
      [ALICE, secret],
      [BOB, secret],
      [ALICE, secret],
      [BOB, app]
    ] as const) {
      nockTokenEndpoint([], { status: 401, body });
      const err = await rejection(
        obo.exchange(
          { aadObjectId: user.aadObjectId, tenantId: TENANT_ID },
          ssoTokenFor(user, { nonce: Math.random() })
        )
      );
      expect(err.code).toBe('bot_misconfigured');
    }

    expect(misconfigured(lines).map((l) => [l.level, l.aadsts])).toEqual([
      [ERROR, 'AADSTS7000215'],
      [WARN, 'AADSTS7000215'],
      [WARN, 'AADSTS7000215'],
      [ERROR, 'AADSTS700016']
    ]);
  });
});
