// A stand-in for the bot's notification endpoint on 127.0.0.1 (node:http), for the sandbox's own
// tests: it answers Graph's validation handshake as told (echo, refuse, a wrong echo, or never) and
// records each notification, answering it with the status the test chooses.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handshake = 'echo' | 'refuse' | 'wrong' | 'silent';

export interface ReceiverBehaviour {
  received(notification: { path: string; body: any }): void;
  handshake?: () => Handshake;
  /** The status for a notification to `path` (default 202). */
  status?: (path: string) => number;
}

export async function startNotificationReceiver(
  behaviour: ReceiverBehaviour
): Promise<{ server: http.Server; hook: string }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const token = url.searchParams.get('validationToken');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (token !== null) {
        const handshake = behaviour.handshake?.() ?? 'echo';
        if (handshake === 'silent') return; // never answers: the sandbox's timeout
        // writeHead and end apart: a test harness may wrap writeHead without returning `res`
        res.writeHead(handshake === 'refuse' ? 400 : 200, { 'Content-Type': 'text/plain' });
        return void res.end(handshake === 'echo' ? token : 'something else');
      }
      behaviour.received({ path: url.pathname, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(behaviour.status?.(url.pathname) ?? 202);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, hook: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The body of `POST /subscriptions` a test sends to watch a group's conversations at `hook`. */
export function subscriptionRequest(
  hook: string,
  groupId: string,
  expirationDateTime: string,
  clientState: string
): Record<string, unknown> {
  return {
    changeType: 'created,updated',
    notificationUrl: `${hook}/api/notifications`,
    lifecycleNotificationUrl: `${hook}/api/lifecycle`,
    resource: `groups('${groupId}')/conversations`,
    expirationDateTime,
    clientState
  };
}
