// A loopback stand-in for the Bot Connector, for the broadcast scenario: the activity's serviceUrl
// points here, so the bot's progress-card updates (PUT {serviceUrl}/v3/conversations/{id}/activities/{id},
// src/teams/broadcast/card-updates.ts) arrive in this process with the time each arrived. Local
// mode sends to a loopback serviceUrl only, without a token, as it does to the Agents Playground.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { notePort } from '../processes/supervisor';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const UPDATE = /^\/v3\/conversations\/[^/]+\/activities\/([^/]+)$/;

export interface CardUpdate {
  /** performance.now() of this process when the request's body had arrived. */
  at: number;
  card: unknown;
}

export interface ConnectorStub {
  serviceUrl: string;
  updates: CardUpdate[];
  /** Requests that were not a card update (answered 404): none expected. */
  unexpected: string[];
  /** Resolves with the first update (already arrived or to come) whose card passes `done`. */
  waitFor(done: (card: unknown) => boolean, timeoutMs: number): Promise<CardUpdate>;
  close(): Promise<void>;
}

function cardOf(body: string): unknown {
  const activity: unknown = JSON.parse(body);
  const attachments = (activity as { attachments?: { contentType?: unknown; content?: unknown }[] }).attachments;
  return attachments?.find((a) => a.contentType === ADAPTIVE_CARD)?.content;
}

export async function startConnectorStub(): Promise<ConnectorStub> {
  const updates: CardUpdate[] = [];
  const unexpected: string[] = [];
  const waiters: { done: (card: unknown) => boolean; resolve: (u: CardUpdate) => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const match = req.method === 'PUT' ? UPDATE.exec(path) : null;
      if (!match) {
        unexpected.push(`${req.method} ${path}`);
        res.writeHead(404).end();
        return;
      }
      const update = { at: performance.now(), card: cardOf(Buffer.concat(chunks).toString('utf8')) };
      updates.push(update);
      for (const w of waiters.filter((x) => x.done(update.card))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(update);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: match[1] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  notePort(port);
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    updates,
    unexpected,
    waitFor: (done, timeoutMs) => {
      const seen = updates.find((u) => done(u.card));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such card update in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          done,
          resolve: (u) => {
            clearTimeout(timer);
            resolve(u);
          }
        });
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
}
