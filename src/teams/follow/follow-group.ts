// Starting and stopping a channel's follow of a group (issue 16), for the commands and the Follow
// button: who may, one follow per channel and group, and the subscription made as the follower.
import type { GroupSummary } from '../../graph/graph-client';
import type { Follower, FollowRecord } from '../../storage/follow-store';
import type { FollowDeps } from './follow-deps';
import { stopFollow, subscribe } from './subscriptions';

export interface FollowRequest {
  /** The channel's conversation id (no `;messageid=`) and its reference for proactive messages. */
  channelId: string;
  reference: Record<string, unknown>;
  follower: Follower;
  /** A group the follower is a member of (their own group list said so). */
  group: GroupSummary;
  /** The follower's Graph token, from this turn. */
  token: string;
}

export type FollowResult =
  | { kind: 'followed'; follow: FollowRecord }
  | { kind: 'already'; follow: FollowRecord }
  | { kind: 'too_many'; max: number };

export async function followGroup(deps: FollowDeps, request: FollowRequest): Promise<FollowResult> {
  const { store } = deps;
  const following = await store.ofChannel(request.channelId);
  const same = following.find((f) => f.groupId === request.group.id.toLowerCase());
  if (same) return { kind: 'already', follow: same };
  if (following.length >= deps.settings.maxPerChannel) return { kind: 'too_many', max: deps.settings.maxPerChannel };
  const at = deps.now();
  const record: FollowRecord = {
    followId: deps.newId(),
    channelId: request.channelId,
    groupId: request.group.id.toLowerCase(),
    groupName: request.group.displayName,
    groupMail: request.group.mail,
    follower: request.follower,
    reference: request.reference,
    clientState: '',
    expiresAt: 0,
    renewAt: at,
    lastSeenAt: at,
    createdAt: at,
    updatedAt: at,
    status: 'active'
  };
  // Two people pressing at once: one create wins, the other reads the winner's follow.
  if (!(await store.create(record))) {
    const winner = (await store.ofChannel(request.channelId)).find((f) => f.groupId === record.groupId);
    if (winner) return { kind: 'already', follow: winner };
  }
  try {
    const follow = await subscribe(deps, record, request.token);
    // Renewals run as the follower while they are away: their sign-in is kept for that.
    const kept = await deps.offline.keep({
      aadObjectId: request.follower.aadObjectId,
      tenantId: request.follower.tenantId
    });
    if (!kept)
      deps.logger.warn(
        { followId: follow.followId },
        'the follower’s sign-in could not be kept: the follow stops when its subscription expires'
      );
    return { kind: 'followed', follow };
  } catch (err) {
    // Nothing half-made stays: the record stops (a later follow of the group starts afresh).
    await stopFollow(deps, record, 'subscribe_failed', { tell: false, token: request.token });
    throw err;
  }
}

/** Who may stop a follow: the person who set it up, or an owner of the team (its group's owners). */
export function mayUnfollow(follow: FollowRecord, personId: string, teamOwnerIds: readonly string[]): boolean {
  const id = personId.toLowerCase();
  return follow.follower.aadObjectId.toLowerCase() === id || teamOwnerIds.includes(id);
}

/**
 * Stops the follow. Graph lets only the subscription's creator delete it: the follower's token from
 * this turn when they are the one asking, else their kept sign-in (stopFollow).
 */
export async function unfollow(
  deps: FollowDeps,
  follow: FollowRecord,
  asker: { id: string; token: string }
): Promise<void> {
  const theirs = asker.id.toLowerCase() === follow.follower.aadObjectId.toLowerCase();
  await stopFollow(deps, follow, 'unfollowed', { tell: false, ...(theirs ? { token: asker.token } : {}) });
}
