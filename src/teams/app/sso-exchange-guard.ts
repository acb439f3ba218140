// The command path's SSO token check. teams-ai's Teams SSO exchanges whatever token a
// signin/tokenExchange carries, on-behalf-of, before any route or beforeTurn handler runs, and
// then acts as `from`: a token about someone else would show (and post with) their groups. So the
// token's oid and tid are checked against the sender and the conversation's tenant first.
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { readSsoClaims } from '../../auth/sso-token-claims';
import type { Logger } from '../../logger';
import { tenantOf } from './turn';

export type ForeignTokenReason = 'unreadable' | 'oid' | 'tid';

/** Why the token of this signin/tokenExchange is not the sender's; undefined when it is (or no exchange). */
export function foreignSsoToken(activity: TurnContext['activity']): ForeignTokenReason | undefined {
  if (activity.type !== ActivityTypes.Invoke || activity.name !== 'signin/tokenExchange') return undefined;
  const token = (activity.value as { token?: unknown } | undefined)?.token;
  // No token: teams-ai answers 400 itself and exchanges nothing.
  if (typeof token !== 'string' || token === '') return undefined;
  const claims = readSsoClaims(token);
  if (!claims?.oid || !claims.tid) return 'unreadable';
  const sender = activity.from?.aadObjectId;
  if (typeof sender !== 'string' || claims.oid.toLowerCase() !== sender.toLowerCase()) return 'oid';
  if (claims.tid.toLowerCase() !== tenantOf(activity)) return 'tid';
  return undefined;
}

/**
 * True when the activity was refused (and answered): the turn must then stop. The answer is what
 * teams-ai gives a failed exchange, {status: 412, body: {id, failureDetail}} (botbuilder sends the
 * status as the HTTP status); Teams then falls back to the OAuth card's sign-in button.
 */
export async function refuseForeignSsoToken(context: TurnContext, log: Logger): Promise<boolean> {
  const reason = foreignSsoToken(context.activity);
  if (!reason) return false;
  const id = (context.activity.value as { id?: unknown }).id;
  log.warn({ reason }, "refused signin/tokenExchange: the SSO token is not the sender's");
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: {
      status: 412,
      // A reason for logs and tools, not words for a person (Teams shows none).
      body: { id: typeof id === 'string' ? id : undefined, failureDetail: 'sso_token_not_for_sender' }
    }
  });
  return true;
}
