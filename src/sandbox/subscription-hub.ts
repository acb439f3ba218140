// Graph change-notification subscriptions in the sandbox (issue 16): the subscriptions themselves,
// the validation handshake, change notifications when a group mailbox changes, lifecycle events on
// request, and a fault mode that drops or duplicates notifications (for the bot's dedupe tests).
// Kept in memory, not in the SQLite tenant: Graph itself drops subscriptions that nobody renews, and
// a restarted sandbox asking the bot to subscribe again is a case the bot must survive anyway.
// Every URL it calls is loopback (checked at create): the sandbox accepts anyone's token, so a URL
// taken from a request body must never make it call out (SSRF into the LAN, cloud metadata, or a
// test reaching the internet). Failed deliveries are retried and end in `missed`
// (./notification-delivery); the bot's receiver, queue and renewal are other pieces of the issue.
import { randomUUID } from 'node:crypto';
import { isLoopbackServiceUrl } from '../core/loopback-request';
import { createDeliveries, DEFAULT_RETRY_DELAYS_MS, errorName, type DeliveryCounts } from './notification-delivery';
import { GraphError } from './sandbox-http';

/** Group conversations: Outlook's hard limit, slightly under 3 days (what Graph enforces and says). */
export const MAX_EXPIRY_MINUTES = 4230;
export const HANDSHAKE_TIMEOUT_MS = 10_000;
export const LIFECYCLE_EVENTS = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

export interface Subscription {
  id: string;
  groupId: string;
  /** As the caller wrote it: Graph echoes the resource it was given. */
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
  clientState: string | null;
  creatorId: string;
}

export interface NotificationFault {
  mode: 'drop' | 'duplicate';
  /** Notifications (one per subscription and change) still to drop or duplicate. */
  remaining: number;
}

export type HubLogger = (msg: string, fields?: object) => void;

export interface HubOptions {
  tenantId: string;
  now(): number;
  log: HubLogger;
  handshakeTimeoutMs?: number;
  /** Waits before each retry of a failed delivery (Graph backs off exponentially); default 1 s, 4 s, 16 s. */
  deliveryRetryDelaysMs?: readonly number[];
}

/** Where a notification URL may point in the sandbox: loopback, no credentials (see the file top). */
export function checkNotificationUrl(field: string, url: string): void {
  if (!isLoopbackServiceUrl(url)) {
    throw new GraphError(
      400,
      'InvalidRequest',
      `${field}: the sandbox sends notifications to loopback http(s) URLs only (127.0.0.1, localhost, [::1]).`
    );
  }
}

/** The latest expiry Graph accepts now; later (or not in the future) is 400, as Graph answers. */
export function checkExpiry(expirationDateTime: string, nowMs: number): string {
  const at = Date.parse(expirationDateTime);
  if (Number.isNaN(at)) throw new GraphError(400, 'BadRequest', 'expirationDateTime: not a valid date and time.');
  if (at <= nowMs) {
    throw new GraphError(400, 'ExtensionError', 'Subscription expiration must be in the future.');
  }
  if (at > nowMs + MAX_EXPIRY_MINUTES * 60_000) {
    throw new GraphError(
      400,
      'ExtensionError',
      `Subscription expiration can only be ${MAX_EXPIRY_MINUTES} minutes in the future.`
    );
  }
  return new Date(at).toISOString().replace('Z', '0000Z'); // Graph's 7-digit fraction
}

async function post(url: string, body: string, contentType: string, timeoutMs: number): Promise<Response> {
  // redirect 'manual': a loopback receiver must not bounce the sandbox to somewhere else
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs)
  });
}

export function createSubscriptionHub(options: HubOptions) {
  const subscriptions = new Map<string, Subscription>();
  let fault: NotificationFault | undefined;
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS;
  const isLive = (s: Subscription) => Date.parse(s.expirationDateTime) > options.now();
  const deliveries = createDeliveries({
    async post(url, body) {
      const res = await post(url, body, 'application/json; charset=utf-8', handshakeTimeoutMs);
      await res.body?.cancel();
      return res.status;
    },
    retryDelaysMs: options.deliveryRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    log: options.log
  });

  /**
   * POST url?validationToken=…: 200, text/plain, the token echoed exactly, within the timeout; or 400
   * with the code and message Graph answers for each failure (as reported from the real service).
   */
  async function handshake(url: string): Promise<void> {
    // The shape of Graph's own tokens: spaces and a colon, so a receiver must decode the query
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = new URL(url);
    target.searchParams.set('validationToken', token);
    const failed = 'Subscription validation request failed.';
    let error: GraphError;
    try {
      const res = await post(target.toString(), '', 'text/plain; charset=utf-8', handshakeTimeoutMs);
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      if (res.status !== 200) {
        error = new GraphError(
          400,
          'ValidationError',
          `${failed} Notification endpoint must respond with 200 OK to validation request.`
        );
      } else if (text !== token || !/^text\/plain\b/i.test(type)) {
        error = new GraphError(
          400,
          'ValidationError',
          `${failed} Response must exactly match validationToken query parameter.`
        );
      } else return;
    } catch (err) {
      error =
        errorName(err) === 'TimeoutError'
          ? new GraphError(400, 'InvalidRequest', 'Subscription validation request timed out.')
          : new GraphError(
              400,
              'ValidationError',
              `${failed} Notification endpoint must respond with 200 OK to validation request.`
            );
    }
    options.log('graph sandbox subscription handshake failed', { reason: error.message });
    throw error;
  }

  /**
   * One change notification collection, fire and forget: retried as Graph does, and when every try
   * failed, one `missed` to the lifecycle URL (if any) so the receiver knows to resync.
   */
  function deliver(s: Subscription, payload: unknown): void {
    const stillWanted = () => subscriptions.get(s.id) === s && isLive(s);
    void deliveries.deliver(s.id, s.notificationUrl, payload, stillWanted).then(async (ok) => {
      if (ok || s.lifecycleNotificationUrl === null || !stillWanted()) return;
      try {
        await sendLifecycle(s, 'missed');
      } catch (err) {
        options.log('graph sandbox missed notification failed', { subscriptionId: s.id, err: errorName(err) });
      }
    });
  }

  /** A lifecycle notification to the subscription's lifecycle URL; resolves with the receiver's status. */
  async function sendLifecycle(s: Subscription, event: LifecycleEvent): Promise<number> {
    const payload = {
      value: [
        {
          subscriptionId: s.id,
          subscriptionExpirationDateTime: s.expirationDateTime,
          tenantId: options.tenantId,
          clientState: s.clientState,
          lifecycleEvent: event,
          resource: s.resource,
          resourceData: null
        }
      ]
    };
    const res = await post(
      s.lifecycleNotificationUrl as string,
      JSON.stringify(payload),
      'application/json; charset=utf-8',
      handshakeTimeoutMs
    );
    await res.body?.cancel();
    return res.status;
  }

  function send(s: Subscription, item: Record<string, unknown>): void {
    let copies = 1;
    if (fault && fault.remaining > 0) {
      copies = fault.mode === 'drop' ? 0 : 2;
      fault.remaining -= 1;
      if (fault.remaining === 0) fault = undefined;
    }
    for (let i = 0; i < copies; i++) deliver(s, { value: [item] });
  }

  return {
    async create(input: Omit<Subscription, 'id'>): Promise<Subscription> {
      await handshake(input.notificationUrl);
      if (input.lifecycleNotificationUrl !== null) await handshake(input.lifecycleNotificationUrl);
      const s: Subscription = { ...input, id: randomUUID() };
      subscriptions.set(s.id, s);
      return s;
    },
    /** A live subscription; an expired one is gone, as in Graph. */
    get(id: string): Subscription | undefined {
      const s = subscriptions.get(id.toLowerCase());
      return s && isLive(s) ? s : undefined;
    },
    update(id: string, expirationDateTime: string): void {
      const s = subscriptions.get(id.toLowerCase());
      if (s) s.expirationDateTime = expirationDateTime;
    },
    delete(id: string): boolean {
      return subscriptions.delete(id.toLowerCase());
    },
    /** Every subscription, expired ones too (the control API shows them, marked), with its deliveries. */
    list(): Array<Subscription & { expired: boolean; deliveries: DeliveryCounts }> {
      return [...subscriptions.values()].map((s) => ({
        ...s,
        expired: !isLive(s),
        deliveries: deliveries.counts(s.id)
      }));
    },
    /** Deliveries over every subscription since the last reset (deleted ones included). */
    deliveries: (): DeliveryCounts => deliveries.total(),
    setFault(next: NotificationFault | undefined): void {
      fault = next && next.remaining > 0 ? { ...next } : undefined;
    },
    getFault: (): NotificationFault | undefined => (fault ? { ...fault } : undefined),
    /** Back to none: POST /_sandbox/reset. */
    clear(): void {
      subscriptions.clear();
      deliveries.clear();
      fault = undefined;
    },
    /** The sandbox is closing: no retry fires after this. */
    stop(): void {
      subscriptions.clear();
      deliveries.stop();
    },
    /**
     * A conversation was created (`created`) or a post added to it (`updated`) in a group's mailbox:
     * one notification per live subscription on that group whose changeType includes the change.
     * Never awaited: the write that caused it is answered without waiting for any receiver.
     */
    conversationChanged(groupId: string, conversationId: string, change: 'created' | 'updated'): void {
      const gid = groupId.toLowerCase();
      const resource = `groups('${groupId}')/conversations('${conversationId}')`;
      for (const s of subscriptions.values()) {
        if (s.groupId.toLowerCase() !== gid || !isLive(s)) continue;
        if (!s.changeType.split(',').includes(change)) continue;
        send(s, {
          subscriptionId: s.id,
          subscriptionExpirationDateTime: s.expirationDateTime,
          changeType: change,
          resource,
          resourceData: {
            id: conversationId,
            '@odata.type': '#Microsoft.Graph.Conversation',
            '@odata.id': resource,
            // Outlook resources carry the version that changed (resources/resourcedata.md): a new one
            // each change, so a receiver can tell a second reply from a repeat of the first.
            '@odata.etag': `W/"${randomUUID()}"`
          },
          clientState: s.clientState,
          tenantId: options.tenantId
        });
      }
    },
    /**
     * A lifecycle notification to the subscription's lifecycle URL, awaited so that the control call
     * reports what the receiver answered. `subscriptionRemoved` also removes it, as Graph has.
     */
    async lifecycle(s: Subscription, event: LifecycleEvent): Promise<number> {
      if (s.lifecycleNotificationUrl === null) {
        throw new GraphError(409, 'Conflict', 'The subscription has no lifecycleNotificationUrl.');
      }
      if (event === 'subscriptionRemoved') subscriptions.delete(s.id);
      return sendLifecycle(s, event);
    }
  };
}

export type SubscriptionHub = ReturnType<typeof createSubscriptionHub>;
