// Teams mode: the person's Teams SSO token is exchanged on-behalf-of for a delegated Graph
// token with msal-node. One ConfidentialClientApplication per process; msal caches each result
// under the assertion's hash and under the person's account, so repeat submits cost nothing.
import {
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  ServerError,
  type AuthenticationResult,
  type Configuration
} from '@azure/msal-node';
import { createHash } from 'node:crypto';
import { AppError, ConsentRequiredError, SignInRequiredError, TokenServiceError } from '../core/errors';
import { readSsoClaims } from './sso-token-claims';
import type { TokenProvider, UserRef } from './token-provider';
import type { Logger } from '../logger';

// Consent (or an interaction such as MFA, which the consent page also walks through): AADSTS65001
// and 65004 (the person or admin has not consented, or declined), 650057, 90094 and 90099 (admin
// consent or approval missing), and the OAuth codes that say so. The consent page fixes them.
const CONSENT_ERROR_NUMBERS = new Set(['65001', '65004', '650057', '90094', '90099']);
const CONSENT_CODES = new Set(['consent_required', 'interaction_required']);
// The bot's own credentials or app registration are wrong (a wrong or expired secret, an app id
// Entra does not know in this tenant): no sign-in by the person can fix that, only an admin.
const MISCONFIGURED_CODES = new Set(['invalid_client', 'unauthorized_client']);
// The person's assertion or sign-in is unusable (expired, wrong audience AADSTS50013/500133, a
// redeemed code): a fresh sign-in gets a new one. Not consent: asking again would not help.
const SIGN_IN_AGAIN_CODES = new Set(['invalid_grant', 'invalid_request', 'login_required', 'bad_token']);

export interface OboTokenProvider extends TokenProvider {
  /** Completes the sign-in pop-up: redeems the authorization code (PKCE) and caches the person's token. */
  redeemCode(
    code: string,
    redirectUri: string,
    codeVerifier: string
  ): Promise<{ aadObjectId: string; tenantId?: string }>;
}

export function createOboTokenProvider(
  msalConfig: Configuration,
  scopes: readonly string[],
  logger: Logger,
  /** A cached sign-in was used (the token cache's idle eviction counts it as use). */
  onUse: (aadObjectId: string) => void = () => undefined
): OboTokenProvider {
  const msal = new ConfidentialClientApplication(msalConfig);
  const scopeList = [...scopes];
  // A double click sends the same SSO token twice at once: one exchange serves both.
  const inFlight = new Map<string, Promise<string>>();
  const accountOf = (user: UserRef) => msal.getTokenCache().getAccountByLocalId(user.aadObjectId);
  // A misconfigured bot fails every request alike: one error line per distinct Entra code per
  // process is enough for the admin, the rest are warnings (no flood, and no assertion, ever).
  const reported = new Set<string>();
  const reportMisconfigured = (entra: { errorCode: string; aadsts?: string }) => {
    const key = entra.aadsts ?? entra.errorCode;
    const level = reported.has(key) ? 'warn' : 'error';
    reported.add(key);
    logger[level](entra, 'the bot is misconfigured: Entra ID refused its credentials or app registration');
  };
  /** An msal request whose failure becomes one of the bot's typed errors (consent, sign-in, unavailable). */
  const ask = async (call: () => Promise<AuthenticationResult | null>): Promise<AuthenticationResult | null> => {
    try {
      return await call();
    } catch (err) {
      throw mapMsalError(err, reportMisconfigured);
    }
  };

  return {
    async getCachedToken(user: UserRef) {
      const account = await accountOf(user);
      if (!account) return undefined;
      try {
        const result = await msal.acquireTokenSilent({ account, scopes: scopeList });
        if (result?.accessToken) onUse(user.aadObjectId);
        return result?.accessToken || undefined;
      } catch (err) {
        // An expired or revoked cached sign-in is not an error for the person: the caller
        // falls back to the SSO token Teams sends, or asks Teams for one.
        logger.debug({ err }, 'no usable cached token');
        return undefined;
      }
    },

    async exchange(user: UserRef, ssoToken: string) {
      const claims = readSsoClaims(ssoToken);
      if (!claims?.oid || claims.oid.toLowerCase() !== user.aadObjectId.toLowerCase()) {
        throw new AppError('wrong_user', 'the SSO token does not belong to the person who sent the action');
      }
      if (user.tenantId && claims.tid && claims.tid.toLowerCase() !== user.tenantId.toLowerCase()) {
        throw new AppError('wrong_user', 'the SSO token is from another tenant');
      }
      const key = createHash('sha256').update(ssoToken).digest('base64url');
      const running = inFlight.get(key);
      if (running) return running;
      const exchange = (async () => {
        const result = await ask(() => msal.acquireTokenOnBehalfOf({ oboAssertion: ssoToken, scopes: scopeList }));
        if (!result?.accessToken) throw new SignInRequiredError('the token service returned no access token');
        return result.accessToken;
      })();
      inFlight.set(key, exchange);
      try {
        return await exchange;
      } finally {
        inFlight.delete(key);
      }
    },

    async signOut(user: UserRef) {
      const account = await accountOf(user);
      if (account) await msal.getTokenCache().removeAccount(account);
    },

    async redeemCode(code: string, redirectUri: string, codeVerifier: string) {
      const result = await ask(() => msal.acquireTokenByCode({ code, redirectUri, scopes: scopeList, codeVerifier }));
      const oid = result?.account?.localAccountId || result?.uniqueId;
      if (!oid) throw new SignInRequiredError('the sign-in returned no account');
      return { aadObjectId: oid, tenantId: result?.tenantId || result?.account?.tenantId || undefined };
    }
  };
}

/** Entra ID's answer → the bot's typed errors: consent goes to the consent flow, never a retry loop. */
function mapMsalError(
  err: unknown,
  reportMisconfigured: (entra: { errorCode: string; aadsts?: string }) => void
): AppError {
  // InteractionRequiredAuthError is what msal throws for answers it thinks need a person; it is not
  // necessarily consent (an expired assertion's bad_token is one too): both are read by their codes.
  if (!(err instanceof ServerError || err instanceof InteractionRequiredAuthError))
    return new TokenServiceError('token service unreachable', err);
  const errorNo = err.errorNo ? String(err.errorNo) : undefined;
  const aadsts = errorNo ? `AADSTS${errorNo}` : undefined;
  const what = `${err.errorCode}${aadsts ? ` ${aadsts}` : ''}`;
  if (
    (errorNo && CONSENT_ERROR_NUMBERS.has(errorNo)) ||
    CONSENT_CODES.has(err.errorCode) ||
    CONSENT_CODES.has(err.subError)
  )
    return new ConsentRequiredError(`consent or interaction required (${what})`, err);
  if (MISCONFIGURED_CODES.has(err.errorCode)) {
    reportMisconfigured({ errorCode: err.errorCode, aadsts });
    return new AppError('bot_misconfigured', `Entra ID refused the bot's credentials (${what})`, { cause: err });
  }
  if (SIGN_IN_AGAIN_CODES.has(err.errorCode) || err instanceof InteractionRequiredAuthError)
    return new SignInRequiredError(`the person must sign in again (${what})`, err);
  return new TokenServiceError(`token service error (${what})`, err);
}
