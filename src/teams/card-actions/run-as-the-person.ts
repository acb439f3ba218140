// What every route that acts as the person shares (Post, Reply, More, opening a reply, the
// message extension's Post): get the person's Graph token by the turn's rule, run the step, and
// turn a missing or refused token into a sign-in request that keeps the card.
import type { AdaptiveCard } from '../../cards';
import { AppError } from '../../core/errors';
import type { CardResult, Outcome } from '../app/outcome';
import type { Turn } from '../app/turn';

export interface AsThePerson {
  /** For logs: "sign-in needed for <what>". */
  what: string;
  /**
   * The card to show again after a failure (the form with a banner, or the list with Try again);
   * a form may first keep a long message on the server (kept-body.ts), hence the promise.
   */
  retryCard(err: unknown): AdaptiveCard | Promise<AdaptiveCard>;
  /** Logged (warn) when `run` fails, with the error. */
  failure: { message: string; fields?: Record<string, unknown> };
  run(token: string): Promise<{ card: AdaptiveCard; result: CardResult }>;
}

export async function runAsThePerson(turn: Turn, step: AsThePerson): Promise<Outcome> {
  const { deps, log } = turn;
  let token: string;
  try {
    token = await turn.token();
  } catch (err) {
    if (err instanceof AppError && (err.code === 'sign_in_required' || err.code === 'consent_required')) {
      log.info({ errorCode: err.code }, `sign-in needed for ${step.what}`);
      return {
        kind: 'sign-in',
        consent: err.code === 'consent_required',
        afterFailedExchange: turn.carriesSsoToken,
        card: await step.retryCard(err)
      };
    }
    // Over READS_PER_MINUTE (turn.ts): expected under load, not a token problem.
    if (err instanceof AppError && err.code === 'reads_limited')
      log.info({ errorCode: err.code }, `${step.what} refused`);
    else log.warn({ err }, 'could not get a token for the person');
    return { kind: 'card', card: await step.retryCard(err), result: 'failed' };
  }

  try {
    return { kind: 'card', ...(await step.run(token)) };
  } catch (err) {
    log.warn({ err, ...step.failure.fields }, step.failure.message);
    if (err instanceof AppError && err.code === 'sign_in_required') {
      // Graph refused the token (revoked, expired early): forget it and ask Teams for a new one.
      await deps.tokens.signOut(turn.person);
      const card = await step.retryCard(err);
      return { kind: 'sign-in', consent: false, afterFailedExchange: turn.carriesSsoToken, card };
    }
    return { kind: 'card', card: await step.retryCard(err), result: 'failed' };
  }
}
