// What every card action that acts as the person shares (Post, Reply, More, opening a reply):
// get the person's Graph token by the card path's rule, run the action, and turn a missing or
// refused token into a sign-in request that keeps the card; then answer Teams with the result.
import type { InvokeResponse } from 'botbuilder';
import type { AdaptiveCard } from '../cards';
import { AppError } from '../core/errors';
import type { ReaderClock } from '../core/format-when';
import { resolveUserToken } from '../auth/resolve-user-token';
import type { UserRef } from '../auth/token-provider';
import type { Logger } from '../logger';
import type { BotDeps } from './bot-deps';
import { cardResponse, loginRequestResponse } from './invoke-responses';

export type CardOutcome = 'posted' | 'repeated' | 'invalid' | 'failed' | 'shown';

export type CardActionResult =
  | { kind: 'card'; card: AdaptiveCard; outcome: CardOutcome }
  | { kind: 'sign-in'; consent: boolean; retryCard: AdaptiveCard };

/** One card verb. `clock` is the reader's locale and zone, for cards that show times. */
export type CardActionHandler = (
  deps: BotDeps,
  log: Logger,
  user: UserRef,
  data: Record<string, unknown>,
  ssoToken: string | undefined,
  clock: ReaderClock
) => Promise<CardActionResult>;

/** Who acts, and the SSO token Teams attached to the action (if any). */
export interface ActingPerson {
  deps: BotDeps;
  log: Logger;
  user: UserRef;
  ssoToken: string | undefined;
}

export interface AsThePerson {
  /** For logs: "sign-in needed for <what>". */
  what: string;
  /** The card to show again after a failure (the form with a banner, or the list with Try again). */
  retryCard(err: unknown): AdaptiveCard;
  /** Logged (warn) when `run` fails, with the error. */
  failure: { message: string; fields?: Record<string, unknown> };
  run(token: string): Promise<{ card: AdaptiveCard; outcome: CardOutcome }>;
}

export async function runAsThePerson(who: ActingPerson, step: AsThePerson): Promise<CardActionResult> {
  const { deps, log, user } = who;
  let token: string;
  try {
    token = await resolveUserToken(deps.tokens, user, who.ssoToken);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'sign_in_required' || err.code === 'consent_required')) {
      log.info({ errorCode: err.code }, `sign-in needed for ${step.what}`);
      return { kind: 'sign-in', consent: err.code === 'consent_required', retryCard: step.retryCard(err) };
    }
    log.warn({ err }, 'could not get a token for the person');
    return { kind: 'card', card: step.retryCard(err), outcome: 'failed' };
  }

  try {
    return { kind: 'card', ...(await step.run(token)) };
  } catch (err) {
    log.warn({ err, ...step.failure.fields }, step.failure.message);
    if (err instanceof AppError && err.code === 'sign_in_required') {
      // Graph refused the token (revoked, expired early): forget it and ask Teams for a new one.
      await deps.tokens.signOut(user);
      return { kind: 'sign-in', consent: false, retryCard: step.retryCard(err) };
    }
    return { kind: 'card', card: step.retryCard(err), outcome: 'failed' };
  }
}

/** The invoke answer: the card, or (Teams mode) a loginRequest so Teams resends the action with a token. */
export function cardActionResponse(deps: BotDeps, result: CardActionResult): InvokeResponse {
  if (result.kind === 'card') return cardResponse(result.card);
  if (!deps.sso || !deps.config.aad) {
    // Local mode has no sign-in to offer: keep the card and say what happened.
    return cardResponse(result.retryCard);
  }
  return loginRequestResponse({
    clientId: deps.config.aad.clientId,
    resourceUri: `api://botid-${deps.config.bot?.appId}`,
    signInUrl: `${deps.sso.signInUrl}${result.consent ? '?consent=1' : ''}`,
    text: result.consent ? 'Give the bot permission to post to groups as you.' : 'Sign in so the bot can post as you.'
  });
}
