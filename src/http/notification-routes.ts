// restify routes Microsoft Graph calls (issue 16): POST /api/notifications (change notifications)
// and POST /api/notifications/lifecycle (lifecycle notifications). Graph, not Teams, calls them:
// no Bot Framework JWT, anyone may POST. What keeps a forger out is the subscription's clientState
// (core/change-notifications.ts checkNotification); local mode's loopback-only rule (server.ts)
// applies to these routes like to every other. Graph wants a 2xx quickly or it retries and may
// stop delivering, so every batch that parses is answered 202, forged items included (they are
// only counted in a log line), and nothing here ever answers 5xx.
// The follow commands create the subscriptions (teams/follow/); the worker takes from the queue.
import type { Request, Response, Next, Server } from 'restify';
import restify from 'restify';
import {
  changeNotificationSchema,
  checkNotification,
  dedupeKey,
  lifecycleNotificationSchema,
  notificationCollectionSchema,
  type GraphNotification,
  type KnownSubscription,
  type NotificationRefusal
} from '../core/change-notifications';
import type { NotificationItem, NotificationQueue } from '../storage/notification-queue';
import type { SubscriptionDirectory } from '../storage/subscription-directory';
import { jsonBodyOnly } from './json-body-only';
import type { Logger } from '../logger';

/**
 * Distinct subscriptions looked up per batch. Graph batches one app's notifications, which are
 * for a handful of subscriptions; each lookup is a store read (a Blob GET when shared), so a forged
 * batch of 1,000 random ids must not cost 1,000 reads. Items of the others count as unknown.
 */
export const MAX_SUBSCRIPTIONS_PER_BATCH = 100;

/** Graph's validation tokens are opaque but short; a longer one is not Graph's. */
export const MAX_VALIDATION_TOKEN_LENGTH = 1024;

export interface NotificationRoutesDeps {
  queue: NotificationQueue;
  subscriptions: SubscriptionDirectory;
  logger: Logger;
  now: () => number;
  /** The body limit, shared with /api/messages (server.ts): basic notifications are well under 1 KB each. */
  maxBodyBytes: number;
  /** Something new was queued: the worker is woken (it also looks by itself every few seconds). */
  onQueued?: () => void;
}

/** The answer to the validation handshake: only the token, which a browser must never run as a page. */
const TOKEN_HEADERS = {
  'Content-Type': 'text/plain; charset=utf-8',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'",
  'Cache-Control': 'no-store'
} as const;

type Kind = NotificationItem['kind'];

export function registerNotificationRoutes(server: Server, deps: NotificationRoutesDeps): void {
  for (const [route, kind] of [
    ['/api/notifications', 'change'],
    ['/api/notifications/lifecycle', 'lifecycle']
  ] as const) {
    server.post(
      route,
      (req: Request, res: Response, next: Next) => answerValidation(req, res, next, deps.logger, route),
      jsonBodyOnly('notifications'),
      restify.plugins.bodyParser({ maxBodySize: deps.maxBodyBytes, mapParams: false, rejectUnknown: true }),
      async (req: Request, res: Response) => {
        const parsed = notificationCollectionSchema.safeParse(req.body);
        if (!parsed.success) {
          res.send(400, { error: 'bad_request', message: 'Send a notification collection: {"value": [...]}.' });
          return;
        }
        await acceptBatch(parsed.data.value, kind, deps, route);
        res.send(202);
      }
    );
  }
}

/**
 * Graph checks a notification URL by POSTing to it with `validationToken` in the query and wants
 * the token back, decoded, as text/plain with 200 within 10 seconds; nothing else is done (the
 * body, if any, is not read). queryParser (server.ts) has already decoded it.
 */
function answerValidation(req: Request, res: Response, next: Next, logger: Logger, route: string) {
  const query = (req.query ?? {}) as Record<string, unknown>;
  if (!('validationToken' in query)) return next();
  const token = query.validationToken;
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_VALIDATION_TOKEN_LENGTH) {
    logger.warn({ route }, 'refused: validation token missing, repeated or too long');
    res.send(400, { error: 'bad_request', message: 'validationToken must be one short string.' });
    return next(false);
  }
  // The token itself is Graph's one-time value, not a secret of ours, but it is not logged either.
  logger.info({ route }, 'notification URL validated');
  res.writeHead(200, TOKEN_HEADERS);
  res.end(token);
  return next(false);
}

interface BatchCounts {
  received: number;
  accepted: number;
  enqueued: number;
  malformed: number;
  refused: Partial<Record<NotificationRefusal, number>>;
}

/**
 * Checks each item and enqueues the good ones. Never throws: a directory or queue that fails is
 * logged (Graph is still answered 202; a lost batch is what the lifecycle `missed` event and the
 * follow feature's catch-up are for).
 */
async function acceptBatch(values: unknown[], kind: Kind, deps: NotificationRoutesDeps, route: string) {
  const schema = kind === 'change' ? changeNotificationSchema : lifecycleNotificationSchema;
  const counts: BatchCounts = { received: values.length, accepted: 0, enqueued: 0, malformed: 0, refused: {} };
  try {
    const items: GraphNotification[] = [];
    for (const value of values) {
      const item = schema.safeParse(value);
      if (item.success) items.push(item.data);
      else counts.malformed += 1;
    }
    const known = await lookUpAll(items, deps.subscriptions);
    const receivedAt = deps.now();
    const accepted: NotificationItem[] = [];
    for (const item of items) {
      const check = checkNotification(item, (id) => known.get(id));
      if (check.ok) accepted.push(toQueueItem(item, kind, receivedAt));
      else counts.refused[check.reason] = (counts.refused[check.reason] ?? 0) + 1;
    }
    counts.accepted = accepted.length;
    counts.enqueued = await deps.queue.enqueue(accepted);
    if (counts.enqueued > 0) deps.onQueued?.();
    // Counts only: never a clientState, a token or what changed.
    deps.logger.info({ route, ...counts }, 'notifications received');
  } catch (err) {
    deps.logger.error({ err, route, ...counts }, 'notifications could not be enqueued');
  }
}

/** Each distinct subscription of the batch, once (lower-case ids, as checkNotification asks). */
async function lookUpAll(items: GraphNotification[], directory: SubscriptionDirectory) {
  const ids = [...new Set(items.map((item) => item.subscriptionId.toLowerCase()))].slice(
    0,
    MAX_SUBSCRIPTIONS_PER_BATCH
  );
  const found = await Promise.all(ids.map((id) => directory.get(id)));
  const known = new Map<string, KnownSubscription>();
  ids.forEach((id, i) => {
    const subscription = found[i];
    if (subscription) known.set(id, subscription);
  });
  return known;
}

function toQueueItem(n: GraphNotification, kind: Kind, receivedAt: number): NotificationItem {
  return {
    key: dedupeKey(n, receivedAt),
    kind,
    subscriptionId: n.subscriptionId.toLowerCase(),
    tenantId: n.tenantId.toLowerCase(),
    ...(n.resource === undefined ? {} : { resource: n.resource }),
    ...(n.resourceData?.id === undefined ? {} : { resourceId: n.resourceData.id }),
    ...('changeType' in n ? { changeType: n.changeType } : { lifecycleEvent: n.lifecycleEvent }),
    receivedAt
  };
}
