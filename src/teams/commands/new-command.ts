// `new` (also "post", "new conversation"): the new-conversation form on the person's groups; in
// a channel the team's group is pre-selected.
import { buildContinueInChatCard } from '../../cards';
import type { Handler } from '../app/outcome';
import { groupChoices, openForm } from '../card-actions';
import { commandAsThePerson } from './command-as-the-person';
import { say } from '../../core/words';

export const newCommand: Handler = (turn) =>
  commandAsThePerson(turn, {
    during: 'open-form',
    failure: 'could not open the form',
    run: async (token) => openForm(turn, { ...(await groupChoices(turn, token)), defaultGroupId: turn.team.groupId }),
    // In a channel the team's group is known from the activity, so the form opens without Graph
    // and Post signs in through the card (Universal Actions SSO works in channels); in a group
    // chat, one click takes the person to the 1:1 chat.
    withoutToken: (botAppId) => {
      const { groupId, name } = turn.team;
      if (!groupId) return buildContinueInChatCard(botAppId);
      return openForm(turn, {
        groups: [{ id: groupId, displayName: name ?? say('form.teamGroup') }],
        defaultGroupId: groupId
      });
    }
  });
