// A follow's Graph subscription over its life (issue 16): created with the follower's token when
// the channel follows the group, renewed by the bot before it expires, created again when Graph
// dropped it, and stopped (with one notice to the channel) when the follower's sign-in can no
// longer keep it. Graph allows at most 4,230 minutes for group conversations; the renewal time is
// core/change-notifications.ts renewAt (after ~80 % of the lifetime, 10 minutes before at latest).
import { buildNoticeCard } from '../../cards';
import { renewAt } from '../../core/change-notifications';
import { AppError } from '../../core/errors';
import { SUBSCRIPTION_CHANGE_TYPES, expiryFor, newClientState, subscriptionResource } from '../../core/follow-plan';
import { markdownSafe } from '../../core/markdown-safe';
import { say } from '../../core/words';
import type { FollowRecord } from '../../storage/follow-store';
import type { FollowDeps } from './follow-deps';

/** After a failed renewal that may work later (Graph or Entra unreachable), the next try. */
export const RENEW_RETRY_MS = 5 * 60_000;

/** Creates the subscription for `record` as the person whose `token` this is; the record saved with it. */
export async function subscribe(deps: FollowDeps, record: FollowRecord, token: string): Promise<FollowRecord> {
  const urls = deps.notificationUrls();
  if (!urls) throw new AppError('graph_unavailable', 'the bot does not know its notification address yet');
  const clientState = newClientState();
  // Saved before Graph is asked: its first notification may come before create() has answered.
  const pending = { ...record, clientState, updatedAt: deps.now() };
  await deps.store.put(pending);
  const expiry = expiryFor(deps.now(), deps.settings.subscriptionMinutes);
  const created = await deps.graph.createSubscription(token, {
    changeType: SUBSCRIPTION_CHANGE_TYPES,
    notificationUrl: urls.change,
    lifecycleNotificationUrl: urls.lifecycle,
    resource: subscriptionResource(record.groupId),
    expirationDateTime: expiry.iso,
    clientState
  });
  const expiresAt = Date.parse(created.expirationDateTime) || expiry.at;
  const at = deps.now();
  const saved: FollowRecord = {
    ...pending,
    subscriptionId: created.id,
    expiresAt,
    renewAt: renewAt(expiresAt, at),
    updatedAt: at
  };
  await deps.store.put(saved);
  return saved;
}

/** Why renewing failed, for good: the follow stops. Anything else is tried again later. */
const FOR_GOOD = new Set(['sign_in_required', 'consent_required', 'access_denied', 'group_not_found', 'wrong_user']);

export type RenewOutcome = 'renewed' | 'recreated' | 'stopped' | 'later';

/**
 * Renews the follow's subscription as the follower (their kept sign-in: they are not there). Graph
 * no longer having it (expired while the bot was down, or removed) creates a new one. No sign-in,
 * or one Graph refuses (they left the group, consent withdrawn): the follow stops, and the channel
 * is told once. Graph or Entra unreachable: tried again in a few minutes.
 */
export async function renewFollow(deps: FollowDeps, follow: FollowRecord): Promise<RenewOutcome> {
  const log = deps.logger.child({ followId: follow.followId, groupId: follow.groupId });
  let token: string | undefined;
  try {
    token = await deps.offline.token({ aadObjectId: follow.follower.aadObjectId, tenantId: follow.follower.tenantId });
  } catch (err) {
    log.warn({ err }, 'could not get the follower’s token to renew: trying again later');
    return later(deps, follow);
  }
  if (!token) {
    log.warn('the follower’s sign-in is gone: the follow stops');
    await stopFollow(deps, follow, 'sign_in_required', { tell: true });
    return 'stopped';
  }
  try {
    if (follow.subscriptionId && follow.expiresAt > deps.now()) {
      const renewed = await deps.graph.renewSubscription(
        token,
        follow.subscriptionId,
        expiryFor(deps.now(), deps.settings.subscriptionMinutes).iso
      );
      const expiresAt = Date.parse(renewed.expirationDateTime);
      const at = deps.now();
      await deps.store.put({ ...follow, expiresAt, renewAt: renewAt(expiresAt, at), updatedAt: at });
      log.info('subscription renewed');
      return 'renewed';
    }
    await subscribe(deps, { ...follow, subscriptionId: undefined }, token);
    log.info('subscription created again (it had expired)');
    return 'recreated';
  } catch (err) {
    const code = err instanceof AppError ? err.code : undefined;
    if (code === 'subscription_not_found') {
      try {
        await subscribe(deps, { ...follow, subscriptionId: undefined }, token);
        log.info('subscription created again (Graph no longer had it)');
        return 'recreated';
      } catch (again) {
        return failed(deps, follow, again, log);
      }
    }
    return failed(deps, follow, err, log);
  }
}

async function failed(
  deps: FollowDeps,
  follow: FollowRecord,
  err: unknown,
  log: FollowDeps['logger']
): Promise<RenewOutcome> {
  const code = err instanceof AppError ? err.code : 'internal';
  if (FOR_GOOD.has(code)) {
    log.warn({ err }, 'Graph refused to renew as the follower: the follow stops');
    await stopFollow(deps, follow, code, { tell: true });
    return 'stopped';
  }
  log.warn({ err }, 'renewal failed: trying again later');
  return later(deps, follow);
}

async function later(deps: FollowDeps, follow: FollowRecord): Promise<RenewOutcome> {
  const at = deps.now();
  await deps.store.put({ ...follow, renewAt: at + RENEW_RETRY_MS, updatedAt: at });
  return 'later';
}

/**
 * Stops the follow: the record is stopped first (from then on its notifications are dropped at the
 * edge), then Graph's subscription is deleted as the follower when their sign-in allows (otherwise
 * it lapses by itself within 3 days, ignored meanwhile). `tell`: the channel gets one notice; a
 * follow already stopped tells nothing again.
 */
export async function stopFollow(
  deps: FollowDeps,
  follow: FollowRecord,
  reason: string,
  options: { tell: boolean; token?: string }
): Promise<void> {
  const current = await deps.store.get(follow.followId);
  if (!current || current.status === 'stopped') return;
  await deps.store.put({ ...current, status: 'stopped', stoppedReason: reason, updatedAt: deps.now() });
  const log = deps.logger.child({ followId: follow.followId, groupId: follow.groupId });
  if (current.subscriptionId) {
    const token =
      options.token ??
      (await deps.offline
        .token({ aadObjectId: current.follower.aadObjectId, tenantId: current.follower.tenantId })
        .catch((err: unknown) => {
          log.info({ err }, 'no token to delete the subscription: it lapses by itself');
          return undefined;
        }));
    if (token)
      await deps.graph.deleteSubscription(token, current.subscriptionId).catch((err: unknown) => {
        log.info({ err }, 'could not delete the subscription: it lapses by itself, ignored meanwhile');
      });
  }
  if (options.tell) {
    const card = buildNoticeCard({
      title: say('follow.stoppedTitle', { group: markdownSafe(current.groupName) }),
      text: say('follow.stopped', {
        group: markdownSafe(current.groupName),
        follower: markdownSafe(current.follower.name)
      })
    });
    await deps.pace
      .run(current.channelId, () => deps.updateCard({ reference: current.reference }, card))
      .catch((err: unknown) => log.warn({ err }, 'could not tell the channel that the follow stopped'));
  }
}
