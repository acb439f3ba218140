// Who sees what in a channel or group chat. An Action.Execute's answer card is shown only to the
// person who pressed it, but the message itself, and every update of it, is what all members read
// (PLATFORM-FACTS "Who sees what"). So when a result comes after the invoke was answered (the late
// path) or as a new message (the Action.Submit fallback), the conversation gets a neutral card,
// and the person's own card (their confirmation, or the form again with their text) is kept on the
// server: Teams fetches it for them alone through the shared card's user-specific refresh
// (`refresh.userIds` = the actor's Teams id), which the showOwnView route answers.
import type { Activity } from 'botbuilder';
import { buildConfirmationCard, buildNoticeCard, VERBS, type AdaptiveCard, type NoticeCardData } from '../../cards';
import { isGuid } from '../../core/validate-draft';
import { notice, say } from '../../core/words';
import type { BotDeps } from './bot-deps';
import { lateAnswer } from './answers';
import { show, type Handler, type Outcome } from './outcome';
import { actingUser, actorName } from './turn';

/** What everyone may read of an outcome: the handler's shared notice, a refusal, else a neutral line. */
export function sharedNoticeOf(outcome: Outcome, actor: string): NoticeCardData {
  if (outcome.kind === 'refused') return outcome.notice;
  return outcome.shared ?? notice('notice.sharedDone', { actor });
}

/**
 * The card a shared conversation gets for a late result: the neutral notice, with a refresh that
 * shows the person who acted (and only them: Teams refreshes for the listed userIds) their own card.
 * A store that cannot save the view rejects: the card is then not updated ("Check status" still works).
 */
export async function sharedCardWithOwnView(
  deps: BotDeps,
  outcome: Outcome,
  activity: Partial<Activity>,
  data: Record<string, unknown>
): Promise<AdaptiveCard> {
  const shared = buildNoticeCard(sharedNoticeOf(outcome, actorName(activity)));
  const person = actingUser(activity);
  const teamsUserId = activity.from?.id;
  if (!person || typeof teamsUserId !== 'string' || !teamsUserId) return shared;
  const viewId = deps.newDraftId();
  await deps.ownViews.save(viewId, { aadObjectId: person.aadObjectId, card: lateAnswer(outcome), shared });
  // The draft id lets a forgotten view (a restart) still show a posted confirmation from the ledger.
  const draftId = isGuid(data.draftId) ? data.draftId : undefined;
  return {
    ...shared,
    refresh: {
      action: { type: 'Action.Execute', verb: VERBS.showOwnView, data: { viewId, ...(draftId ? { draftId } : {}) } },
      userIds: [teamsUserId]
    }
  };
}

/** showOwnView: the refresh Teams sends for the person listed in a shared card's refresh.userIds. */
export const showOwnView: Handler = async (turn) => {
  const { deps, person, data } = turn;
  const view = typeof data.viewId === 'string' ? await deps.ownViews.get(data.viewId) : undefined;
  if (view) return show(view.aadObjectId === person.aadObjectId ? view.card : view.shared);
  if (isGuid(data.draftId)) {
    const record = await deps.ledger.get(`${person.aadObjectId}:${data.draftId}`);
    if (record?.state === 'posted' && record.userId === person.aadObjectId)
      return show(buildConfirmationCard({ ...record.posted, bodyPreview: '' }));
  }
  turn.log.info('own view not found: the neutral card');
  return show(buildNoticeCard(notice('notice.sharedDone', { actor: say('shared.someone') })));
};
