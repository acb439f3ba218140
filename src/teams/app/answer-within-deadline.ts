// Teams shows "Unable to reach app" when an invoke is not answered in about 10 s. A card action
// still running at the deadline is answered with a "Posting…" card; the work goes on, and its
// result replaces that card through the Bot Connector when it is done. In a channel or group chat
// that update is what every member reads: it is the neutral card, and the person's own result
// reaches them alone through the card's user-specific refresh (own-views.ts).
import { CardFactory, TurnContext, type InvokeResponse } from 'botbuilder';
import { buildPostingCard } from '../../cards';
import type { UserRef } from '../../auth/token-provider';
import type { BotAdapter } from './bot-adapter';
import type { BotDeps } from './bot-deps';
import { invokeAnswer, lateAnswer } from './answers';
import type { Outcome } from './outcome';
import { dataKeepingLongBody } from '../card-actions/kept-body';
import { sharedCardWithOwnView } from './own-views';
import { conversationScope, turnLogger } from './turn';

export async function answerWithinDeadline(
  deps: BotDeps,
  adapter: BotAdapter,
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
  if (first !== late) return invokeAnswer(deps, first, person);

  const log = turnLogger(context, deps.logger);
  log.warn(
    { deadlineMs: deps.config.invokeDeadlineMs },
    'card action outlasted the invoke deadline: answered "Posting…"'
  );
  // The turn context is finished once answered: keep only what is needed to reach the card later.
  const reference = TurnContext.getConversationReference(context.activity);
  const cardId = context.activity.replyToId;
  const activity = { from: context.activity.from, channelData: context.activity.channelData };
  const shared = conversationScope(context.activity) !== 'personal';
  void work
    .then((outcome) =>
      adapter.continueConversationAsync(deps.config.bot?.appId ?? '', reference, async (later) => {
        const card = shared ? sharedCardWithOwnView(deps, outcome, activity, action.data) : lateAnswer(outcome);
        const message = { type: 'message', attachments: [CardFactory.adaptiveCard(card)] };
        if (cardId) await later.updateActivity({ ...message, id: cardId });
        else await later.sendActivity(message);
      })
    )
    .then(() => log.info('card updated with the late result'))
    .catch((err: unknown) =>
      log.warn({ err }, 'could not update the card after a slow action ("Check status" still works)')
    );
  // Check status sends the action again; a message too long to carry is kept for the person instead.
  const again = dataKeepingLongBody(deps, person?.aadObjectId, action.data);
  return invokeAnswer(deps, { kind: 'card', card: buildPostingCard(action.verb, again), result: 'shown' });
}
