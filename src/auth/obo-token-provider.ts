// Teams mode: the person's Teams SSO token is exchanged on-behalf-of for a delegated Graph
// token with msal-node. One ConfidentialClientApplication per process; msal caches each result
// under the assertion's hash and under the person's account, so repeat submits cost nothing.
import { ConfidentialClientApplication, type AuthenticationResult, type Configuration } from '@azure/msal-node';
import { createHash } from 'node:crypto';
import { AppError, SignInRequiredError } from '../core/errors';
import type { TokenVault } from '../storage/token-vault';
import { mapMsalError } from './msal-errors';
import { createOfflineSignIn } from './offline-sign-in';
import { readSsoClaims } from './sso-token-claims';
import type { OfflineAccess, TokenProvider, UserRef } from './token-provider';
import type { Logger } from '../logger';

export interface OboTokenProvider extends TokenProvider {
  /** Completes the sign-in pop-up: redeems the authorization code (PKCE) and caches the person's token. */
  redeemCode(
    code: string,
    redirectUri: string,
    codeVerifier: string
  ): Promise<{ aadObjectId: string; tenantId?: string }>;
  /** Present when a token vault is given: the person's sign-in kept for work done while they are away. */
  offline?: OfflineAccess;
}

export interface OboOfflineOptions {
  /** Where followers' sealed sign-ins are kept (StateStores.tokenVault). */
  vault: TokenVault;
  now?: () => number;
}

export function createOboTokenProvider(
  msalConfig: Configuration,
  scopes: readonly string[],
  logger: Logger,
  /** A cached sign-in was used (the token cache's idle eviction counts it as use). */
  onUse: (aadObjectId: string) => void = () => undefined,
  offlineOptions?: OboOfflineOptions
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
      throw mapError(err);
    }
  };

  const mapError = (err: unknown) => mapMsalError(err, reportMisconfigured);
  // Sealed with a key from the client secret: without one (certificate, managed identity) keep() is false.
  const offline = offlineOptions
    ? createOfflineSignIn({
        msal,
        cachePlugin: msalConfig.cache?.cachePlugin,
        scopes,
        vault: offlineOptions.vault,
        secret: msalConfig.auth.clientSecret,
        logger,
        mapError,
        onUse,
        now: offlineOptions.now
      })
    : undefined;

  return {
    offline,
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
      // Signing out ends the follows' use of the sign-in too (the worker then finds none).
      await offline?.forget(user);
    },

    async redeemCode(code: string, redirectUri: string, codeVerifier: string) {
      const result = await ask(() => msal.acquireTokenByCode({ code, redirectUri, scopes: scopeList, codeVerifier }));
      const oid = result?.account?.localAccountId || result?.uniqueId;
      if (!oid) throw new SignInRequiredError('the sign-in returned no account');
      return { aadObjectId: oid, tenantId: result?.tenantId || result?.account?.tenantId || undefined };
    }
  };
}
