// The command path's SSO token check. teams-ai's Teams SSO exchanges whatever token a
// signin/tokenExchange carries, on-behalf-of, before any route or beforeTurn handler runs, and
// then acts as `from`: a token about someone else would show (and post with) their groups. So the
// token's oid and tid are checked against the sender and the conversation's tenant first.
import { ActivityTypes, CardFactory, type TurnContext } from 'botbuilder';
import { readSsoClaims } from '../../auth/sso-token-claims';
import type { TokenProvider, UserRef } from '../../auth/token-provider';
import { buildNoticeCard } from '../../cards';
import { describeError } from '../../core/describe-error';
import { AppError } from '../../core/errors';
import type { Logger } from '../../logger';
import { actingUser, tenantOf } from './turn';

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
  await answerTokenExchange(context, typeof id === 'string' ? id : undefined, 412, 'sso_token_not_for_sender');
  return true;
}

/** A signin/tokenExchange the bot exchanges itself: it carries a token and comes from a person. */
export function tokenExchangeRequest(
  a: TurnContext['activity']
): { id: string | undefined; token: string; person: UserRef } | undefined {
  if (a.type !== ActivityTypes.Invoke || a.name !== 'signin/tokenExchange') return undefined;
  const value = (a.value ?? {}) as { id?: unknown; token?: unknown };
  const person = actingUser(a);
  if (typeof value.token !== 'string' || value.token === '' || !person) return undefined;
  return { id: typeof value.id === 'string' ? value.id : undefined, token: value.token, person };
}

/** A token exchange's answer, {status, body: {id, failureDetail}}: a reason for logs and tools, Teams shows none. */
export async function answerTokenExchange(
  context: TurnContext,
  id: string | undefined,
  status: number,
  failureDetail: string
): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body: { id, failureDetail } } });
}

/**
 * The command path's exchange, done by the bot's own token provider before teams-ai's. It shares
 * msal's cache with teams-ai, so on success teams-ai finds the token there and asks Entra ID
 * nothing more. A failure is answered here, once (teams-ai would ask Entra ID a second time):
 * - a misconfigured bot (invalid_client, unauthorized_client): no sign-in can fix a wrong secret,
 *   so Teams is told the exchange is handled (200: it shows no sign-in card) and the person reads
 *   "the bot is misconfigured, tell your admin";
 * - anything else (consent, an expired token): 412, as teams-ai answers, so Teams shows the OAuth
 *   card's sign-in button, whose pop-up asks for consent.
 * True when the activity was answered and the turn must stop.
 */
export async function exchangeBeforeTeamsAi(
  context: TurnContext,
  tokens: TokenProvider,
  log: Logger
): Promise<boolean> {
  const request = tokenExchangeRequest(context.activity);
  if (!request) return false;
  const { id, token, person } = request;
  const answer = (status: number, failureDetail: string) => answerTokenExchange(context, id, status, failureDetail);
  try {
    await tokens.exchange(person, token);
    return false;
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'internal';
    if (code !== 'bot_misconfigured') {
      log.info({ errorCode: code }, 'command-path token exchange failed');
      await answer(412, `token_exchange_failed: ${code}`);
      return true;
    }
    await answer(200, '');
    await context.sendActivity({
      attachments: [CardFactory.adaptiveCard(buildNoticeCard(describeError(err, 'open-form')))]
    });
    return true;
  }
}
