// The nominal sign-in pop-up as a Teams client and a browser would drive it: the person-bound
// link Teams is given, /auth-start's redirect to Entra ID (PKCE), and /auth-end with a nock'd
// token answer, up to the verification code the page hands to Teams.
import { createHash } from 'node:crypto';
import { TENANT_ID } from './entra';
import { nockTokenEndpoint, type OboRequest } from './graph-nock';

export const PUBLIC_BASE = 'https://gcbot.example.test';

/** Matches the sign-in link bound to `person` (their object id, the tenant, an expiry, a MAC). */
export function signInLink(person: { aadObjectId: string }, options: { consent?: boolean } = {}): unknown {
  const forValue = `${person.aadObjectId}\\.${TENANT_ID}\\.\\d+\\.[A-Za-z0-9_-]{43}`;
  return expect.stringMatching(
    new RegExp(
      `^${PUBLIC_BASE.replace(/\./g, '\\.')}/auth-start\\?for=${forValue}${options.consent ? '&consent=1' : ''}$`
    )
  );
}

export interface StartedSignIn {
  authorize: URL;
  state: string;
  /** The Cookie header the pop-up sends back to /auth-end. */
  cookie: string;
  verifier: string;
}

/** Follows a link Teams was given to /auth-start (served by the bot) as the pop-up would. */
export async function startSignIn(
  botUrl: string,
  link: string,
  headers: Record<string, string> = {}
): Promise<StartedSignIn> {
  const url = new URL(link);
  const res = await fetch(`${botUrl}${url.pathname}${url.search}`, { redirect: 'manual', headers });
  if (res.status !== 302) throw new Error(`auth-start answered ${res.status}`);
  const authorize = new URL(res.headers.get('location') as string);
  const cookie = (res.headers.get('set-cookie') as string).split(';')[0];
  return {
    authorize,
    state: authorize.searchParams.get('state') as string,
    cookie,
    verifier: cookie.split('=')[1].split('.')[1]
  };
}

/** S256 of a PKCE verifier, as Entra ID checks it against the authorize request's code_challenge. */
export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Entra ID sends the pop-up back to /auth-end with a code; the bot redeems it (nock'd with `tokenAnswer`). */
export async function finishSignIn(
  botUrl: string,
  started: StartedSignIn,
  tokenAnswer: unknown,
  code = '0.AXoA-the_auth.code'
): Promise<{ res: Response; page: string; requests: OboRequest[]; verificationCode?: string }> {
  const requests: OboRequest[] = [];
  nockTokenEndpoint(requests, { status: 200, body: tokenAnswer as object });
  const res = await fetch(
    `${botUrl}/auth-end?code=${encodeURIComponent(code)}&state=${encodeURIComponent(started.state)}`,
    { headers: { cookie: started.cookie } }
  );
  const page = await res.text();
  const verificationCode = /notifySuccess\("([A-Za-z0-9_-]+)"\)/.exec(page)?.[1];
  return { res, page, requests, verificationCode };
}
