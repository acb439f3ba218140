// `new` (also "post", "new conversation"): the new-conversation form on the person's groups. In a
// channel or group chat everyone reads the form, so it offers only the team's own group there (a
// group chat has none: one click leads to the 1:1 chat), never the person's other groups.
// `new <group name>` (1:1 chat): the form with that group preselected, whichever of the person's
// groups it is: clients without typeahead (the Agents Playground) reach every group this way.
import {
  buildContinueInChatCard,
  buildNoticeCard,
  buildOpenChatCard,
  type AdaptiveCard,
  type GroupChoice
} from '../../cards';
import { MAX_STATIC_GROUPS } from '../../cards/group-picker';
import { matchGroup } from '../../core/match-group';
import { show, type Handler } from '../app/outcome';
import type { Turn } from '../app/turn';
import { groupChoices, openForm, pickerOf, type GroupPicker } from '../card-actions';
import { commandAsThePerson } from './command-as-the-person';
import { typedGroupName } from './typed-group-name';
import { notice, say } from '../../core/words';

export const newCommand: Handler = async (turn) => {
  // No team group to offer: nothing to list, so no token and no Graph call either.
  if (turn.scope !== 'personal' && !turn.team.groupId) return show(buildContinueInChatCard(turn.botUserId));
  return commandAsThePerson(turn, {
    during: 'open-form',
    failure: 'could not open the form',
    run: async (token) => {
      const picker = await groupChoices(turn, token);
      if (turn.scope !== 'personal') return teamGroupForm(turn, picker.groups, token);
      if (!turn.args) return openForm(turn, { ...picker, defaultGroupId: turn.team.groupId, token });
      return namedGroupForm(turn, token, picker);
    },
    // The team's group is known from the activity, so the form opens without Graph and Post signs
    // in through the card (Universal Actions SSO works in channels). Without a token the flag
    // cannot be read: a group hidden from Outlook is warned about at Post instead.
    withoutToken: () => teamGroupForm(turn)
  });
};

/** In a channel: the form on the team's group alone (when `mine` is known, only if the person is in it). */
async function teamGroupForm(turn: Turn, mine?: readonly GroupChoice[], token?: string): Promise<AdaptiveCard> {
  const groupId = turn.team.groupId ?? '';
  const known = mine?.find((g) => g.id.toLowerCase() === groupId);
  if (mine && !known) return buildOpenChatCard(notice('notice.teamGroupNotYours'), turn.botUserId, 'new');
  const team = { id: known?.id ?? groupId, displayName: known?.displayName ?? turn.team.name ?? say('form.teamGroup') };
  return openForm(turn, { groups: [team], defaultGroupId: groupId, token });
}

/** `new <name>`: one match is preselected (first in the picker); several are offered; none is said. */
async function namedGroupForm(turn: Turn, token: string, picker: GroupPicker): Promise<AdaptiveCard> {
  const { matched, shown } = typedGroupName(turn.args);
  const match = matchGroup(await turn.deps.groups.listForUser(token, turn.person.aadObjectId), matched);
  if (match.kind === 'none') return buildNoticeCard(notice('notice.noSuchGroupForNew', { name: shown }));
  if (match.kind === 'several') return openForm(turn, await pickerOf(turn, match.groups));
  const { id, displayName } = match.group;
  const rest = picker.groups.filter((g) => g.id !== id);
  return openForm(turn, {
    groups: [{ id, displayName }, ...rest].slice(0, MAX_STATIC_GROUPS),
    searchGroups: picker.searchGroups,
    defaultGroupId: id.toLowerCase(),
    token
  });
}
