// The nominal sign-in pop-up Teams opens when silent SSO is not enough (first use, consent, a
// client without SSO, the message extension). Bound to one Teams person from end to end:
//
// 1. The link Teams is given (loginRequest button, the message extension's openUrl) carries a
//    signed, short-lived `for` = the sender's Entra object id and tenant. /auth-start refuses
//    a missing, forged or expired one, so nobody gets a working link the bot did not hand out.
// 2. /auth-start sends the person to Entra ID with PKCE (S256) and a signed `state` naming the
//    same person and a nonce; the nonce and the PKCE verifier go into an HttpOnly cookie on the
//    pop-up (login CSRF protection; the verifier never appears in a URL).
// 3. /auth-end checks the code's shape before anything else (no secret-authenticated token
//    request for junk), the state's MAC and age, the cookie, spends the nonce (single use), then
//    redeems the code. The account Entra signed in must be the one the link was for; otherwise
//    its tokens are removed from the cache again ("you signed in as someone else").
// 4. On success the page hands Teams a verification code (VerificationCodes) that the bot accepts
//    once, from the same person, on the action Teams resends.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AadApp } from '../config';
import { say, type WordId } from '../core/words';
import type { ExpiringStore } from '../storage/expiring-store';
import type { SignInPerson, VerificationCodes } from './verification-codes';

export const STATE_COOKIE = 'gcbot_signin';
/** How long a started pop-up may take to come back to /auth-end. */
const STATE_MAX_AGE_SECONDS = 600;
/** How long a sign-in link handed to Teams stays usable (the person may click it a while later). */
export const LINK_MAX_AGE_SECONDS = 900;
// Entra ID's codes are long base64url-like strings with dots (work accounts) or `M.` codes with
// `_`, `-`, `!`, `$` (personal accounts); anything else is not a code Entra issued.
const CODE_SHAPE = /^[A-Za-z0-9._~*!$-]{1,4096}$/;
const VERIFIER_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The pop-up's fixed sentences (none has blanks: nothing from the request is ever put in them). */
type Sentence = Extract<WordId, `signIn.${string}`>;

// A fixed sentence per known Entra error: the `error` and `error_description` parameters come
// from whoever built the URL and are never shown.
const ENTRA_ERRORS: Readonly<Record<string, Sentence>> = {
  access_denied: 'signIn.declined',
  consent_required: 'signIn.adminConsentNeeded',
  interaction_required: 'signIn.extraStep',
  login_required: 'signIn.loginNeeded',
  invalid_request: 'signIn.rejected',
  invalid_scope: 'signIn.misconfigured',
  unauthorized_client: 'signIn.misconfigured',
  unsupported_response_type: 'signIn.misconfigured',
  server_error: 'signIn.unavailable',
  temporarily_unavailable: 'signIn.unavailable'
};

export interface Redeemed {
  aadObjectId: string;
  tenantId?: string;
}

export interface SignInFlowDeps {
  aad: AadApp;
  publicBaseUrl: string;
  scopes: readonly string[];
  /** Redeems the authorization code with its PKCE verifier (msal-node acquireTokenByCode). */
  redeem: (code: string, redirectUri: string, codeVerifier: string) => Promise<Redeemed>;
  /** Removes a wrongly signed-in account's tokens from the cache again. */
  forget: (person: { aadObjectId: string }) => Promise<void>;
  codes: VerificationCodes;
  /** Nonces already brought back to /auth-end. */
  spentNonces: ExpiringStore<true>;
  now: () => number;
}

export type SignInResult = { ok: true; aadObjectId: string; code: string } | { ok: false; reason: string };
export type StartResult = { ok: true; location: string; setCookie: string } | { ok: false; reason: string };
type Query = Record<string, unknown>;

/** What the Teams layer needs: person-bound links, and the check of the code Teams sends back. */
export interface SignInLinks {
  /** The link to give Teams for this person: /auth-start?for=…, with &consent=1 to ask for consent. */
  linkFor(person: SignInPerson, options?: { consent?: boolean }): string;
  /** The same binding added to a link built elsewhere (teams-ai's OAuth card on the command path). */
  bind(link: string, person: SignInPerson): string;
  /** True once for a code /auth-end issued to this same person (see VerificationCodes). */
  acceptCode(code: string, person: SignInPerson): Promise<boolean>;
}

export interface SignInFlow extends SignInLinks {
  readonly startUrl: string;
  readonly redirectUri: string;
  start(query: Query): StartResult;
  finish(query: Query, cookieHeader: string | undefined): Promise<SignInResult>;
}

export function createSignInFlow(deps: SignInFlowDeps): SignInFlow {
  const startUrl = `${deps.publicBaseUrl}/auth-start`;
  const redirectUri = `${deps.publicBaseUrl}/auth-end`;
  const keyFor = (purpose: string) => createHash('sha256').update(`${purpose}|${deps.aad.clientSecret}`).digest();
  const stateKey = keyFor('sign-in-state');
  const linkKey = keyFor('sign-in-for');
  const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  const seconds = () => Math.floor(deps.now() / 1000);

  const forToken = (person: SignInPerson): string => {
    const payload = `${person.aadObjectId.toLowerCase()}.${person.tenantId?.toLowerCase() ?? ''}.${
      seconds() + LINK_MAX_AGE_SECONDS
    }`;
    return `${payload}.${mac(linkKey, payload)}`;
  };
  /** The person a `for` names, or the word saying why it is refused. */
  const readFor = (value: unknown): SignInPerson | Sentence => {
    if (typeof value !== 'string' || !value) return 'signIn.incomplete';
    const parts = value.split('.');
    if (parts.length !== 4) return 'signIn.forged';
    const [oid, tid, expires, signature] = parts;
    if (!safeEqual(signature, mac(linkKey, `${oid}.${tid}.${expires}`))) return 'signIn.forged';
    if (seconds() > Number(expires)) return 'signIn.tooLate';
    return { aadObjectId: oid, tenantId: tid || undefined };
  };

  return {
    startUrl,
    redirectUri,

    linkFor(person, options = {}) {
      const url = new URL(startUrl);
      url.searchParams.set('for', forToken(person));
      if (options.consent) url.searchParams.set('consent', '1');
      return url.toString();
    },

    bind(link, person) {
      const url = new URL(link);
      url.searchParams.set('for', forToken(person));
      return url.toString();
    },

    acceptCode: (code, person) => deps.codes.accept(code, person, deps.now()),

    start(query) {
      const person = readFor(query.for);
      if (typeof person === 'string') return { ok: false, reason: say(person) };
      const nonce = randomBytes(16).toString('base64url');
      const verifier = randomBytes(32).toString('base64url');
      const payload = `${nonce}.${seconds()}.${person.aadObjectId}.${person.tenantId ?? ''}`;
      const url = new URL(`${deps.aad.authorityHost}/${deps.aad.tenantId}/oauth2/v2.0/authorize`);
      url.searchParams.set('client_id', deps.aad.clientId);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('response_mode', 'query');
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('scope', [...deps.scopes, 'openid', 'profile', 'offline_access'].join(' '));
      url.searchParams.set('state', `${payload}.${mac(stateKey, payload)}`);
      url.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
      url.searchParams.set('code_challenge_method', 'S256');
      if (query.consent === '1') url.searchParams.set('prompt', 'consent');
      if (typeof query.loginHint === 'string' && query.loginHint.length <= 256)
        url.searchParams.set('login_hint', query.loginHint);
      return {
        ok: true,
        location: url.toString(),
        setCookie: [
          `${STATE_COOKIE}=${nonce}.${verifier}`,
          `Max-Age=${STATE_MAX_AGE_SECONDS}`,
          'Path=/auth-end',
          'HttpOnly',
          'Secure',
          'SameSite=Lax'
        ].join('; ')
      };
    },

    async finish(query, cookieHeader) {
      const refuse = (id: Sentence): SignInResult => ({ ok: false, reason: say(id) });
      if (query.error !== undefined) {
        const known = typeof query.error === 'string' && Object.hasOwn(ENTRA_ERRORS, query.error);
        return refuse(known ? ENTRA_ERRORS[query.error as string] : 'signIn.failed');
      }
      const code = query.code;
      const parts = typeof query.state === 'string' ? query.state.split('.') : [];
      if (typeof code !== 'string' || !code || parts.length !== 5) return refuse('signIn.incomplete');
      if (!CODE_SHAPE.test(code)) return refuse('signIn.malformed');
      const [nonce, issued, oid, tid, signature] = parts;
      if (!safeEqual(signature, mac(stateKey, `${nonce}.${issued}.${oid}.${tid}`))) return refuse('signIn.forged');
      const expiresAt = (Number(issued) + STATE_MAX_AGE_SECONDS) * 1000;
      if (deps.now() > expiresAt) return refuse('signIn.tooLate');
      const [cookieNonce, verifier] = (readCookie(cookieHeader, STATE_COOKIE) ?? '').split('.');
      if (cookieNonce !== nonce || !VERIFIER_SHAPE.test(verifier ?? '')) return refuse('signIn.otherWindow');
      // Spent before Entra is called: a replayed or concurrent second /auth-end costs no token request.
      if (!(await deps.spentNonces.add(nonce, true, expiresAt, deps.now()))) return refuse('signIn.alreadyUsed');

      const account = await deps.redeem(code, redirectUri, verifier);
      const signedIn = { aadObjectId: account.aadObjectId.toLowerCase(), tenantId: account.tenantId?.toLowerCase() };
      const sameTenant = !tid || !signedIn.tenantId || signedIn.tenantId === tid;
      if (!GUID.test(oid) || signedIn.aadObjectId !== oid || !sameTenant) {
        await deps.forget(signedIn);
        return refuse('signIn.someoneElse');
      }
      const person = { aadObjectId: oid, tenantId: tid || undefined };
      return { ok: true, aadObjectId: oid, code: await deps.codes.issue(person, deps.now()) };
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
