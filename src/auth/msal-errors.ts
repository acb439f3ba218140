// Entra ID's answers, as msal-node throws them, mapped onto the bot's typed errors: shared by the
// on-behalf-of provider (a person in front of the bot) and the offline sign-in (a follow renewed
// while they are away), so both read a refusal the same way.
import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { AppError, ConsentRequiredError, SignInRequiredError, TokenServiceError } from '../core/errors';

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

/** Entra ID's answer → the bot's typed errors: consent goes to the consent flow, never a retry loop. */
export function mapMsalError(
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
