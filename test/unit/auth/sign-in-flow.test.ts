// The consent / sign-in pop-up: the authorize redirect it builds, the signed state and cookie
// that bind the flow to one browser, and every way a returning request is refused before the
// code is redeemed.
import { createSignInFlow, STATE_COOKIE, type SignInFlow } from '../../../src/auth/sign-in-flow';
import { GRAPH_SCOPES, type AadApp } from '../../../src/config';
import { say } from '../../../src/core/words';
import { ALICE, CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../helpers/entra';

const AAD: AadApp = {
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  tenantId: TENANT_ID,
  authorityHost: 'https://login.microsoftonline.com'
};
const BASE = 'https://gcbot.example.test';
const REDIRECT = `${BASE}/auth-end`;
const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);

const INCOMPLETE = say('signIn.incomplete');
const FORGED = say('signIn.forged');
const TOO_LATE = say('signIn.tooLate');
const OTHER_WINDOW = say('signIn.otherWindow');

interface Harness {
  flow: SignInFlow;
  redeem: jest.Mock<Promise<{ aadObjectId: string }>, [string, string]>;
  clock: { now: number };
}

function harness(aad: AadApp = AAD): Harness {
  const clock = { now: T0 };
  const redeem = jest.fn<Promise<{ aadObjectId: string }>, [string, string]>(async () => ({
    aadObjectId: ALICE.aadObjectId
  }));
  const flow = createSignInFlow({ aad, publicBaseUrl: BASE, scopes: GRAPH_SCOPES, redeem, now: () => clock.now });
  return { flow, redeem, clock };
}

/** Starts a flow and returns what the browser carries back: the state and its cookie header. */
function begin(
  h: Harness,
  consent = true
): { state: string; nonce: string; cookie: string; url: URL; setCookie: string } {
  const { location, setCookie } = h.flow.start({ consent });
  const url = new URL(location);
  const state = url.searchParams.get('state') ?? '';
  const nonce = state.split('.')[0];
  return { state, nonce, cookie: `theme=dark; ${STATE_COOKIE}=${nonce}; other=1`, url, setCookie };
}

describe('start()', () => {
  it("sends the person to the tenant's authorize endpoint with exactly the expected parameters", () => {
    const h = harness();
    const { url } = begin(h, true);

    expect(`${url.origin}${url.pathname}`).toBe(`https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/authorize`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toEqual({
      client_id: CLIENT_ID,
      response_type: 'code',
      response_mode: 'query',
      redirect_uri: REDIRECT,
      scope:
        'https://graph.microsoft.com/Group.ReadWrite.All ' +
        'https://graph.microsoft.com/User.ReadBasic.All openid profile offline_access',
      state: expect.any(String),
      prompt: 'consent'
    });
    expect(params.scope.split(' ')).toEqual(
      expect.arrayContaining(['https://graph.microsoft.com/Group.ReadWrite.All', 'offline_access'])
    );
  });

  it('builds a three-part state: nonce, issue time in seconds, MAC', () => {
    const h = harness();
    const { state } = begin(h);
    const parts = state.split('.');

    expect(parts).toHaveLength(3);
    expect(parts[0]).toMatch(/^[A-Za-z0-9_-]{22}$/); // 16 random bytes, base64url
    expect(parts[1]).toBe(String(T0 / 1000));
    expect(parts[2]).toMatch(/^[A-Za-z0-9_-]{43}$/); // HMAC-SHA256, base64url
  });

  it('asks for consent only when told to, and passes a login hint through', () => {
    const h = harness();
    const plain = new URL(h.flow.start({ consent: false }).location);
    expect(plain.searchParams.has('prompt')).toBe(false);
    expect(plain.searchParams.has('login_hint')).toBe(false);

    const hinted = new URL(h.flow.start({ consent: false, loginHint: 'alice@contoso.test' }).location);
    expect(hinted.searchParams.get('login_hint')).toBe('alice@contoso.test');
  });

  it('sets the nonce as an HttpOnly, Secure, SameSite=Lax cookie scoped to /auth-end', () => {
    const h = harness();
    const { setCookie, nonce } = begin(h);

    expect(setCookie).toBe(`gcbot_signin=${nonce}; Max-Age=600; Path=/auth-end; HttpOnly; Secure; SameSite=Lax`);
    expect(setCookie).toContain('HttpOnly; Secure; SameSite=Lax');
    expect(setCookie).toContain('Path=/auth-end');
  });

  it('uses a fresh nonce every time', () => {
    const h = harness();
    expect(begin(h).nonce).not.toBe(begin(h).nonce);
  });

  it('exposes its start and redirect URLs', () => {
    const h = harness();
    expect(h.flow.startUrl).toBe(`${BASE}/auth-start`);
    expect(h.flow.redirectUri).toBe(REDIRECT);
  });
});

describe('finish()', () => {
  it('redeems the code once, with the redirect URI, when state and cookie match', async () => {
    const h = harness();
    const { state, cookie } = begin(h);
    h.clock.now = T0 + 30_000;

    await expect(h.flow.finish({ code: 'the-code', state }, cookie)).resolves.toEqual({
      ok: true,
      aadObjectId: ALICE.aadObjectId
    });

    expect(h.redeem).toHaveBeenCalledTimes(1);
    expect(h.redeem).toHaveBeenCalledWith('the-code', REDIRECT);
  });

  it('refuses a state whose MAC was tampered with, without redeeming', async () => {
    const h = harness();
    const { state, cookie } = begin(h);
    const mac = state.split('.')[2];
    const tampered = `${state.slice(0, -mac.length)}${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;

    await expect(h.flow.finish({ code: 'the-code', state: tampered }, cookie)).resolves.toEqual({
      ok: false,
      reason: FORGED
    });
    expect(h.redeem).not.toHaveBeenCalled();
  });

  it('refuses a state whose issue time was changed (the MAC covers it)', async () => {
    const h = harness();
    const { state, cookie, nonce } = begin(h);
    const [, issued, mac] = state.split('.');

    await expect(
      h.flow.finish({ code: 'the-code', state: `${nonce}.${Number(issued) + 3600}.${mac}` }, cookie)
    ).resolves.toEqual({
      ok: false,
      reason: FORGED
    });
    expect(h.redeem).not.toHaveBeenCalled();
  });

  it('refuses a state signed with another app secret', async () => {
    const other = harness({ ...AAD, clientSecret: 'another-secret' });
    const { state, cookie } = begin(other);
    const h = harness();

    await expect(h.flow.finish({ code: 'the-code', state }, cookie)).resolves.toEqual({ ok: false, reason: FORGED });
    expect(h.redeem).not.toHaveBeenCalled();
  });

  it('accepts a state started on another instance with the same secret (stateless)', async () => {
    const a = harness();
    const b = harness();
    const { state, cookie } = begin(a);

    await expect(b.flow.finish({ code: 'the-code', state }, cookie)).resolves.toEqual({
      ok: true,
      aadObjectId: ALICE.aadObjectId
    });
  });

  it.each([
    ['a cookie from another flow', `${STATE_COOKIE}=someone-elses-nonce`],
    ['no cookie header', undefined],
    ['a cookie header without the state cookie', 'theme=dark'],
    ['the nonce under another cookie name', 'gcbot_signin_x=NONCE']
  ])('refuses %s, without redeeming', async (_label, cookieTemplate) => {
    const h = harness();
    const { state, nonce } = begin(h);
    const cookie = cookieTemplate?.replace('NONCE', nonce);

    await expect(h.flow.finish({ code: 'the-code', state }, cookie)).resolves.toEqual({
      ok: false,
      reason: OTHER_WINDOW
    });
    expect(h.redeem).not.toHaveBeenCalled();
  });

  it('accepts at exactly 10 minutes and refuses one second later', async () => {
    const h = harness();
    const { state, cookie } = begin(h);

    h.clock.now = T0 + 600_000;
    await expect(h.flow.finish({ code: 'the-code', state }, cookie)).resolves.toEqual({
      ok: true,
      aadObjectId: ALICE.aadObjectId
    });

    h.clock.now = T0 + 601_000;
    await expect(h.flow.finish({ code: 'the-code', state }, cookie)).resolves.toEqual({ ok: false, reason: TOO_LATE });
    expect(h.redeem).toHaveBeenCalledTimes(1);
  });

  it('refuses a flow finished 11 minutes after it started, without redeeming', async () => {
    const h = harness();
    const { state, cookie } = begin(h);
    h.clock.now = T0 + 11 * 60_000;

    await expect(h.flow.finish({ code: 'the-code', state }, cookie)).resolves.toEqual({ ok: false, reason: TOO_LATE });
    expect(h.redeem).not.toHaveBeenCalled();
  });

  it('says consent was declined for error=access_denied, without redeeming', async () => {
    const h = harness();
    const { state, cookie } = begin(h);

    await expect(
      h.flow.finish(
        { error: 'access_denied', error_description: 'AADSTS65004: User declined to consent.', state },
        cookie
      )
    ).resolves.toEqual({ ok: false, reason: say('signIn.declined') });
    expect(h.redeem).not.toHaveBeenCalled();
  });

  it('names any other Entra error code, without redeeming', async () => {
    const h = harness();
    const { state, cookie } = begin(h);

    await expect(h.flow.finish({ error: 'server_error', state }, cookie)).resolves.toEqual({
      ok: false,
      reason: say('signIn.failed', { error: 'server_error' })
    });
    expect(h.redeem).not.toHaveBeenCalled();
  });

  it.each([
    ['no code', (state: string) => ({ state })],
    ['an empty code', (state: string) => ({ code: '', state })],
    ['no state', () => ({ code: 'the-code' })],
    ['a two-part state', (state: string) => ({ code: 'the-code', state: state.split('.').slice(0, 2).join('.') })],
    ['a four-part state', (state: string) => ({ code: 'the-code', state: `${state}.x` })]
  ])('refuses %s as incomplete, without redeeming', async (_label, query) => {
    const h = harness();
    const { state, cookie } = begin(h);

    await expect(h.flow.finish(query(state), cookie)).resolves.toEqual({ ok: false, reason: INCOMPLETE });
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
