// A loopback HTTP server that speaks Microsoft Graph v1.0's wire format for every endpoint the
// bot uses, so the bot's own Graph client runs against it unchanged (local mode, tests,
// benchmarks). Internal: callers use createGraphSandbox from ./index. node:http only: the
// request pipeline below is the whole "framework":
//   stats → mailbox concurrency → latency → fault → auth → route → (afterCommit fault) → answer.
// Concurrency is taken before the latency so that slow requests overlap, as they do in Outlook.
import http from 'node:http';
import type { AddressInfo, ListenOptions } from 'node:net';
import { refuseNonLocalRequest } from '../core/loopback-request';
import { handleControl } from './control-routes';
import { directoryRoutes } from './directory-routes';
import { ALL_MAILBOXES, createFaultRegistry, createMailboxLimiter, defaultFaultCode, type ArmedFault } from './faults';
import type { GraphContext, GraphRoute } from './graph-route';
import { mailboxRoutes } from './mailbox-routes';
import { mailSubscriptionRoutes } from './mail-subscription-routes';
import { GraphError, prefetchBody, requestIdsFor, writeGraphError, writeResult, type RequestIds } from './sandbox-http';
import { initialConfig as startConfig, type SandboxConfig } from './sandbox-config';
import { openSandboxStore, type SandboxStore, type UserRow } from './sandbox-store';
import { createSubscriptionHub } from './subscription-hub';
import { subscriptionRoutes } from './subscription-routes';
import type { Seed } from './seed';

export interface SandboxLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface GraphSandboxOptions {
  /** The tenant a new store starts from and POST /_sandbox/reset returns to; default: the playground's. */
  seed?: Seed;
  /** Directory for `graph-sandbox.sqlite`; undefined keeps the tenant in memory. */
  dataDir?: string;
  now?: () => number;
  /** Added to every /v1.0 request. */
  latencyMs?: number;
  /** Concurrent mailbox requests before 429 ApplicationThrottled (Outlook: 4); see concurrencyScope. */
  mailboxConcurrency?: number;
  /**
   * The initial (and POST /_sandbox/reset) config, over the defaults and the two options above:
   * e.g. `{ order: 'newest', paging: 'skip' }` starts a sandbox in one of Graph's variations.
   */
  config?: Partial<SandboxConfig>;
  logger?: SandboxLogger;
  /** How long a subscription's validation handshake may take (Graph: 10 s); tests shorten it. */
  handshakeTimeoutMs?: number;
  /** Waits before each retry of a failed change-notification delivery (default 1 s, 4 s, 16 s); tests shorten them. */
  deliveryRetryDelaysMs?: readonly number[];
}

export interface GraphSandbox {
  server: http.Server;
  store: SandboxStore;
  /** Listens on 127.0.0.1 (port 0: any free port); resolves with the Graph base URL. */
  listen(port?: number): Promise<{ port: number; origin: string; baseUrl: string }>;
  close(): Promise<void>;
}

const ROUTES: GraphRoute[] = [...directoryRoutes, ...mailboxRoutes, ...subscriptionRoutes, ...mailSubscriptionRoutes];
const TOKEN = /^Bearer\s+sandbox\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const SAFE_HOST = /^([\w.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;
const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
  'client_id="00000003-0000-0000-c000-000000000000"';

const delay = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** The server over a store opened from `options.seed`; ./index supplies the default seed. */
export function createSandboxServer(options: GraphSandboxOptions & { seed: Seed }): GraphSandbox {
  const now = options.now ?? Date.now;
  const logger = options.logger;
  const store = openSandboxStore({ dataDir: options.dataDir, seed: options.seed });
  const faults = createFaultRegistry();
  const subscriptions = createSubscriptionHub({
    tenantId: options.seed.tenantId,
    now,
    log: (msg, fields = {}) => logger?.warn(fields, msg),
    handshakeTimeoutMs: options.handshakeTimeoutMs,
    deliveryRetryDelaysMs: options.deliveryRetryDelaysMs
  });
  const initialConfig = startConfig(options);
  const config: SandboxConfig = { ...initialConfig };
  const limiter = createMailboxLimiter(config.mailboxConcurrency);
  const stats = new Map<string, number>();
  let closed = false;

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname;
    const work =
      path === '/_sandbox' || path.startsWith('/_sandbox/')
        ? handleControl(req, res, path, {
            store,
            faults,
            subscriptions,
            limiter,
            config,
            initialConfig,
            stats,
            now,
            log: (msg, fields = {}) => logger?.info(fields, msg)
          })
        : handleGraph(req, res, path);
    work.catch((err: unknown) => {
      if (closed || res.destroyed) return; // shutting down: the store may already be closed
      logger?.warn({ err: err instanceof Error ? err.message : String(err), path }, 'graph sandbox internal error');
      writeGraphError(
        res,
        new GraphError(500, 'InternalServerError', 'The sandbox failed to process the request.'),
        requestIdsFor(req),
        now()
      );
    });
  });
  keepOnLoopback(server);

  function authenticate(req: http.IncomingMessage): UserRow {
    const header = req.headers.authorization;
    const challenge = { 'WWW-Authenticate': WWW_AUTHENTICATE };
    if (!header || header.trim() === '' || /^Bearer\s*$/i.test(header)) {
      throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', challenge);
    }
    const id = TOKEN.exec(header.trim())?.[1];
    const user = id === undefined ? undefined : store.getUser(id.toLowerCase());
    if (!user) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.', challenge);
    return user;
  }

  function answerFault(req: http.IncomingMessage, res: http.ServerResponse, fault: ArmedFault, ids: RequestIds): void {
    const status = fault.status as number;
    if (status === 0) {
      req.socket.destroy(); // a dropped connection: the client sees a network error, no status
      return;
    }
    const headers: Record<string, string> =
      fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
    if (fault.html) {
      const page = `<html><body><h1>${status}</h1><p>Gateway error (sandbox fault).</p></body></html>`;
      res.writeHead(status, {
        ...headers,
        'Content-Type': 'text/html',
        'Content-Length': String(Buffer.byteLength(page)),
        'request-id': ids.requestId
      });
      res.end(page);
      return;
    }
    const message = fault.message ?? `The sandbox answered ${status} as a configured fault.`;
    writeGraphError(res, new GraphError(status, fault.code ?? defaultFaultCode(status), message, headers), ids, now());
  }

  async function handleGraph(req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> {
    const ids = requestIdsFor(req);
    const method = (req.method ?? 'GET').toUpperCase();
    // Anyone's `sandbox.<id>` token is accepted here, and a web page in the person's browser can
    // reach 127.0.0.1 (with DNS rebinding, read the answers too): local tools only, as /_sandbox.
    if (refuseNonLocalRequest(req.headers, req.socket.localPort)) {
      return writeGraphError(
        res,
        new GraphError(403, 'Forbidden', 'The sandbox answers local tools only (a loopback Host, no Origin header).'),
        ids,
        now()
      );
    }
    if (!(path === '/v1.0' || path.startsWith('/v1.0/'))) {
      return writeGraphError(
        res,
        new GraphError(400, 'BadRequest', `Invalid version: the sandbox serves /v1.0 only.`),
        ids,
        now()
      );
    }
    const sub = path.slice('/v1.0'.length);
    let route: GraphRoute | undefined;
    let match: RegExpExecArray | null = null;
    let otherMethod = false;
    for (const r of ROUTES) {
      const m = r.pattern.exec(sub);
      if (!m) continue;
      if (r.method === method) {
        route = r;
        match = m;
        break;
      }
      otherMethod = true;
    }
    const statName = route ? route.name : `${method} (unmatched)`;
    stats.set(statName, (stats.get(statName) ?? 0) + 1);

    let fault: ArmedFault | undefined;
    try {
      let params: string[] = [];
      try {
        params = match ? match.slice(1).map((p) => decodeURIComponent(p)) : [];
      } catch {
        throw new GraphError(400, 'BadRequest', 'Malformed percent-encoding in the request path.');
      }
      if (route?.mailbox) {
        // concurrencyScope `app`: one count across every mailbox (there is one app here, the bot).
        const release = limiter.tryAcquire(config.concurrencyScope === 'app' ? ALL_MAILBOXES : (params[0] as string));
        if (!release) {
          throw new GraphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', {
            'Retry-After': '1'
          });
        }
        res.once('close', release);
      }
      // Before any latency: the request is Graph's once sent, whether or not its client waits.
      if (method !== 'GET') prefetchBody(req);
      await delay(config.latencyMs);
      fault = faults.take(method, path);
      if (fault) await delay(fault.latencyMs);
      if (closed) return void res.destroy();
      if (fault?.status !== undefined && !fault.afterCommit) return answerFault(req, res, fault, ids);

      const caller = authenticate(req);
      if (!route || !match) {
        if (otherMethod)
          throw new GraphError(
            405,
            'Request_BadRequest',
            `The HTTP method '${method}' is not allowed for this resource.`
          );
        const segment = sub.split('/').filter(Boolean)[0] ?? '';
        throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
      }
      const host = SAFE_HOST.test(req.headers.host ?? '')
        ? (req.headers.host as string)
        : `127.0.0.1:${(server.address() as AddressInfo).port}`;
      const selfUrl = new URL(req.url ?? '/', `http://${host}`);
      const ctx: GraphContext = {
        store,
        subscriptions,
        caller,
        params,
        query: { params: selfUrl.searchParams, selfUrl },
        headers: req.headers,
        req,
        nowMs: now(),
        config: { ...config },
        serviceRoot: `http://${host}/v1.0`
      };
      const result = await route.handle(ctx);
      // afterCommit: the write happened, the answer is lost
      if (fault?.status !== undefined) return answerFault(req, res, fault, ids);
      writeResult(res, result, ids);
    } catch (err) {
      if (fault?.status !== undefined && fault.afterCommit && !closed) return answerFault(req, res, fault, ids);
      if (err instanceof GraphError) return writeGraphError(res, err, ids, now());
      throw err;
    }
  }

  return {
    server,
    store,
    listen(port = 0) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          const actual = (server.address() as AddressInfo).port;
          const origin = `http://127.0.0.1:${actual}`;
          resolve({ port: actual, origin, baseUrl: `${origin}/v1.0` });
        });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      subscriptions.stop();
      await new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    }
  };
}

/**
 * The sandbox accepts anyone's `sandbox.<id>` token, so it must never be reachable from another
 * machine: whatever the caller passes to `server.listen`, it binds to 127.0.0.1.
 */
function keepOnLoopback(server: http.Server): void {
  const listen = server.listen.bind(server) as (options: ListenOptions, cb?: () => void) => http.Server;
  server.listen = ((...args: unknown[]) => {
    const cb = typeof args[args.length - 1] === 'function' ? (args.pop() as () => void) : undefined;
    const [first, second] = args;
    let port: number | undefined;
    let host: unknown = second;
    if (typeof first === 'object' && first !== null) {
      const o = first as ListenOptions;
      if (o.path !== undefined) throw new Error('the Graph sandbox listens on 127.0.0.1 TCP only');
      port = o.port;
      host = o.host;
    } else if (first !== undefined && first !== null) {
      port = Number(first);
    }
    if (typeof host === 'string' && host !== '127.0.0.1' && host !== 'localhost') {
      throw new Error(`the Graph sandbox binds to 127.0.0.1 only (asked for ${host})`);
    }
    return listen({ port: port ?? 0, host: '127.0.0.1' }, cb);
  }) as typeof server.listen;
}
