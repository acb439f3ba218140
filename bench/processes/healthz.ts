// What the baselines (echo-bot.ts, teams-ai-bot.ts) share with the bot for the start scenario: a
// GET /healthz that answers 200 once the server listens (as src/server.ts does), and the port to
// listen on, given as the first argument (the start scenario picks it) or any free one.
import type { Server } from 'restify';

export function addHealthz(server: Server): void {
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });
}

export function listenPort(): number {
  const raw = process.argv[2];
  if (raw === undefined) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bench baseline: bad port "${raw}"`);
  return port;
}
