// Where a broadcast's progress card is, and so when its run may start: an Action.Execute's answer
// replaces the card the person pressed (its id is known now: start at once); an Action.Submit's
// answer (clients without Universal Actions) is a new message, whose id is known only once it is
// sent (outcome.sent): the run starts then, so its updates replace that message and no other.
import type { BroadcastRecord } from '../../storage/broadcast-store';
import type { Outcome } from '../app/outcome';
import type { Turn } from '../app/turn';

/** The card spot to save: the pressed card when the answer replaces it, else none yet. */
export function answerSpot(turn: Turn): BroadcastRecord['card'] {
  const { reference, activityId, answerReplaces } = turn.cardSpot;
  return answerReplaces && activityId ? { reference, activityId } : { reference };
}

/** Starts the run of `record` (saved already) when its card is shown; returns the outcome to answer. */
export function startWhenShown(turn: Turn, record: BroadcastRecord, token: string, outcome: Outcome): Outcome {
  const { broadcaster, now } = turn.deps;
  const start = (activityId?: string) =>
    broadcaster.run(activityId ? { ...record, card: { ...record.card, activityId } } : record, {
      token,
      answeredAt: now()
    });
  if (outcome.kind !== 'card') return outcome;
  if (turn.cardSpot.answerReplaces) {
    start();
    return outcome;
  }
  return { ...outcome, sent: start };
}
