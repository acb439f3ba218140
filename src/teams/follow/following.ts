// The follow feature's background work (issue 16): the notification worker, renewals before
// expiry, and the sweep of what is no longer needed. Started once the bot listens (create-bot.ts
// ready()), stopped with it; every timer is unref'd so it never keeps the process alive.
import type { NotificationQueue } from '../../storage/notification-queue';
import type { FollowDeps } from './follow-deps';
import { createNotificationWorker, type NotificationWorker } from './notification-worker';
import { renewFollow, type RenewOutcome } from './subscriptions';

/** Renewals looked at per pass: a backlog (after a long stop) is worked off a pass a minute. */
const RENEWALS_PER_PASS = 50;
const SWEEP_EVERY_MS = 6 * 60 * 60_000;
/** renewAll's bound: far more follows than one local sandbox's channels have. */
const ALL_FOLLOWS = 1000;

export interface Following {
  worker: NotificationWorker;
  /** Renews every follow due now; resolves with each one's outcome. */
  renewDue(): Promise<RenewOutcome[]>;
  /**
   * Renews every active follow whether due or not (one Graph no longer has is created again): for a
   * Graph that forgot them all, the local mode's sandbox started afresh.
   */
  renewAll(): Promise<RenewOutcome[]>;
  start(): void;
  stop(): void;
}

export function createFollowing(deps: FollowDeps, queue: NotificationQueue): Following {
  const worker = createNotificationWorker(deps, queue);
  const timers: NodeJS.Timeout[] = [];
  let renewing: Promise<RenewOutcome[]> | undefined;
  const renewUntil = (at: () => number, limit: number): Promise<RenewOutcome[]> => {
    renewing ??= (async () => {
      try {
        const due = await deps.store.due(at(), limit);
        const outcomes: RenewOutcome[] = [];
        // One at a time: renewals are rare, and Entra and Graph are not hurried for them.
        for (const follow of due) outcomes.push(await renewFollow(deps, follow));
        return outcomes;
      } finally {
        renewing = undefined;
      }
    })();
    return renewing;
  };
  const renewDue = () => renewUntil(deps.now, RENEWALS_PER_PASS);
  const every = (ms: number, task: () => Promise<unknown>, what: string) => {
    const timer = setInterval(() => {
      void task().catch((err: unknown) => deps.logger.warn({ err }, `${what} failed`));
    }, ms);
    timer.unref();
    timers.push(timer);
  };
  return {
    worker,
    renewDue,
    renewAll: () => renewUntil(() => Number.MAX_SAFE_INTEGER, ALL_FOLLOWS),
    start() {
      if (timers.length > 0) return;
      every(deps.settings.renewCheckEveryMs, renewDue, 'renewing subscriptions');
      every(deps.settings.pollEveryMs, worker.drain, 'the notification worker');
      every(
        SWEEP_EVERY_MS,
        async () => {
          await deps.store.sweep(deps.now() - deps.settings.keepStoppedMs);
          await deps.sweepKeptSignIns?.(deps.now() - deps.settings.offlineKeepMs);
        },
        'the follow sweep'
      );
      // What a stop left: due renewals and queued notifications are looked at once at start.
      void renewDue().catch((err: unknown) => deps.logger.warn({ err }, 'renewing subscriptions failed'));
      worker.kick();
    },
    stop() {
      for (const t of timers.splice(0)) clearInterval(t);
    }
  };
}
