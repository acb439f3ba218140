// The sign-in pop-up, bound to one Teams person: the signed `for` link /auth-start requires, the
// authorize redirect with PKCE, the signed state and cookie that bind the flow to one browser,
// every way a returning request is refused before the code is redeemed (or, for "someone else",
// right after), single-use nonces, and the verification code handed to Teams.
import { createHash } from 'node:crypto';
import {
  createSignInFlow,
  LINK_MAX_AGE_SECONDS,
  STATE_COOKIE,
  type Redeemed,
  type SignInFlow
} from '../../../src/auth/sign-in-flow';
import { createVerificationCodes } from '../../../src/auth/verification-codes';
import { createMemoryExpiringStore } from '../../../src/storage/expiring-store';
import { GRAPH_SCOPES, type AadApp } from '../../../src/config';
import { say } from '../../../src/core/words';
import { ALICE, BOB, CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../helpers/entra';

const AAD: AadApp = {
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  tenantId: TENANT_ID,
  authorityHost: 'https://login.microsoftonline.com'
};
const BASE = 'https://gcbot.example.test';
const REDIRECT = `${BASE}/auth-end`;
const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const ALICE_REF = { aadObjectId: ALICE.aadObjectId, tenantId: TENANT_ID };
const BOB_REF = { aadObjectId: BOB.aadObjectId, tenantId: TENANT_ID };
const OTHER_TENANT = 'e0e0e000-0000-4000-8000-000000000000';

interface Harness {
  flow: SignInFlow;
  redeem: jest.Mock<Promise<Redeemed>, [string, string, string]>;
  forget: jest.Mock<Promise<void>, [{ aadObjectId: string }]>;
  clock: { now: number };
}

function harness(aad: AadApp = AAD): Harness {
  const clock = { now: T0 };
  const redeem = jest.fn<Promise<Redeemed>, [string, string, string]>(async () => ALICE_REF);
  const forget = jest.fn<Promise<void>, [{ aadObjectId: string }]>(async () => undefined);
  const flow = createSignInFlow({
    aad,
    publicBaseUrl: BASE,
    scopes: GRAPH_SCOPES,
    redeem,
    forget,
    codes: createVerificationCodes(createMemoryExpiringStore()),
    spentNonces: createMemoryExpiringStore(),
    now: () => clock.now
  });
  return { flow, redeem, forget, clock };
}

const forOf = (link: string) => new URL(link).searchParams.get('for') ?? '';

/** Starts a flow for `person` and returns what the browser carries back: the state and its cookie. */
function begin(h: Harness, person = ALICE_REF, consent = true) {
  const started = h.flow.start({ for: forOf(h.flow.linkFor(person)), ...(consent ? { consent: '1' } : {}) });
  if (!started.ok) throw new Error(started.reason);
  const url = new URL(started.location);
  const state = url.searchParams.get('state') ?? '';
  const cookieValue = started.setCookie.split(';')[0].slice(`${STATE_COOKIE}=`.length);
  const [nonce, verifier] = cookieValue.split('.');
  return { state, nonce, verifier, cookie: `theme=dark; ${STATE_COOKIE}=${cookieValue}; other=1`, url, ...started };
}

describe('linkFor() and bind(): the links Teams is given', () => {
  it('point at /auth-start with a signed `for`, and consent=1 only when asked', () => {
    const h = harness();
    const plain = new URL(h.flow.linkFor(ALICE_REF));
    expect(`${plain.origin}${plain.pathname}`).toBe(`${BASE}/auth-start`);
    expect([...plain.searchParams.keys()]).toEqual(['for']);
    expect(plain.searchParams.get('for')).toMatch(
      new RegExp(`^${ALICE.aadObjectId}\\.${TENANT_ID}\\.${T0 / 1000 + LINK_MAX_AGE_SECONDS}\\.[A-Za-z0-9_-]{43}$`)
    );
    expect(new URL(h.flow.linkFor(ALICE_REF, { consent: true })).searchParams.get('consent')).toBe('1');
  });

  it('bind() adds the same binding to a link built elsewhere, keeping its parameters', () => {
    const h = harness();
    const bound = new URL(h.flow.bind(`${BASE}/auth-start?scope=a%20b&clientId=x`, ALICE_REF));
    expect(bound.searchParams.get('scope')).toBe('a b');
    expect(bound.searchParams.get('for')).toBe(forOf(h.flow.linkFor(ALICE_REF)));
  });
});

describe('start()', () => {
  it.each([
    ['no `for`', () => ({}), 'signIn.incomplete'],
    ['an empty `for`', () => ({ for: '' }), 'signIn.incomplete'],
    [
      'a `for` naming someone else under Alice’s MAC',
      (f: string) => ({ for: f.replace(ALICE.aadObjectId, BOB.aadObjectId) }),
      'signIn.forged'
    ],
    [
      'a `for` with a later expiry',
      (f: string) => ({ for: f.replace(/\.(\d+)\./, (_m, e) => `.${Number(e) + 9999}.`) }),
      'signIn.forged'
    ],
    ['a `for` of three parts', (f: string) => ({ for: f.split('.').slice(1).join('.') }), 'signIn.forged'],
    ['a `for` given twice', (f: string) => ({ for: [f, f] }), 'signIn.incomplete']
  ] as const)('refuses %s', (_label, query, word) => {
    const h = harness();
    expect(h.flow.start(query(forOf(h.flow.linkFor(ALICE_REF))))).toEqual({ ok: false, reason: say(word) });
  });

  it('refuses a `for` signed with another app secret', () => {
    const other = harness({ ...AAD, clientSecret: 'another-secret' });
    const h = harness();
    expect(h.flow.start({ for: forOf(other.flow.linkFor(ALICE_REF)) })).toEqual({
      ok: false,
      reason: say('signIn.forged')
    });
  });

  it('accepts a link until it expires (15 minutes), then refuses it as too late', () => {
    const h = harness();
    const link = h.flow.linkFor(ALICE_REF);
    h.clock.now = T0 + LINK_MAX_AGE_SECONDS * 1000;
    expect(h.flow.start({ for: forOf(link) }).ok).toBe(true);
    h.clock.now += 1000;
    expect(h.flow.start({ for: forOf(link) })).toEqual({ ok: false, reason: say('signIn.tooLate') });
  });

  it("sends the person to the tenant's authorize endpoint with exactly the expected parameters (PKCE S256)", () => {
    const h = harness();
    const { url, verifier, nonce } = begin(h);

    expect(`${url.origin}${url.pathname}`).toBe(`https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: CLIENT_ID,
      response_type: 'code',
      response_mode: 'query',
      redirect_uri: REDIRECT,
      scope:
        'https://graph.microsoft.com/Group.ReadWrite.All ' +
        'https://graph.microsoft.com/User.ReadBasic.All openid profile offline_access',
      state: expect.stringMatching(
        new RegExp(`^${nonce}\\.${T0 / 1000}\\.${ALICE.aadObjectId}\\.${TENANT_ID}\\.[A-Za-z0-9_-]{43}$`)
      ),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      prompt: 'consent'
    });
    // The verifier stays in the HttpOnly cookie: never in a URL.
    expect(url.toString()).not.toContain(verifier);
  });

  it('asks for consent only when told to, and passes a login hint through', () => {
    const h = harness();
    const link = forOf(h.flow.linkFor(ALICE_REF));
    const plain = h.flow.start({ for: link });
    const hinted = h.flow.start({ for: link, loginHint: 'alice@contoso.test' });
    if (!plain.ok || !hinted.ok) throw new Error('refused');
    expect(new URL(plain.location).searchParams.has('prompt')).toBe(false);
    expect(new URL(hinted.location).searchParams.get('login_hint')).toBe('alice@contoso.test');
  });

  it('sets nonce and PKCE verifier as an HttpOnly, Secure, SameSite=Lax cookie scoped to /auth-end', () => {
    const h = harness();
    const { setCookie, nonce, verifier } = begin(h);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(setCookie).toBe(
      `gcbot_signin=${nonce}.${verifier}; Max-Age=600; Path=/auth-end; HttpOnly; Secure; SameSite=Lax`
    );
  });

  it('uses a fresh nonce and verifier every time', () => {
    const h = harness();
    const [a, b] = [begin(h), begin(h)];
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.verifier).not.toBe(b.verifier);
  });
});

describe('finish()', () => {
  it('redeems the code once with the PKCE verifier, and issues a verification code for Alice only', async () => {
    const h = harness();
    const { state, cookie, verifier } = begin(h);
    h.clock.now = T0 + 30_000;

    const result = await h.flow.finish({ code: 'the-code', state }, cookie);

    expect(result).toEqual({ ok: true, aadObjectId: ALICE.aadObjectId, code: expect.stringMatching(/^[\w-]{22}$/) });
    expect(h.redeem).toHaveBeenCalledTimes(1);
    expect(h.redeem).toHaveBeenCalledWith('the-code', REDIRECT, verifier);
    const code = result.ok ? result.code : '';
    await expect(h.flow.acceptCode(code, BOB_REF)).resolves.toBe(false);
    // Presented by someone else, the code is spent: Alice signs in again rather than share it.
    await expect(h.flow.acceptCode(code, ALICE_REF)).resolves.toBe(false);
  });

  it('accepts the verification code once, from the same person', async () => {
    const h = harness();
    const { state, cookie } = begin(h);
    const result = await h.flow.finish({ code: 'the-code', state }, cookie);
    const code = result.ok ? result.code : '';
    await expect(h.flow.acceptCode(code, ALICE_REF)).resolves.toBe(true);
    await expect(h.flow.acceptCode(code, ALICE_REF)).resolves.toBe(false);
  });

  it.each([
    ['another person', { aadObjectId: BOB.aadObjectId, tenantId: TENANT_ID }],
    ['the same object id in another tenant', { aadObjectId: ALICE.aadObjectId, tenantId: OTHER_TENANT }]
  ])('signed in as %s: refused, and that account is removed from the cache again', async (_label, account) => {
    const h = harness();
    const { state, cookie } = begin(h);
    h.redeem.mockResolvedValueOnce(account);

    await expect(h.flow.finish({ code: 'the-code', state }, cookie)).resolves.toEqual({
      ok: false,
      reason: say('signIn.someoneElse')
    });
    expect(h.forget).toHaveBeenCalledWith({ aadObjectId: account.aadObjectId, tenantId: account.tenantId });
  });

  it('refuses a second /auth-end with the same state without redeeming again (single-use nonce)', async () => {
    const h = harness();
    const { state, cookie } = begin(h);
    await expect(h.flow.finish({ code: 'the-code', state }, cookie)).resolves.toMatchObject({ ok: true });
    await expect(h.flow.finish({ code: 'another-code', state }, cookie)).resolves.toEqual({
      ok: false,
      reason: say('signIn.alreadyUsed')
    });
    expect(h.redeem).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['its MAC tampered with', (s: string) => `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`],
    ['another person in it (the MAC covers it)', (s: string) => s.replace(ALICE.aadObjectId, BOB.aadObjectId)],
    ['a later issue time (the MAC covers it)', (s: string) => s.replace(`.${T0 / 1000}.`, `.${T0 / 1000 + 3600}.`)]
  ])('refuses a state with %s, without redeeming', async (_label, change) => {
    const h = harness();
    const { state, cookie } = begin(h);
    await expect(h.flow.finish({ code: 'the-code', state: change(state) }, cookie)).resolves.toEqual({
      ok: false,
      reason: say('signIn.forged')
    });
    expect(h.redeem).not.toHaveBeenCalled();
  });

  it('refuses a state signed with another app secret', async () => {
    const other = harness({ ...AAD, clientSecret: 'another-secret' });
    const { state, cookie } = begin(other);
    const h = harness();
    await expect(h.flow.finish({ code: 'the-code', state }, cookie)).resolves.toEqual({
      ok: false,
      reason: say('signIn.forged')
    });
    expect(h.redeem).not.toHaveBeenCalled();
  });

  it.each([
    ['a cookie from another flow', `${STATE_COOKIE}=someone-elses-nonce.${'v'.repeat(43)}`],
    ['no cookie header', undefined],
    ['a cookie header without the state cookie', 'theme=dark'],
    ['the state cookie under another name', `gcbot_signin_x=NONCE.${'v'.repeat(43)}`],
    ['the nonce without its PKCE verifier', `${STATE_COOKIE}=NONCE`],
    ['the nonce with a damaged verifier', `${STATE_COOKIE}=NONCE.short`]
  ])('refuses %s, without redeeming', async (_label, cookieTemplate) => {
    const h = harness();
    const { state, nonce } = begin(h);
    await expect(h.flow.finish({ code: 'the-code', state }, cookieTemplate?.replace('NONCE', nonce))).resolves.toEqual({
      ok: false,
      reason: say('signIn.otherWindow')
    });
    expect(h.redeem).not.toHaveBeenCalled();
  });

  it('accepts at exactly 10 minutes and refuses one second later, without redeeming', async () => {
    const h = harness();
    const first = begin(h);
    const second = begin(h);
    h.clock.now = T0 + 600_000;
    await expect(h.flow.finish({ code: 'the-code', state: first.state }, first.cookie)).resolves.toMatchObject({
      ok: true
    });
    h.clock.now = T0 + 601_000;
    await expect(h.flow.finish({ code: 'the-code', state: second.state }, second.cookie)).resolves.toEqual({
      ok: false,
      reason: say('signIn.tooLate')
    });
    expect(h.redeem).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['access_denied', 'signIn.declined'],
    ['consent_required', 'signIn.adminConsentNeeded'],
    ['interaction_required', 'signIn.extraStep'],
    ['login_required', 'signIn.loginNeeded'],
    ['invalid_request', 'signIn.rejected'],
    ['unauthorized_client', 'signIn.misconfigured'],
    ['server_error', 'signIn.unavailable'],
    ['temporarily_unavailable', 'signIn.unavailable'],
    ['something_new', 'signIn.failed'],
    ['<img src=x onerror=alert(1)>Your account is locked, call +1 555 0100', 'signIn.failed'],
    ['toString', 'signIn.failed']
  ] as const)('error=%s: a fixed sentence, nothing of the URL shown, nothing redeemed', async (error, word) => {
    const h = harness();
    const { state, cookie } = begin(h);
    const description = 'AADSTS65004: <b>call the helpdesk</b> at evil.example';
    const result = await h.flow.finish({ error, error_description: description, state, code: 'c' }, cookie);
    expect(result).toEqual({ ok: false, reason: say(word) });
    expect(JSON.stringify(result)).not.toMatch(/img|helpdesk|555|AADSTS/);
    expect(h.redeem).not.toHaveBeenCalled();
  });

  it.each([
    ['too long', 'a'.repeat(4097)],
    ['markup', '<script>'],
    ['a space', 'the code'],
    ['a percent sign', '0.AXoA%00'],
    ['a non-ASCII letter', '0.AXoAé']
  ])('refuses a code with %s before any call to Entra ID', async (_label, code) => {
    const h = harness();
    const { state, cookie } = begin(h);
    await expect(h.flow.finish({ code, state }, cookie)).resolves.toEqual({
      ok: false,
      reason: say('signIn.malformed')
    });
    expect(h.redeem).not.toHaveBeenCalled();
  });

  it('accepts the shapes Entra ID issues (work account and personal account codes)', async () => {
    const h = harness();
    for (const code of [
      `0.AXEAF09iccdX-Uus7E7OVAL17LP7C4Dd7jlEldzrwvs_ZM4zAAA.AQABAAIAAAD--DLA3VO7QrddgJg7${'A'.repeat(800)}`,
      'M.C507_BAY.2.U.47728d8a-1c2e-4e4f-9b2a-0d2f2c1b0a99!$'
    ]) {
      const { state, cookie } = begin(h);
      await expect(h.flow.finish({ code, state }, cookie)).resolves.toMatchObject({ ok: true });
    }
    expect(h.redeem).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['no code', (state: string) => ({ state })],
    ['an empty code', (state: string) => ({ code: '', state })],
    ['two codes', (state: string) => ({ code: ['a', 'b'], state })],
    ['no state', () => ({ code: 'the-code' })],
    ['a four-part state', (state: string) => ({ code: 'the-code', state: state.split('.').slice(0, 4).join('.') })],
    ['a six-part state', (state: string) => ({ code: 'the-code', state: `${state}.x` })]
  ])('refuses %s as incomplete, without redeeming', async (_label, query) => {
    const h = harness();
    const { state, cookie } = begin(h);
    await expect(h.flow.finish(query(state), cookie)).resolves.toEqual({ ok: false, reason: say('signIn.incomplete') });
    expect(h.redeem).not.toHaveBeenCalled();
  });

  it('lets a redemption failure reach the caller (the page shows its own message)', async () => {
    const h = harness();
    const { state, cookie } = begin(h);
    const failure = new Error('redeem failed');
    h.redeem.mockRejectedValueOnce(failure);
    await expect(h.flow.finish({ code: 'the-code', state }, cookie)).rejects.toBe(failure);
  });
});
