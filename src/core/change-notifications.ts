// Microsoft Graph change notifications (issue 16), framework-free: what Graph POSTs to the
// notification URLs, whether one item may be trusted, its dedupe key, and when to renew a
// subscription. Graph authenticates nothing on these calls (no JWT): the only proof an item came
// from our subscription is the clientState we gave it, so that is compared in constant time and a
// failing item is dropped without saying why to the caller (the HTTP edge answers 202 regardless).
// Contract: learn.microsoft.com/graph/api/resources/changenotification (v1.0) and
// concepts/change-notifications-lifecycle-events.md.
// What acts on them (subscribe, renew, react to lifecycle events, show cards): src/teams/follow/.
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod/v4';

/** A batch is bounded before any item is looked at (the body is size-limited too). */
export const MAX_NOTIFICATIONS_PER_BATCH = 1000;

// Bounds on every string an anonymous caller sends: Graph's own are far shorter (GUIDs, a
// resource path), and clientState is at most 255 characters by the contract.
const guidLike = z.string().min(1).max(128);
const dateTime = z
  .string()
  .max(64)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a date-time');

const resourceDataSchema = z
  .object({
    id: z.string().max(1024).optional(),
    '@odata.type': z.string().max(256).optional(),
    '@odata.id': z.string().max(2048).optional()
  })
  .passthrough();

const commonFields = {
  id: z.string().max(256).optional(),
  subscriptionId: guidLike,
  clientState: z.string().max(255).optional(),
  subscriptionExpirationDateTime: dateTime,
  tenantId: guidLike,
  // A lifecycle notification carries `resourceData: null` (there is no changed item).
  resourceData: resourceDataSchema.nullable().optional()
};

/** One change notification (basic: ids only, no encryptedContent is asked for). */
export const changeNotificationSchema = z.object({
  ...commonFields,
  changeType: z.enum(['created', 'updated', 'deleted']),
  resource: z.string().min(1).max(2048)
});

/** One lifecycle notification: sent to lifecycleNotificationUrl, `lifecycleEvent` instead of changeType. */
export const lifecycleNotificationSchema = z.object({
  ...commonFields,
  lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']),
  resource: z.string().max(2048).optional()
});

/**
 * The collection Graph POSTs: `value` holds the items. The items are checked one by one (a
 * malformed item is dropped, the others still count), so here they are only unknowns.
 */
export const notificationCollectionSchema = z.object({
  value: z.array(z.unknown()).max(MAX_NOTIFICATIONS_PER_BATCH)
});

export type ChangeNotification = z.infer<typeof changeNotificationSchema>;
export type LifecycleNotification = z.infer<typeof lifecycleNotificationSchema>;
export type GraphNotification = ChangeNotification | LifecycleNotification;

/** What the bot remembers of a subscription it created (the follow feature fills this in). */
export interface KnownSubscription {
  subscriptionId: string;
  /** The secret given to Graph at creation; never logged. */
  clientState: string;
  tenantId: string;
}

export type NotificationRefusal = 'unknown_subscription' | 'client_state_mismatch' | 'tenant_mismatch';

export type NotificationCheck = { ok: true } | { ok: false; reason: NotificationRefusal };

/**
 * Whether `n` may be acted on: its subscription is one we created, its clientState is ours and
 * its tenant is the subscription's. `lookupSubscription` is synchronous so this stays pure; the
 * edge looks the batch's subscriptions up first.
 */
export function checkNotification(
  n: GraphNotification,
  lookupSubscription: (subscriptionId: string) => KnownSubscription | undefined
): NotificationCheck {
  const known = lookupSubscription(n.subscriptionId.toLowerCase());
  if (!known) return { ok: false, reason: 'unknown_subscription' };
  // A missing clientState is a mismatch: every subscription the bot creates has one.
  if (n.clientState === undefined || !sameSecret(n.clientState, known.clientState)) {
    return { ok: false, reason: 'client_state_mismatch' };
  }
  if (n.tenantId.toLowerCase() !== known.tenantId.toLowerCase()) return { ok: false, reason: 'tenant_mismatch' };
  return { ok: true };
}

/**
 * Constant-time string comparison. timingSafeEqual needs equal lengths and throws otherwise, and
 * comparing lengths first would tell a forger the secret's length: both sides are hashed to 32
 * bytes first, so the buffers always match in length and the time says nothing about either.
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Without an etag, notifications of one resource this close together count as one change. */
export const DEDUPE_WINDOW_MS = 60_000;

/**
 * The key a repeat shares with its first delivery (Graph retries a batch it thinks failed, and
 * may send one change twice): subscription + resource + changeType (or lifecycleEvent) + the
 * resource's id + which version of it changed. Outlook resources (a group's conversations are)
 * carry that version as `resourceData['@odata.etag']` (resources/resourcedata.md): a second reply
 * to one conversation is a new key, a repeat of the first is not. Without an etag, the minute it
 * was received stands in for it (`receivedAt`), so a later change of the same resource is never
 * taken for a repeat of an earlier one; within the minute the worker reads the resource as it is
 * now anyway. Hashed: a fixed 64 hex characters, and a JSON array so no field runs into the next.
 * The subscription id is a GUID (any case); the resource path and ids keep their case.
 */
export function dedupeKey(n: GraphNotification, receivedAt = 0): string {
  // A lifecycle event also names the expiry it was sent for: Graph repeats reauthorizationRequired
  // after a renewal, and that one is new, while a retried delivery carries the same expiry.
  const what = 'changeType' in n ? [n.changeType] : [`lifecycle:${n.lifecycleEvent}`, n.subscriptionExpirationDateTime];
  const etag = n.resourceData?.['@odata.etag'];
  const version =
    'changeType' in n
      ? typeof etag === 'string' && etag !== ''
        ? `etag:${etag.slice(0, 512)}`
        : `minute:${Math.floor(receivedAt / DEDUPE_WINDOW_MS)}`
      : '';
  const parts = [n.subscriptionId.toLowerCase(), n.resource ?? '', ...what, n.resourceData?.id ?? '', version];
  return createHash('sha256').update(JSON.stringify(parts), 'utf8').digest('hex');
}

/** At least this long before expiry, whatever the lifetime. */
export const RENEW_MARGIN_MS = 10 * 60_000;
/** The share of the remaining lifetime to let pass before renewing. */
export const RENEW_AT_SHARE = 0.8;

/**
 * When to renew a subscription expiring at `expiresAt` (ms since the epoch), seen at `now`:
 * after 80 % of the remaining lifetime, but never later than 10 minutes before expiry, and
 * never in the past. For a group conversations subscription (at most 4,230 minutes) that is after
 * about 56 hours, with 14 hours left to retry a failing renewal; the 10-minute floor only matters
 * for a lifetime under 50 minutes, where 20 % would leave too little time. Already expired or
 * inside the margin: now (the caller renews at once, or recreates one Graph has dropped).
 */
export function renewAt(expiresAt: number, now: number): number {
  const remaining = expiresAt - now;
  if (remaining <= 0) return now;
  const byShare = now + Math.floor(remaining * RENEW_AT_SHARE);
  return Math.max(now, Math.min(byShare, expiresAt - RENEW_MARGIN_MS));
}
