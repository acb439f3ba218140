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

// AADSTS codes that mean "a person has to act" (consent, MFA, expired sign-in), not "retry".
const CONSENT_ERROR_NUMBERS = new Set(['65001', '65004', '650057', '90094', '90099']);
const INTERACTION_CODES = new Set(['invalid_grant', 'interaction_required', 'consent_required', 'login_required']);

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
  logger: Logger
): OboTokenProvider {
  const msal = new ConfidentialClientApplication(msalConfig);
  const scopeList = [...scopes];
  // A double click sends the same SSO token twice at once: one exchange serves both.
  const inFlight = new Map<string, Promise<string>>();
  const accountOf = (user: UserRef) => msal.getTokenCache().getAccountByLocalId(user.aadObjectId);
  /** An msal request whose failure becomes one of the bot's typed errors (consent, sign-in, unavailable). */
  const ask = async (call: () => Promise<AuthenticationResult | null>): Promise<AuthenticationResult | null> => {
    try {
      return await call();
    } catch (err) {
      throw mapMsalError(err);
    }
  };

  return {
    async getCachedToken(user: UserRef) {
      const account = await accountOf(user);
      if (!account) return undefined;
      try {
        const result = await msal.acquireTokenSilent({ account, scopes: scopeList });
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
function mapMsalError(err: unknown): AppError {
  if (err instanceof InteractionRequiredAuthError)
    return new ConsentRequiredError(`consent or interaction required (${err.errorCode})`, err);
  if (err instanceof ServerError) {
    const errorNo = err.errorNo ? String(err.errorNo) : undefined;
    if ((errorNo && CONSENT_ERROR_NUMBERS.has(errorNo)) || INTERACTION_CODES.has(err.errorCode)) {
      return new ConsentRequiredError(`consent required (${err.errorCode}${errorNo ? ` AADSTS${errorNo}` : ''})`, err);
    }
    if (
      err.errorCode === 'invalid_request' ||
      err.errorCode === 'unauthorized_client' ||
      err.errorCode === 'invalid_client'
    ) {
      // The SSO token is unusable (wrong audience, expired) or the app is misconfigured.
      return new SignInRequiredError(`token service refused the exchange (${err.errorCode})`, err);
    }
    return new TokenServiceError(`token service error (${err.errorCode})`, err);
  }
  return new TokenServiceError('token service unreachable', err);
}
