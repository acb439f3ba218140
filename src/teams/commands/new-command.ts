// `new` (also "post", "new conversation"): the new-conversation form on the person's groups. In a
// channel or group chat everyone reads the form, so it offers only the team's own group there (a
// group chat has none: one click leads to the 1:1 chat), never the person's other groups.
import { buildContinueInChatCard, buildOpenChatCard, type AdaptiveCard, type GroupChoice } from '../../cards';
import { show, type Handler } from '../app/outcome';
import type { Turn } from '../app/turn';
import { groupChoices, openForm } from '../card-actions';
import { commandAsThePerson } from './command-as-the-person';
import { notice, say } from '../../core/words';

export const newCommand: Handler = async (turn) => {
  // No team group to offer: nothing to list, so no token and no Graph call either.
  if (turn.scope !== 'personal' && !turn.team.groupId) return show(buildContinueInChatCard(turn.botUserId));
  return commandAsThePerson(turn, {
    during: 'open-form',
    failure: 'could not open the form',
    run: async (token) => {
      const picker = await groupChoices(turn, token);
      if (turn.scope === 'personal') return openForm(turn, { ...picker, defaultGroupId: turn.team.groupId });
      return teamGroupForm(turn, picker.groups);
    },
    // The team's group is known from the activity, so the form opens without Graph and Post signs
    // in through the card (Universal Actions SSO works in channels).
    withoutToken: () => teamGroupForm(turn)
  });
};

/** In a channel: the form on the team's group alone (when `mine` is known, only if the person is in it). */
function teamGroupForm(turn: Turn, mine?: readonly GroupChoice[]): AdaptiveCard {
  const groupId = turn.team.groupId ?? '';
  const known = mine?.find((g) => g.id.toLowerCase() === groupId);
  if (mine && !known) return buildOpenChatCard(notice('notice.teamGroupNotYours'), turn.botUserId, 'new');
  const team = { id: known?.id ?? groupId, displayName: known?.displayName ?? turn.team.name ?? say('form.teamGroup') };
  return openForm(turn, { groups: [team], defaultGroupId: groupId });
}
