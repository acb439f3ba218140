// The control API's subscription routes (issue 16), for tests and local mode:
//   GET  /_sandbox/subscriptions                      → {subscriptions: [...], notificationFault, deliveries}
//        (each subscription and the total carry deliveries {sent, failed, retried})
//   POST /_sandbox/subscriptions/{id}/lifecycle        {event} → {status} (what the receiver answered)
//   POST /_sandbox/notification-faults                 {mode: drop|duplicate, count} → the fault
//   DELETE /_sandbox/notification-faults               → none armed
// clientState values are shown here: this API is loopback-only and for the tester, who chose them.
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { parseControlBody as parse } from './control-body';
import { GraphError } from './sandbox-http';
import { LIFECYCLE_EVENTS, type SubscriptionHub } from './subscription-hub';

const lifecycleSchema = z.object({ event: z.enum(LIFECYCLE_EVENTS) }).strict();
const faultSchema = z
  .object({ mode: z.enum(['drop', 'duplicate']), count: z.number().int().min(1).max(1000) })
  .strict();
const LIFECYCLE_PATH = /^\/_sandbox\/subscriptions\/([^/]+)\/lifecycle$/;

/** The answer `{status, body}` when `method path` is one of these routes, undefined otherwise. */
export async function handleSubscriptionControl(
  req: IncomingMessage,
  method: string,
  path: string,
  hub: SubscriptionHub
): Promise<{ status: number; body: unknown } | undefined> {
  if (method === 'GET' && path === '/_sandbox/subscriptions') {
    const body = { subscriptions: hub.list(), notificationFault: hub.getFault() ?? null, deliveries: hub.deliveries() };
    return { status: 200, body };
  }
  if (path === '/_sandbox/notification-faults') {
    if (method === 'DELETE') {
      hub.setFault(undefined);
      return { status: 200, body: { notificationFault: null } };
    }
    if (method !== 'POST') return undefined;
    const { mode, count } = await parse(req, faultSchema);
    hub.setFault({ mode, remaining: count });
    return { status: 201, body: { notificationFault: hub.getFault() } };
  }
  const id = method === 'POST' ? LIFECYCLE_PATH.exec(path)?.[1] : undefined;
  if (id === undefined) return undefined;
  const { event } = await parse(req, lifecycleSchema);
  const s = hub.get(decodeURIComponent(id));
  if (!s) throw new GraphError(404, 'NotFound', 'No live subscription with that id.');
  try {
    return { status: 200, body: { status: await hub.lifecycle(s, event) } };
  } catch (err) {
    if (err instanceof GraphError) throw err;
    throw new GraphError(
      502,
      'LifecycleDeliveryFailed',
      `The lifecycle URL did not answer (${String((err as { name?: unknown } | null)?.name ?? 'Error')}).`
    );
  }
}
