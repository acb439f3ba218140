// `list [group name]`: a group's latest conversations. Which group: `list <name>` among the
// person's groups, the team's group in a channel, else a picker. More pages are card actions.
// In a channel or group chat everyone reads the answer: only the team's own group is listed there;
// any other group is for the 1:1 chat, answered without a token or a Graph call.
import { buildNoticeCard, buildOpenChatCard, buildPickGroupCard, type AdaptiveCard } from '../../cards';
import { AppError } from '../../core/errors';
import { matchGroup, sameGroupName } from '../../core/match-group';
import { show, type Handler } from '../app/outcome';
import type { Turn } from '../app/turn';
import { conversationsCard, pickerOf } from '../card-actions';
import { commandAsThePerson } from './command-as-the-person';
import { typedGroupName } from './typed-group-name';
import { notice, say } from '../../core/words';

export const listCommand: Handler = async (turn) => {
  if (turn.scope !== 'personal') {
    const { groupId, name } = turn.team;
    const teamOwn = groupId !== undefined && (!turn.args || (name !== undefined && sameGroupName(turn.args, name)));
    if (!teamOwn) return show(buildOpenChatCard(notice('notice.listInOurChat'), turn.botUserId, 'list'));
    return listAsThePerson({ ...turn, args: '' });
  }
  return listAsThePerson(turn);
};

const listAsThePerson: Handler = (turn) =>
  commandAsThePerson(turn, {
    during: 'list',
    failure: 'could not list conversations',
    run: (token) => firstCard(turn, token),
    // Outside a 1:1 chat (only the team's group gets here): a button on the team's group signs in
    // through the card (Universal Actions).
    withoutToken: () => {
      const { groupId = '', name = say('form.teamGroup') } = turn.team;
      return buildPickGroupCard({
        title: say('list.title', { group: name }),
        text: say('list.teamGroupText'),
        groups: [{ id: groupId, displayName: name }]
      });
    }
  });

async function firstCard(turn: Turn, token: string): Promise<AdaptiveCard> {
  const { deps, person, args: name } = turn;
  if (name) {
    const { matched, shown } = typedGroupName(name);
    const match = matchGroup(await deps.groups.listForUser(token, person.aadObjectId), matched);
    if (match.kind === 'one') return conversationsCard(turn, token, match.group.id, { known: match.group });
    if (match.kind === 'several')
      return buildPickGroupCard({
        title: say('list.pickTitle'),
        text: say('list.severalMatch', { name: shown }),
        ...(await pickerOf(turn, match.groups))
      });
    return buildNoticeCard(notice('notice.noSuchGroup', { name: shown }));
  }
  if (turn.team.groupId) return conversationsCard(turn, token, turn.team.groupId);
  const groups = await deps.groups.listForUser(token, person.aadObjectId);
  if (groups.length === 0) throw new AppError('no_groups', 'the person has no Microsoft 365 group');
  return buildPickGroupCard({
    title: say('list.pickTitle'),
    text: say('list.pickText'),
    ...(await pickerOf(turn, groups))
  });
}
