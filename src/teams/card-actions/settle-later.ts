// Nobody has to guess when to press Try again (issue 13, item 7): a post or reply whose outcome is
// unknown carries a second look, run once the grace is over (answer-within-deadline.ts for a card,
// dialog-deadline.ts for the message action's dialog). It searches as Try again would, with the
// token of this turn, and never posts; what it found replaces the person's card, or reaches their
// 1:1 chat when the card was a dialog. Still unknown: nothing changes and Try again still works.
import { AppError } from '../../core/errors';
import type { LookedAgain } from '../../core/post-once';
import type { PostedConversation } from '../../storage/draft-ledger';
import type { Outcome } from '../app/outcome';
import type { Turn } from '../app/turn';

type CardOutcome = Extract<Outcome, { kind: 'card' }>;

export interface SecondLook {
  /** What was posted, for the log: a group id, never text. */
  groupId: string;
  /** The search (lookForConversation, lookForReply): it never posts. */
  look: () => Promise<LookedAgain>;
  /** The card when it is there (the confirmation), after the bookkeeping a post does. */
  posted: (posted: PostedConversation) => Promise<CardOutcome>;
  /** The card when it is certainly not there: the form again, everything kept, with Try again. */
  absent: (err: AppError) => Promise<CardOutcome>;
}

export function withSecondLook(turn: Turn, outcome: CardOutcome, second: SecondLook): CardOutcome {
  const settle = async (): Promise<Outcome | undefined> => {
    const seen = await second.look();
    turn.log.info({ groupId: second.groupId, found: seen.state }, 'looked again for an uncertain post');
    if (seen.state === 'posted') return second.posted(seen.posted);
    if (seen.state === 'unknown') return undefined;
    return second.absent(new AppError('post_not_found', 'the bot looked again: not in the group'));
  };
  return { ...outcome, settleLater: { afterMs: turn.deps.config.reconcileGraceMs, look: settle } };
}
