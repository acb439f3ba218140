// Following a group in one's own inbox (issue 17), as the person (delegated subscribeByMail):
// `subscribe <group>` / `unsubscribe <group>` and the "Get these by email" / "Stop emails" buttons
// (verb mailSubscription, data {groupId, op}). Each answer says the state now and offers the
// opposite. In a channel or group chat only the team's own group is set (as `list` does): any other
// name is for the 1:1 chat, answered without a token or a Graph call.
import { buildInboxCard, buildNoticeCard, buildOpenChatCard, type AdaptiveCard, type InboxOp } from '../../cards';
import { describeError } from '../../core/describe-error';
import { AppError } from '../../core/errors';
import { markdownSafe } from '../../core/markdown-safe';
import { matchGroup, sameGroupName } from '../../core/match-group';
import { isGuid } from '../../core/validate-draft';
import { notice, say } from '../../core/words';
import type { GroupSummary } from '../../graph/graph-client';
import { show, type Handler, type Outcome } from '../app/outcome';
import type { Turn } from '../app/turn';
import { runAsThePerson } from '../card-actions/run-as-the-person';
import { commandAsThePerson } from '../commands/command-as-the-person';
import { typedGroupName } from '../commands/typed-group-name';

const COMMAND = { on: 'subscribe', off: 'unsubscribe' } as const;

export const subscribeCommand: Handler = (turn) => typedCommand(turn, 'on');
export const unsubscribeCommand: Handler = (turn) => typedCommand(turn, 'off');

/** mailSubscription: the button of the answer card, and of the confirmation and list cards. */
export const inboxFromCard: Handler = async (turn) => {
  const groupId = typeof turn.data.groupId === 'string' ? turn.data.groupId : '';
  const op = turn.data.op;
  if (!isGuid(groupId) || (op !== 'on' && op !== 'off')) {
    turn.log.info('mail subscription request failed validation');
    return show(buildNoticeCard(notice('notice.pickGroup')), 'invalid');
  }
  return runAsThePerson(turn, {
    what: 'mail subscription',
    // The same button again, under the words for what went wrong (or the sign-in Teams asks for).
    retryCard: (err) => buildInboxCard({ ...describeError(err, 'list'), groupId, op }),
    failure: { message: 'could not change the mail subscription', fields: { groupId, op } },
    run: async (token) => ({ card: await byId(turn, token, groupId.toLowerCase(), op), result: 'shown' })
  });
};

async function typedCommand(turn: Turn, op: InboxOp): Promise<Outcome> {
  const command = COMMAND[op];
  if (turn.scope !== 'personal') {
    const { groupId, name } = turn.team;
    const teamOwn = groupId !== undefined && (!turn.args || (name !== undefined && sameGroupName(turn.args, name)));
    if (!teamOwn) {
      const words = { title: say('inbox.inOurChatTitle'), text: say('inbox.inOurChat', { command }) };
      return show(buildOpenChatCard(words, turn.botUserId, command));
    }
    return commandAsThePerson(turn, {
      during: 'list',
      failure: `could not ${command}`,
      run: (token) => byId(turn, token, groupId, op),
      // Teams signs a typed command in silently only in the 1:1 chat: the button signs in through the card.
      withoutToken: () =>
        buildInboxCard({
          title: say('inbox.signInTitle', { group: markdownSafe(name ?? say('form.teamGroup')) }),
          text: say('inbox.signIn'),
          groupId,
          op
        })
    });
  }
  if (!turn.args)
    return show(buildNoticeCard({ title: say('inbox.whichTitle'), text: say('inbox.which', { command }) }));
  return commandAsThePerson(turn, {
    during: 'list',
    failure: `could not ${command}`,
    run: (token) => byName(turn, token, op),
    withoutToken: () => buildNoticeCard({ title: say('inbox.whichTitle'), text: say('inbox.which', { command }) })
  });
}

/** `subscribe <name>` in the 1:1 chat: among the person's own groups (so a member's), then one POST. */
async function byName(turn: Turn, token: string, op: InboxOp): Promise<AdaptiveCard> {
  const { matched, shown } = typedGroupName(turn.args);
  const match = matchGroup(await turn.deps.groups.listForUser(token, turn.person.aadObjectId), matched);
  if (match.kind === 'none') return buildNoticeCard(notice('notice.noSuchGroup', { name: shown }));
  if (match.kind === 'several')
    return buildNoticeCard({ title: say('list.pickTitle'), text: say('list.severalMatch', { name: shown }) });
  return change(turn, token, match.group, op);
}

/**
 * A button (or the team's group): one read says the group's name and the person's state, so a press
 * that asks for what already is costs no write, and the answer names the group without card data.
 */
async function byId(turn: Turn, token: string, groupId: string, op: InboxOp): Promise<AdaptiveCard> {
  const { group, subscribed } = await turn.deps.graph.getMailSubscription(token, groupId);
  if (subscribed === (op === 'on')) return stateCard(group, op);
  return change(turn, token, group, op);
}

async function change(turn: Turn, token: string, group: GroupSummary, op: InboxOp): Promise<AdaptiveCard> {
  try {
    await turn.deps.graph.setMailSubscription(token, group.id, op === 'on');
  } catch (err) {
    // Exchange keeps this setting for members only: Graph refuses anyone else (403).
    if (!(err instanceof AppError && err.code === 'access_denied')) throw err;
    turn.log.info({ groupId: group.id }, 'mail subscription refused: not a member');
    const name = markdownSafe(group.displayName);
    return buildNoticeCard({ title: say('inbox.notMemberTitle', { group: name }), text: say('inbox.notMember') });
  }
  turn.log.info({ groupId: group.id, op }, 'mail subscription changed');
  return stateCard(group, op);
}

/** The state after `op`, and the button that undoes it. */
function stateCard(group: GroupSummary, op: InboxOp): AdaptiveCard {
  const name = markdownSafe(group.displayName);
  return op === 'on'
    ? buildInboxCard({
        title: say('inbox.onTitle', { group: name }),
        text: say('inbox.on'),
        groupId: group.id,
        op: 'off'
      })
    : buildInboxCard({
        title: say('inbox.offTitle', { group: name }),
        text: say('inbox.off'),
        groupId: group.id,
        op: 'on'
      });
}
