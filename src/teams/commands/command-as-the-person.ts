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
  withoutToken(botAppId: string): AdaptiveCard;
}

export async function commandAsThePerson(turn: Turn, step: CommandStep): Promise<Outcome> {
  try {
    return show(await step.run(await turn.token()));
  } catch (err) {
    const bot = turn.deps.config.bot;
    if (err instanceof AppError && err.code === 'sign_in_required' && turn.scope !== 'personal' && bot) {
      turn.log.info({ scope: turn.scope }, 'no token outside personal scope');
      return show(step.withoutToken(bot.appId));
    }
    turn.log.warn({ err }, step.failure);
    return show(buildNoticeCard(describeError(err, step.during)));
  }
}
