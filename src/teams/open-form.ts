// `new`: list the person's Microsoft 365 groups and send an empty form with a fresh draftId.
import { buildFormCard, buildNoticeCard, type AdaptiveCard } from '../cards';
import { AppError } from '../core/errors';
import { describeError } from '../core/describe-error';
import type { UserRef } from '../auth/token-provider';
import type { BotDeps } from './bot-deps';

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
