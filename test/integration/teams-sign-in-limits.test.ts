// The pop-up's pages face the internet: /auth-start and /auth-end are rate limited per client
// address (App Service's `client-ip`, which its front end overwrites) and in total, a state is
// redeemed once, and a malformed code never reaches Entra ID. Before this, 50 anonymous pairs
// made 50 secret-authenticated token requests.
import { useTestBot } from '../helpers/test-bot';
import { ALICE, TENANT_ID, oboTokenResponse } from '../helpers/entra';
import { nockTokenEndpoint, type OboRequest } from '../helpers/graph-nock';
import { startSignIn, type StartedSignIn } from '../helpers/sign-in';
import { SIGN_IN_RATE_LIMITS } from '../../src/http/sign-in-routes';
import { say } from '../../src/core/words';

const ALICE_REF = { aadObjectId: ALICE.aadObjectId, tenantId: TENANT_ID };

describe('Teams mode: the sign-in pages under load', () => {
  const bot = useTestBot({ teams: true });
  const link = () => bot.bot.deps.signIn?.linkFor(ALICE_REF) ?? '';
  const end = (started: StartedSignIn, clientIp: string, code = '0.AXoA-code') =>
    fetch(`${bot.url}/auth-end?code=${code}&state=${encodeURIComponent(started.state)}`, {
      headers: { cookie: started.cookie, 'client-ip': clientIp }
    });

  it('50 /auth-end from one address: at most the per-address number of token requests, then 429', async () => {
    const requests: OboRequest[] = [];
    nockTokenEndpoint(requests, { status: 200, body: oboTokenResponse(ALICE, 'graph-token') }, 50);
    const pairs: StartedSignIn[] = [];
    for (let i = 0; i < 50; i++) pairs.push(await startSignIn(bot.url, link(), { 'client-ip': '198.51.100.1' }));

    const statuses: number[] = [];
    let limited: { res: Response; page: string } | undefined;
    for (const pair of pairs) {
      const res = await end(pair, '203.0.113.7:51234');
      statuses.push(res.status);
      const page = await res.text();
      if (res.status === 429) limited ??= { res, page };
    }

    expect(requests.length).toBe(SIGN_IN_RATE_LIMITS.end.perClient);
    expect(statuses.filter((s) => s === 200)).toHaveLength(SIGN_IN_RATE_LIMITS.end.perClient);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50 - SIGN_IN_RATE_LIMITS.end.perClient);
    expect(Number(limited?.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(limited?.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(limited?.page).toContain(say('signIn.tooMany'));
  });

  it('another address has its own allowance, and X-Forwarded-For is not trusted', async () => {
    const requests: OboRequest[] = [];
    nockTokenEndpoint(requests, { status: 200, body: oboTokenResponse(ALICE, 'graph-token') }, 50);
    for (let i = 0; i < SIGN_IN_RATE_LIMITS.end.perClient; i++) {
      const res = await fetch(`${bot.url}/auth-end?code=x&state=junk`, {
        headers: { 'x-forwarded-for': `10.0.0.${i}` }
      });
      expect(res.status).toBe(400);
    }
    // Rotating X-Forwarded-For did not help: all of them counted against this socket's address.
    const res = await fetch(`${bot.url}/auth-end?code=x&state=junk`, { headers: { 'x-forwarded-for': '10.9.9.9' } });
    expect(res.status).toBe(429);
    // An address App Service vouches for is counted on its own.
    const other = await fetch(`${bot.url}/auth-end?code=x&state=junk`, { headers: { 'client-ip': '192.0.2.44' } });
    expect(other.status).toBe(400);
  });

  it('in total: past the global allowance every address gets 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_RATE_LIMITS.end.total + 5; i++) {
      const res = await fetch(`${bot.url}/auth-end?code=x&state=junk`, {
        headers: { 'client-ip': `192.0.2.${i % 250}` }
      });
      statuses.push(res.status);
      await res.text();
    }
    expect(statuses.slice(0, SIGN_IN_RATE_LIMITS.end.total).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(SIGN_IN_RATE_LIMITS.end.total)).toEqual([429, 429, 429, 429, 429]);
  });

  it('/auth-start is limited per address too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= SIGN_IN_RATE_LIMITS.start.perClient; i++) {
      const res = await fetch(`${bot.url}/auth-start`, {
        redirect: 'manual',
        headers: { 'client-ip': '198.51.100.9' }
      });
      statuses.push(res.status);
      await res.text();
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 400)).toBe(true);
  });

  it('one state replayed 50 times (from 50 addresses) is redeemed once', async () => {
    const requests: OboRequest[] = [];
    nockTokenEndpoint(requests, { status: 200, body: oboTokenResponse(ALICE, 'graph-token') }, 50);
    const pair = await startSignIn(bot.url, link());
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await end(pair, `192.0.2.${i}`);
      statuses.push(res.status);
      if (i === 1) expect(await res.text()).toContain(say('signIn.alreadyUsed'));
      else await res.text();
    }
    expect(requests).toHaveLength(1);
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1).every((s) => s === 400)).toBe(true);
  });

  it('a malformed code is refused before any request to Entra ID', async () => {
    const requests: OboRequest[] = [];
    const entra = nockTokenEndpoint(requests, { status: 200, body: oboTokenResponse(ALICE, 'graph-token') });
    for (const code of [encodeURIComponent('<script>'), 'a'.repeat(4097), encodeURIComponent('the code')]) {
      const res = await end(await startSignIn(bot.url, link()), '192.0.2.200', code);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(say('signIn.malformed'));
    }
    expect(entra.isDone()).toBe(false);
  });
});
