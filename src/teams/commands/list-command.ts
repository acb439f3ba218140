// `list [group name]`: a group's latest conversations. Which group: `list <name>` among the
// person's groups, the team's group in a channel, else a picker. More pages are card actions.
import { buildNoticeCard, buildPickGroupCard, type AdaptiveCard } from '../../cards';
import { AppError } from '../../core/errors';
import { markdownSafe } from '../../core/markdown-safe';
import { matchGroup } from '../../core/match-group';
import type { Handler } from '../app/outcome';
import type { Turn } from '../app/turn';
import { conversationsCard, pickerOf } from '../card-actions';
import { commandAsThePerson } from './command-as-the-person';
import { notice, say } from '../../core/words';

/** A typed name is echoed back on a card; a paragraph pasted after `list` is not a group name. */
const MAX_NAME = 120;

export const listCommand: Handler = (turn) =>
  commandAsThePerson(turn, {
    during: 'list',
    failure: 'could not list conversations',
    run: (token) => firstCard(turn, token),
    // In a channel a button on the team's group signs in through the card (Universal Actions);
    // in a group chat (or for a named group) the 1:1 chat is where silent sign-in works.
    withoutToken: () => {
      const { groupId, name = say('form.teamGroup') } = turn.team;
      return groupId && !turn.args
        ? buildPickGroupCard({
            title: say('list.title', { group: name }),
            text: say('list.teamGroupText'),
            groups: [{ id: groupId, displayName: name }]
          })
        : buildNoticeCard(notice('notice.listInChat'));
    }
  });

async function firstCard(turn: Turn, token: string): Promise<AdaptiveCard> {
  const { deps, person, args: name } = turn;
  if (name) {
    // Echoed in a TextBlock: shown literally, not as Markdown.
    const shown = markdownSafe(name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name);
    const match = matchGroup(await deps.groups.listForUser(token, person.aadObjectId), name.slice(0, 256));
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
