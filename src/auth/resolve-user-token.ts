// The card path's token rule, in order: a valid cached token for this person; else the SSO
// token Teams attached to this action, exchanged on-behalf-of; else the person must sign in
// (the Teams layer answers with a loginRequest so Teams resends the action with a token).
import { SignInRequiredError } from '../core/errors';
import type { TokenProvider, UserRef } from './token-provider';

export async function resolveUserToken(
  tokens: TokenProvider,
  user: UserRef,
  ssoToken: string | undefined
): Promise<string> {
  const cached = await tokens.getCachedToken(user);
  if (cached) return cached;
  if (ssoToken) return tokens.exchange(user, ssoToken);
  throw new SignInRequiredError('no cached token and no SSO token on the action');
}
