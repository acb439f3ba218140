// `new`: list the person's Microsoft 365 groups and send an empty form with a fresh draftId.
import { buildFormCard, buildNoticeCard, type AdaptiveCard } from '../cards';
import { AppError } from '../core/errors';
import { describeError } from '../core/describe-error';
import type { UserRef } from '../auth/token-provider';
import type { BotDeps } from './bot-deps';

/**
 * A channel form without the person's token: the team's own group is known from the activity,
 * so the form can open without Graph; Post then signs the person in through the card (Universal
 * Actions SSO works in channels, unlike the command path's OAuth card).
 */
export function buildTeamGroupForm(deps: BotDeps, user: UserRef, group: { id: string; displayName: string }): AdaptiveCard {
  const draftId = deps.newDraftId();
  deps.forms.save(draftId, { openedBy: user.aadObjectId, groups: [group] });
  return buildFormCard({ draftId, groups: [group], values: { groupId: group.id, topic: '', body: '', participants: '', otherEmails: '' } });
}

export async function buildNewForm(deps: BotDeps, user: UserRef, token: string, defaultGroupId: string | undefined): Promise<AdaptiveCard> {
  const groups = await deps.groups.listForUser(token, user.aadObjectId);
  if (groups.length === 0) {
    return buildNoticeCard(describeError(new AppError('no_groups', 'the person has no Microsoft 365 group')));
  }
  const draftId = deps.newDraftId();
  const choices = groups.map((g) => ({ id: g.id, displayName: g.displayName }));
  deps.forms.save(draftId, { openedBy: user.aadObjectId, groups: choices });
  const groupId = (defaultGroupId && groups.find((g) => g.id.toLowerCase() === defaultGroupId)?.id) || '';
  return buildFormCard({
    draftId,
    groups: choices,
    values: { groupId, topic: '', body: '', participants: '', otherEmails: '' }
  });
}
