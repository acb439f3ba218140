// Takes what the notifications edge queued (http/notification-routes.ts) and acts on it (issue 16):
// a change shows the conversation's threads in the channel; a lifecycle event renews
// (reauthorizationRequired), subscribes again (subscriptionRemoved) or catches up (missed). The
// edge answered Graph long ago; here there is time to read Graph as the follower.
//
// A batch is coalesced first: a burst of 50 notifications (Graph's retries and duplicates among
// them) about one conversation is one look at that conversation. An item is marked done once acted
// on, or when it can never be (its follow stopped, a resource that is not the followed group's);
// one that failed for a reason that passes (Graph or Entra unreachable, the connector throttling
// past its retries) stays leased and is taken again when its lease ends.
import { AppError } from '../../core/errors';
import { conversationOfResource } from '../../core/follow-plan';
import type { FollowRecord } from '../../storage/follow-store';
import type { NotificationQueue, QueuedNotification } from '../../storage/notification-queue';
import type { FollowDeps } from './follow-deps';
import { renewFollow, stopFollow, subscribe } from './subscriptions';
import { showConversation } from './thread-cards';

/** Items taken at once: a burst is coalesced within one take. */
const BATCH = 100;
/** Pages of the group's conversations read to catch up after `missed` (Graph promises no order). */
const CATCH_UP_PAGES = 5;
const SECOND_MS = 1000;

export interface NotificationWorker {
  /** Something was queued: drain soon (one drain at a time; a kick during one runs another after). */
  kick(): void;
  /** Drains the queue now; resolves when it is empty or only leased items are left. */
  drain(): Promise<void>;
}

export function createNotificationWorker(deps: FollowDeps, queue: NotificationQueue): NotificationWorker {
  let running: Promise<void> | undefined;
  let again = false;
  const drainOnce = async (): Promise<void> => {
    for (;;) {
      const items = await queue.take(BATCH);
      if (items.length === 0) return;
      const done = await work(deps, items);
      await queue.done(done);
    }
  };
  const drain = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await drainOnce();
        } while (again);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  return {
    kick() {
      void drain().catch((err: unknown) => deps.logger.warn({ err }, 'the notification worker failed'));
    },
    drain
  };
}

type Work = { follow: FollowRecord; ids: string[] } & (
  | { kind: 'conversation'; conversationId: string }
  | { kind: 'lifecycle'; event: string }
);

/** Acts on a batch; resolves with the ids that are done. */
async function work(deps: FollowDeps, items: QueuedNotification[]): Promise<string[]> {
  const done: string[] = [];
  const jobs = new Map<string, Work>();
  const follows = new Map<string, FollowRecord | undefined>();
  for (const item of items) {
    const subscriptionId = item.subscriptionId.toLowerCase();
    if (!follows.has(subscriptionId)) follows.set(subscriptionId, await deps.store.bySubscription(subscriptionId));
    const follow = follows.get(subscriptionId);
    if (follow?.status !== 'active' || follow.subscriptionId !== subscriptionId) {
      done.push(item.id); // a follow that stopped (or was subscribed again): nothing to do
      continue;
    }
    if (item.kind === 'lifecycle') {
      const key = `${follow.followId}|lifecycle|${item.lifecycleEvent}`;
      const job = jobs.get(key) ?? { follow, ids: [], kind: 'lifecycle', event: item.lifecycleEvent ?? '' };
      job.ids.push(item.id);
      jobs.set(key, job);
      continue;
    }
    const conversation = conversationOfResource(item.resource);
    if (!conversation || conversation.groupId !== follow.groupId) {
      // The clientState matched, yet the resource is not the followed group's: never acted on.
      deps.logger.warn(
        { followId: follow.followId },
        'a notification named a resource its subscription does not watch'
      );
      done.push(item.id);
      continue;
    }
    const key = `${follow.followId}|conversation|${conversation.conversationId}`;
    const job = jobs.get(key) ?? {
      follow,
      ids: [],
      kind: 'conversation',
      conversationId: conversation.conversationId
    };
    job.ids.push(item.id);
    jobs.set(key, job);
  }
  for (const job of jobs.values()) {
    const log = deps.logger.child({ followId: job.follow.followId, groupId: job.follow.groupId });
    try {
      // Read again: an earlier job of this batch may have stopped or renewed it.
      const follow = await deps.store.get(job.follow.followId);
      if (follow?.status === 'active') await perform(deps, follow, job);
      done.push(...job.ids);
    } catch (err) {
      if (passes(err)) {
        log.warn({ err }, 'a notification could not be acted on yet: it is taken again later');
      } else {
        log.warn({ err }, 'a notification could not be acted on');
        done.push(...job.ids);
      }
    }
  }
  return done;
}

async function perform(deps: FollowDeps, follow: FollowRecord, job: Work): Promise<void> {
  if (job.kind === 'lifecycle') {
    if (job.event === 'reauthorizationRequired') await renewFollow(deps, follow);
    else if (job.event === 'subscriptionRemoved') {
      // Graph removed it: subscribe again, then show what arrived meanwhile.
      const token = await followerToken(deps, follow);
      if (!token) return;
      const again = await subscribe(deps, { ...follow, subscriptionId: undefined }, token);
      await catchUp(deps, again, token);
    } else if (job.event === 'missed') {
      const token = await followerToken(deps, follow);
      if (token) await catchUp(deps, follow, token);
    }
    return;
  }
  const token = await followerToken(deps, follow);
  if (!token) return;
  const shown = await showConversation(deps, follow, token, job.conversationId);
  await seen(deps, follow, shown.lastDeliveredAt);
}

/**
 * After `missed` (Graph could not deliver some notifications): every conversation delivered to
 * since the last one shown is looked at again. Cards already right stay as they are (thread-cards.ts),
 * so catching up never duplicates.
 */
async function catchUp(deps: FollowDeps, follow: FollowRecord, token: string): Promise<void> {
  // Graph's times are to the second: a conversation of the same second as the last one seen is
  // looked at again (its cards are right already, so that costs a read, never a duplicate).
  const since = Math.max(follow.lastSeenAt, follow.createdAt) - SECOND_MS;
  let page: string | undefined;
  let newest = 0;
  for (let n = 0; n < CATCH_UP_PAGES; n++) {
    const got = await deps.graph.listConversations(token, follow.groupId, page === undefined ? {} : { page });
    for (const c of got.conversations) {
      const at = Date.parse(c.lastDeliveredDateTime ?? '') || 0;
      if (at <= since) continue;
      const shown = await showConversation(deps, follow, token, c.id);
      newest = Math.max(newest, shown.lastDeliveredAt);
    }
    page = got.nextLink;
    // Newest first, when Graph kept to it: the rest is older than what was shown already.
    const oldest = got.conversations.at(-1)?.lastDeliveredDateTime;
    if (page === undefined || (got.orderedByDelivery && (Date.parse(oldest ?? '') || 0) <= since)) break;
  }
  await seen(deps, follow, newest);
}

async function seen(deps: FollowDeps, follow: FollowRecord, lastDeliveredAt: number): Promise<void> {
  if (lastDeliveredAt <= follow.lastSeenAt) return;
  const current = await deps.store.get(follow.followId);
  if (!current || lastDeliveredAt <= current.lastSeenAt) return;
  await deps.store.put({ ...current, lastSeenAt: lastDeliveredAt, updatedAt: deps.now() });
}

/** The follower's token; none for good stops the follow (with one notice) and answers undefined. */
async function followerToken(deps: FollowDeps, follow: FollowRecord): Promise<string | undefined> {
  const token = await deps.offline.token({
    aadObjectId: follow.follower.aadObjectId,
    tenantId: follow.follower.tenantId
  });
  if (!token) await stopFollow(deps, follow, 'sign_in_required', { tell: true });
  return token;
}

/** Failures that pass by themselves: the item is worked on again when its lease ends. */
function passes(err: unknown): boolean {
  if (err instanceof AppError)
    return ['graph_unavailable', 'throttled', 'auth_unavailable', 'mailbox_busy', 'storage_unavailable'].includes(
      err.code
    );
  // The Bot Connector past its retries (card-updates.ts): throttled or down, so later. Anything
  // else (the bot removed from the team, a bug) would fail again: not retried forever.
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && (status === 429 || status >= 500);
}
