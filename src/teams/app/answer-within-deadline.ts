// Teams shows "Unable to reach app" when an invoke is not answered in about 10 s. A card action
// still running at the deadline is answered with a "Posting…" card; the work goes on, and its
// result replaces that card through the Bot Connector when it is done. In a channel or group chat
// that update is what every member reads: it is the neutral card, and the person's own result
// reaches them alone through the card's user-specific refresh (own-views.ts).
import { TurnContext, type InvokeResponse } from 'botbuilder';
import { buildPostingCard } from '../../cards';
import type { UserRef } from '../../auth/token-provider';
import type { BotDeps } from './bot-deps';
import { invokeAnswer, lateAnswer } from './answers';
import type { Outcome } from './outcome';
import { dataKeepingLongBody } from '../card-actions/kept-body';
import { sharedCardWithOwnView } from './own-views';
import { conversationScope, turnLogger } from './turn';

export async function answerWithinDeadline(
  deps: BotDeps,
  context: TurnContext,
  action: { verb: string; data: Record<string, unknown> },
  work: Promise<Outcome>,
  person?: UserRef
): Promise<InvokeResponse> {
  let timer: NodeJS.Timeout | undefined;
  const late = Symbol('late');
  const first = await Promise.race([
    work,
    new Promise<typeof late>((resolve) => (timer = setTimeout(() => resolve(late), deps.config.invokeDeadlineMs)))
  ]);
  clearTimeout(timer);
  const log = turnLogger(context, deps.logger);
  const updateCard = cardUpdater(deps, context, action.data);
  if (first !== late) {
    settleInBackground(deps, first, updateCard, log);
    return invokeAnswer(deps, first, person);
  }

  log.warn(
    { deadlineMs: deps.config.invokeDeadlineMs },
    'card action outlasted the invoke deadline: answered "Posting…"'
  );
  void work
    .then(async (outcome) => {
      await updateCard(outcome);
      log.info('card updated with the late result');
      settleInBackground(deps, outcome, updateCard, log);
    })
    .catch((err: unknown) =>
      log.warn({ err }, 'could not update the card after a slow action ("Check status" still works)')
    );
  // Check status sends the action again; a message too long to carry is kept for the person instead.
  // The action is under way, so a store that cannot keep it must not answer "nothing was sent": the
  // card then carries no message (a Check status before the late result is refused by validation,
  // never posted without its text), and the late result replaces it as usual.
  const again = await dataKeepingLongBody(deps, person?.aadObjectId, action.data).catch((err: unknown) => {
    log.warn({ err }, 'could not keep the long message for Check status: the Posting card carries none');
    return { ...action.data, body: '' };
  });
  return invokeAnswer(deps, { kind: 'card', card: buildPostingCard(action.verb, again), result: 'shown' });
}

/**
 * Replaces the card the person clicked (its activity id is the invoke's replyToId) through the
 * Bot Connector, after the invoke was answered. In a channel or group chat everyone reads the
 * neutral card, the person their own view behind it.
 */
function cardUpdater(
  deps: BotDeps,
  context: TurnContext,
  data: Record<string, unknown>
): (outcome: Outcome) => Promise<void> {
  // The turn context is finished once answered: keep only what is needed to reach the card later.
  const reference = TurnContext.getConversationReference(context.activity);
  const cardId = context.activity.replyToId;
  const activity = { from: context.activity.from, channelData: context.activity.channelData };
  const shared = conversationScope(context.activity) !== 'personal';
  const spot = { reference: { ...reference }, ...(cardId ? { activityId: cardId } : {}) };
  return async (outcome) => {
    const card = shared ? await sharedCardWithOwnView(deps, outcome, activity, data) : lateAnswer(outcome);
    await deps.updateCard(spot, card);
  };
}

/** An uncertain post's second look (outcome.settleLater), scheduled; its answer replaces the card. */
function settleInBackground(
  deps: BotDeps,
  outcome: Outcome,
  updateCard: (outcome: Outcome) => Promise<void>,
  log: ReturnType<typeof turnLogger>
): void {
  if (outcome.kind !== 'card' || !outcome.settleLater) return;
  const { afterMs, look } = outcome.settleLater;
  deps.schedule(afterMs, async () => {
    try {
      const settled = await look();
      if (!settled) return;
      await updateCard(settled);
      log.info('card updated after looking again for an uncertain post');
    } catch (err) {
      log.warn({ err }, 'could not settle an uncertain post in the background (Try again still works)');
    }
  });
}
