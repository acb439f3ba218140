// `list`: a group's latest conversations, five to a card, each with Reply; More replaces the card
// with the next page. Which group: `list <name>` among the person's groups, the team's group in a
// channel, else a picker. The same card comes back from the picker and More (card actions).
import { buildListCard, buildNoticeCard, buildPickGroupCard, type AdaptiveCard } from '../cards';
import { parseListRequest } from '../core/conversation-ref';
import { describeError } from '../core/describe-error';
import { AppError } from '../core/errors';
import { formatWhen, type ReaderClock } from '../core/format-when';
import { matchGroup } from '../core/match-group';
import type { GroupSummary } from '../graph/graph-client';
import type { UserRef } from '../auth/token-provider';
import type { BotDeps } from './bot-deps';
import { runAsThePerson, type CardActionHandler } from './card-action-flow';
import type { CommandHandler } from './command-turn';
import { conversationScope, readerClock, teamGroupId, teamName } from './turn-helpers';

const PAGE_SIZE = 5;
/** A typed name is echoed back on a card; a paragraph pasted after `list` is not a group name. */
const MAX_NAME = 120;

export const listCommand: CommandHandler = async (turn) => {
  const teamGroup = teamGroupId(turn.context);
  let token: string;
  try {
    token = await turn.token();
  } catch (err) {
    const scope = conversationScope(turn.context);
    if (err instanceof AppError && err.code === 'sign_in_required' && scope !== 'personal' && turn.deps.config.bot) {
      // Commands sign in silently only in a 1:1 chat. In a channel a button on the team's group
      // signs in through the card (Universal Actions); in a group chat the 1:1 chat is one click away.
      turn.log.info({ scope }, 'no token outside personal scope');
      const name = teamName(turn.context) ?? "This team's group";
      await turn.send(
        teamGroup && !turn.args
          ? buildPickGroupCard({ title: `Conversations in ${name}`, text: 'Press **Show conversations** to see the latest ones.', groups: [{ id: teamGroup, displayName: name }] })
          : buildNoticeCard({ title: 'Sign in once in our 1:1 chat', text: 'Teams can only sign you in silently in a 1:1 chat with the bot. Type **list** there once; after that, **list** works here too.' })
      );
      return;
    }
    turn.log.warn({ err }, 'could not list conversations');
    return void (await turn.send(buildNoticeCard(describeError(err, 'list'))));
  }
  try {
    await turn.send(await firstCard(turn.deps, turn.user, token, turn.args, teamGroup, readerClock(turn.context)));
  } catch (err) {
    turn.log.warn({ err }, 'could not list conversations');
    await turn.send(buildNoticeCard(describeError(err, 'list')));
  }
};

/** `More`, `Try again` and the picker's `Show conversations`: data {groupId, cursor?}. */
export const handleListAction: CardActionHandler = async (deps, log, user, data, ssoToken, clock) => {
  const request = parseListRequest(data);
  if (!request) {
    log.info('list request failed validation');
    return { kind: 'card', outcome: 'invalid', card: buildNoticeCard({ title: 'Pick a group', text: 'Choose one of your groups, or type **list** to start again.' }) };
  }
  return runAsThePerson({ deps, log, user, ssoToken }, {
    what: 'list',
    // The group's name is not known without Graph: the banner and Try again say enough.
    retryCard: (err) => buildListCard({ groupId: request.groupId, groupName: '', conversations: [], cursor: request.cursor, error: describeError(err, 'list') }),
    failure: { message: 'could not list conversations', fields: { groupId: request.groupId } },
    run: async (token) => ({ card: await conversationsCard(deps, user, token, request.groupId, undefined, request.cursor, clock), outcome: 'shown' })
  });
};

async function firstCard(deps: BotDeps, user: UserRef, token: string, name: string, teamGroup: string | undefined, clock: ReaderClock): Promise<AdaptiveCard> {
  if (name) {
    const shown = name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name;
    const match = matchGroup(await deps.groups.listForUser(token, user.aadObjectId), name.slice(0, 256));
    if (match.kind === 'one') return conversationsCard(deps, user, token, match.group.id, match.group, undefined, clock);
    if (match.kind === 'several') return buildPickGroupCard({ title: 'Which group?', text: `Several of your groups match "${shown}".`, groups: match.groups });
    return buildNoticeCard({ title: 'No such group', text: `None of your Microsoft 365 groups matches "${shown}". Type **list** to pick from your groups.` });
  }
  if (teamGroup) return conversationsCard(deps, user, token, teamGroup, undefined, undefined, clock);
  const groups = await deps.groups.listForUser(token, user.aadObjectId);
  if (groups.length === 0) throw new AppError('no_groups', 'the person has no Microsoft 365 group');
  return buildPickGroupCard({ title: 'Which group?', text: 'Pick a group to see its latest conversations.', groups });
}

async function conversationsCard(
  deps: BotDeps,
  user: UserRef,
  token: string,
  groupId: string,
  known: GroupSummary | undefined,
  cursor: string | undefined,
  clock: ReaderClock
): Promise<AdaptiveCard> {
  // The name usually comes from the directory's cache (the person's groups were just listed).
  const [group, page] = await Promise.all([
    known ?? deps.groups.describe(token, user.aadObjectId, groupId),
    deps.graph.listConversations(token, groupId, { top: PAGE_SIZE, cursor })
  ]);
  return buildListCard({
    groupId,
    groupName: group.displayName,
    cursor,
    nextCursor: page.cursor,
    conversations: page.conversations.map((c) => ({
      conversationId: c.id,
      topic: c.topic,
      preview: c.preview,
      when: formatWhen(c.lastDeliveredDateTime, clock),
      senders: c.uniqueSenders,
      hasAttachments: c.hasAttachments
    }))
  });
}
