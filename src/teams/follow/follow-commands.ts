// `follow [group]`, `following` and `unfollow [group]` in a team channel (issue 16), and the
// Follow / Stop following button a channel gets when the typed command had no token (Teams signs
// a command in silently only in the 1:1 chat; a card's Action.Execute carries the SSO token).
// Each answers in the channel, where everyone reads it: only names, never anyone's own content.
import { buildFollowCard, buildNoticeCard, type AdaptiveCard } from '../../cards';
import { describeError } from '../../core/describe-error';
import { AppError } from '../../core/errors';
import { markdownSafe } from '../../core/markdown-safe';
import { matchGroup, sameGroupName } from '../../core/match-group';
import { notice, say } from '../../core/words';
import type { GroupSummary } from '../../graph/graph-client';
import type { FollowRecord } from '../../storage/follow-store';
import { show, withShared, type AnonymousHandler, type Handler, type Outcome } from '../app/outcome';
import type { AnonymousTurn, Turn } from '../app/turn';
import { typedGroupName } from '../commands/typed-group-name';
import type { FollowDeps } from './follow-deps';
import { followGroup, mayUnfollow, unfollow } from './follow-group';

type Op = 'follow' | 'unfollow';

/** Graph refused or failed the subscription (or the owners' list): said in the command's own words. */
const GRAPH_FAILURES: ReadonlySet<string> = new Set(['graph_rejected', 'graph_unavailable', 'access_denied']);

export const followCommand: Handler = (turn) => asThePerson(turn, 'follow', turn.args);
export const unfollowCommand: Handler = (turn) => asThePerson(turn, 'unfollow', turn.args);

/** followGroup: the button of the card below, data {op, group?}; same rules as the typed command. */
export const followFromCard: Handler = async (turn) => {
  const op: Op = turn.data.op === 'unfollow' ? 'unfollow' : 'follow';
  const group = typeof turn.data.group === 'string' ? turn.data.group.slice(0, 256) : '';
  const outcome = await asThePerson(turn, op, group);
  // The answer to the button is shown to the presser alone: the channel is told as well.
  if (outcome.kind === 'card' && outcome.result === 'posted' && turn.cardSpot.answerReplaces)
    await tellChannel(turn, outcome.card);
  return outcome;
};

export const followingCommand: AnonymousHandler = async (turn) => {
  const where = channelOf(turn);
  if (!where) return show(channelOnly());
  const follows = await turn.deps.follow?.store.ofChannel(where.channelId);
  if (!follows || follows.length === 0)
    return show(buildNoticeCard({ title: say('following.noneTitle'), text: say('following.none') }));
  const rows = follows.map(
    (f) => `- ${say('following.row', { group: markdownSafe(f.groupName), follower: markdownSafe(f.follower.name) })}`
  );
  return show(buildNoticeCard({ title: say('following.title'), text: rows.join('\n') }));
};

async function asThePerson(turn: Turn, op: Op, typed: string): Promise<Outcome> {
  const where = channelOf(turn);
  const follow = turn.deps.follow;
  if (!where || !follow) return show(channelOnly());
  try {
    return op === 'follow'
      ? await startFollowing(turn, follow, where, typed)
      : await stopFollowing(turn, follow, where, typed);
  } catch (err) {
    const bot = turn.deps.config.bot;
    if (err instanceof AppError && err.code === 'sign_in_required' && bot) {
      turn.log.info({ op }, 'no token in the channel: the card signs in');
      return show(signInCard(op, typed, turn));
    }
    turn.log.warn({ err, op }, `could not ${op}`);
    if (err instanceof AppError && GRAPH_FAILURES.has(err.code)) {
      const group = typed ? typedGroupName(typed).shown : markdownSafe(turn.team.name ?? say('form.teamGroup'));
      return show(
        op === 'follow'
          ? buildNoticeCard({ title: say('follow.failedTitle', { group }), text: say('follow.failed') })
          : buildNoticeCard({ title: say('unfollow.failedTitle', { group }), text: say('unfollow.failed') })
      );
    }
    return show(buildNoticeCard(describeError(err, 'list')));
  }
}

interface Where {
  channelId: string;
  reference: Record<string, unknown>;
}

async function startFollowing(turn: Turn, follow: FollowDeps, where: Where, typed: string): Promise<Outcome> {
  const { deps, person } = turn;
  const token = await turn.token();
  const groups = await deps.groups.listForUser(token, person.aadObjectId);
  let group: GroupSummary | undefined;
  if (typed) {
    const { matched, shown } = typedGroupName(typed);
    const match = matchGroup(groups, matched);
    if (match.kind === 'several')
      return show(buildNoticeCard({ title: say('list.pickTitle'), text: say('list.severalMatch', { name: shown }) }));
    if (match.kind === 'none') return show(buildNoticeCard(notice('notice.noSuchGroup', { name: shown })));
    group = match.group;
  } else {
    if (!turn.team.groupId)
      return show(buildNoticeCard({ title: say('follow.noTeamGroupTitle'), text: say('follow.noTeamGroup') }));
    // Membership is what the person's own group list says: only a member may bring the group here.
    group = groups.find((g) => g.id.toLowerCase() === turn.team.groupId);
    if (!group)
      return show(buildNoticeCard(notice('notice.noSuchGroup', { name: markdownSafe(turn.team.name ?? '') })));
  }
  const result = await followGroup(follow, {
    ...where,
    follower: { aadObjectId: person.aadObjectId, name: turn.actor, tenantId: person.tenantId ?? '' },
    group,
    token
  });
  const name = markdownSafe(group.displayName);
  if (result.kind === 'too_many')
    return show(
      buildNoticeCard({ title: say('follow.tooManyTitle'), text: say('follow.tooMany', { max: result.max }) })
    );
  if (result.kind === 'already')
    return show(
      buildNoticeCard({
        title: say('follow.alreadyTitle', { group: name }),
        text: say('follow.already', { group: name, follower: markdownSafe(result.follow.follower.name) })
      })
    );
  turn.log.info({ followId: result.follow.followId, groupId: group.id }, 'channel follows a group');
  return forEveryone({
    title: say('follow.confirmedTitle', { group: name }),
    text: say('follow.confirmed', { actor: markdownSafe(turn.actor), group: name })
  });
}

async function stopFollowing(turn: Turn, follow: FollowDeps, where: Where, typed: string): Promise<Outcome> {
  const { deps, person } = turn;
  const follows = await follow.store.ofChannel(where.channelId);
  const picked = pick(follows, typed);
  if (picked.kind === 'none') {
    if (!typed) return show(buildNoticeCard({ title: say('following.noneTitle'), text: say('following.none') }));
    const { shown } = typedGroupName(typed);
    return show(
      buildNoticeCard({ title: say('unfollow.notFollowingTitle'), text: say('unfollow.notFollowing', { name: shown }) })
    );
  }
  if (picked.kind === 'several') {
    const groups = follows.map((f) => markdownSafe(f.groupName)).join(', ');
    return show(buildNoticeCard({ title: say('unfollow.whichTitle'), text: say('unfollow.which', { groups }) }));
  }
  const target = picked.follow;
  const name = markdownSafe(target.groupName);
  const isFollower = target.follower.aadObjectId === person.aadObjectId;
  // The follower needs no Graph call; anyone else must be an owner of the team (its group's owners).
  const token = await turn.token();
  const owners = isFollower || !turn.team.groupId ? [] : await deps.graph.listGroupOwnerIds(token, turn.team.groupId);
  if (!mayUnfollow(target, person.aadObjectId, owners))
    return show(
      buildNoticeCard({
        title: say('unfollow.notAllowedTitle', { group: name }),
        text: say('unfollow.notAllowed', { follower: markdownSafe(target.follower.name) })
      })
    );
  await unfollow(follow, target, { id: person.aadObjectId, token });
  turn.log.info({ followId: target.followId }, 'channel stopped following a group');
  return forEveryone({
    title: say('unfollow.doneTitle', { group: name }),
    text: say('unfollow.done', { actor: markdownSafe(turn.actor), group: name })
  });
}

/**
 * A change everyone in the channel should read: the answer, and what the channel itself gets where
 * the answer is the presser's alone (an Action.Submit fallback's shared notice; the Follow button's
 * invoke is told to the channel by followFromCard).
 */
function forEveryone(words: { title: string; text: string }): Outcome {
  return withShared(show(buildNoticeCard(words), 'posted'), words);
}

function pick(
  follows: FollowRecord[],
  typed: string
): { kind: 'one'; follow: FollowRecord } | { kind: 'none' } | { kind: 'several' } {
  if (typed) {
    const { matched } = typedGroupName(typed);
    const found = follows.find((f) => sameGroupName(matched, f.groupName));
    return found ? { kind: 'one', follow: found } : { kind: 'none' };
  }
  if (follows.length === 0) return { kind: 'none' };
  return follows.length === 1 ? { kind: 'one', follow: follows[0] } : { kind: 'several' };
}

/**
 * The channel this turn is in, as the follow store keys it, and the reference a proactive message
 * uses: the channel itself (no `;messageid=`, no activity to reply to), so cards are new posts.
 */
function channelOf(turn: AnonymousTurn): Where | undefined {
  if (turn.scope !== 'channel') return undefined;
  const { activityId: _reply, user: _user, ...reference } = turn.cardSpot.reference as Record<string, unknown>;
  const conversation = reference.conversation as Record<string, unknown> | undefined;
  const id = typeof conversation?.id === 'string' ? conversation.id.split(';')[0] : undefined;
  if (!id) return undefined;
  return { channelId: id, reference: { ...reference, conversation: { ...conversation, id } } };
}

function channelOnly(): AdaptiveCard {
  return buildNoticeCard({ title: say('follow.channelOnlyTitle'), text: say('follow.channelOnly') });
}

function signInCard(op: Op, typed: string, turn: Turn): AdaptiveCard {
  const group = typed ? typedGroupName(typed).shown : markdownSafe(turn.team.name ?? say('form.teamGroup'));
  const matched = typed ? typedGroupName(typed).matched : undefined;
  return op === 'follow'
    ? buildFollowCard({
        title: say('follow.signInTitle', { group }),
        text: say('follow.signIn'),
        button: say('button.follow'),
        op,
        group: matched
      })
    : buildFollowCard({
        title: say('unfollow.signInTitle', { group }),
        text: say('unfollow.signIn'),
        button: say('button.unfollow'),
        op,
        group: matched
      });
}

async function tellChannel(turn: Turn, card: AdaptiveCard): Promise<void> {
  const where = channelOf(turn);
  if (!where) return;
  await turn.deps
    .updateCard({ reference: where.reference }, card)
    .catch((err: unknown) => turn.log.warn({ err }, 'could not tell the channel'));
}
