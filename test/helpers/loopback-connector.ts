// A Bot Connector stand-in on 127.0.0.1 (node:http), for a bot running as another process: nock
// sees only this process's requests, so a child bot's card updates need a real server. Local mode
// accepts a loopback serviceUrl only (src/core/loopback-request.ts isLoopbackServiceUrl), which
// this is. It records every activity the bot sends or replaces and answers as the connector does.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

type Node = Record<string, any>;

export interface ConnectorCall {
  method: string;
  conversationId: string;
  /** The activity replaced (PUT …/activities/{id}); absent for a new message (POST). */
  activityId?: string;
  /** A new message posted as a reply (POST …/activities/{id}): the id it names. */
  replyToId?: string;
  /** The first attachment's content: the card. */
  card: Node | undefined;
  at: number;
}

export interface LoopbackConnector {
  /** The serviceUrl to put in the activities: http://127.0.0.1:<port>/_connector */
  serviceUrl: string;
  calls: ConnectorCall[];
  close(): Promise<void>;
}

const ACTIVITY = /^\/_connector\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

export async function startLoopbackConnector(): Promise<LoopbackConnector> {
  const calls: ConnectorCall[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then(
      (text) => {
        const match = ACTIVITY.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
        if (!match || (req.method !== 'PUT' && req.method !== 'POST')) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end('{"error":{"code":"NotFound"}}');
          return;
        }
        let body: Node = {};
        try {
          body = JSON.parse(text) as Node;
        } catch (err) {
          // Recorded without its card: the test's assertions on the cards then say what was sent.
          body = { unparsed: String(err) };
        }
        // POST …/activities/{id} is a reply to that activity (botbuilder sends a proactive message that
        // way, naming its continuation's id), a new message all the same; PUT replaces the activity.
        const named = match[2] ? decodeURIComponent(match[2]) : undefined;
        calls.push({
          method: req.method,
          conversationId: decodeURIComponent(match[1] as string),
          ...(named && req.method === 'PUT' ? { activityId: named } : {}),
          ...(named && req.method === 'POST' ? { replyToId: named } : {}),
          card: body.attachments?.[0]?.content,
          at: Date.now()
        });
        // A replaced activity keeps its id; a new message gets one.
        const id = req.method === 'PUT' && named ? named : `sent-${calls.length}`;
        // writeHead and end apart: a patched ServerResponse (another suite's interceptor in the same
        // jest worker) need not return itself from writeHead.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id }));
      },
      (err: unknown) => {
        res.writeHead(400);
        res.end(String(err));
      }
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/_connector`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
