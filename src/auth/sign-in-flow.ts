// The consent / sign-in pop-up Teams opens when silent SSO is not enough (first use, missing
// consent, a client without SSO). auth-start sends the person to Entra ID's authorize page;
// auth-end redeems the code, which puts the person's token in the bot's msal cache, so the
// action Teams resends afterwards goes through without retyping anything.
//
// The `state` parameter is stateless (HMAC-signed nonce and time) so any instance can finish a
// flow another started; the nonce is also set as a cookie on the pop-up, binding the flow to
// the browser that started it (login CSRF protection).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AadApp } from '../config';
import { say } from '../core/words';

export const STATE_COOKIE = 'gcbot_signin';
const MAX_AGE_SECONDS = 600;

export interface SignInFlowDeps {
  aad: AadApp;
  publicBaseUrl: string;
  scopes: readonly string[];
  redeem: (code: string, redirectUri: string) => Promise<{ aadObjectId: string }>;
  now: () => number;
}

export type SignInResult = { ok: true; aadObjectId: string } | { ok: false; reason: string };

export interface SignInFlow {
  readonly startUrl: string;
  readonly redirectUri: string;
  start(options: { consent: boolean; loginHint?: string }): { location: string; setCookie: string };
  finish(query: Record<string, string | undefined>, cookieHeader: string | undefined): Promise<SignInResult>;
}

export function createSignInFlow(deps: SignInFlowDeps): SignInFlow {
  const redirectUri = `${deps.publicBaseUrl}/auth-end`;
  const key = createHash('sha256').update(`sign-in-state|${deps.aad.clientSecret}`).digest();
  const sign = (payload: string): string => createHmac('sha256', key).update(payload).digest('base64url');

  return {
    startUrl: `${deps.publicBaseUrl}/auth-start`,
    redirectUri,
    start({ consent, loginHint }) {
      const nonce = randomBytes(16).toString('base64url');
      const payload = `${nonce}.${Math.floor(deps.now() / 1000)}`;
      const url = new URL(`${deps.aad.authorityHost}/${deps.aad.tenantId}/oauth2/v2.0/authorize`);
      url.searchParams.set('client_id', deps.aad.clientId);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('response_mode', 'query');
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('scope', [...deps.scopes, 'openid', 'profile', 'offline_access'].join(' '));
      url.searchParams.set('state', `${payload}.${sign(payload)}`);
      if (consent) url.searchParams.set('prompt', 'consent');
      if (loginHint) url.searchParams.set('login_hint', loginHint);
      return {
        location: url.toString(),
        setCookie: [
          `${STATE_COOKIE}=${nonce}`,
          `Max-Age=${MAX_AGE_SECONDS}`,
          'Path=/auth-end',
          'HttpOnly',
          'Secure',
          'SameSite=Lax'
        ].join('; ')
      };
    },
    async finish(query, cookieHeader) {
      if (query.error) {
        // Entra's own reason (e.g. consent declined) is safe to show; it never holds a token.
        return {
          ok: false,
          reason:
            query.error === 'access_denied' ? say('signIn.declined') : say('signIn.failed', { error: query.error })
        };
      }
      const parts = (query.state ?? '').split('.');
      if (!query.code || parts.length !== 3) return { ok: false, reason: say('signIn.incomplete') };
      const [nonce, issued, mac] = parts;
      if (!safeEqual(mac, sign(`${nonce}.${issued}`))) return { ok: false, reason: say('signIn.forged') };
      if (deps.now() / 1000 - Number(issued) > MAX_AGE_SECONDS) return { ok: false, reason: say('signIn.tooLate') };
      if (readCookie(cookieHeader, STATE_COOKIE) !== nonce) return { ok: false, reason: say('signIn.otherWindow') };
      const { aadObjectId } = await deps.redeem(query.code, redirectUri);
      return { ok: true, aadObjectId };
    }
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
