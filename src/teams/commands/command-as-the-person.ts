// What `new` and `list` share: the person's Graph token for the command path, and the one rule
// for when there is none outside a 1:1 chat. Teams signs a person in silently for a command only
// in the 1:1 chat with the bot; in a channel or group chat the command answers with a card that
// works without a token (it signs in through the card, or leads to the 1:1 chat).
import { buildNoticeCard, type AdaptiveCard } from '../../cards';
import { describeError, type ErrorContext } from '../../core/describe-error';
import { AppError } from '../../core/errors';
import { show, type Outcome } from '../app/outcome';
import type { Turn } from '../app/turn';

export interface CommandStep {
  during: Extract<ErrorContext, 'open-form' | 'list'>;
  /** Logged (warn) with the error when the command fails. */
  failure: string;
  run(token: string): Promise<AdaptiveCard>;
  /** Outside a 1:1 chat in Teams mode (the bot's app id given), when there is no token. */
  withoutToken(botAppId: string): AdaptiveCard | Promise<AdaptiveCard>;
}

export async function commandAsThePerson(turn: Turn, step: CommandStep): Promise<Outcome> {
  try {
    return show(await cardOf(turn, step));
  } catch (err) {
    turn.log.warn({ err }, step.failure);
    return show(buildNoticeCard(describeError(err, step.during)));
  }
}

/** The command's card with the person's token; outside a 1:1 chat without one, the card that needs none. */
async function cardOf(turn: Turn, step: CommandStep): Promise<AdaptiveCard> {
  try {
    return await step.run(await turn.token());
  } catch (err) {
    const bot = turn.deps.config.bot;
    if (!(err instanceof AppError && err.code === 'sign_in_required' && turn.scope !== 'personal' && bot)) throw err;
    turn.log.info({ scope: turn.scope }, 'no token outside personal scope');
    // Its store may fail too (the form it opens is saved): that is the command's failure, in words.
    return step.withoutToken(bot.appId);
  }
}
