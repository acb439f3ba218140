// restify transport: POST /api/messages, GET /healthz, the sign-in pop-up pages and Graph's notifications.
// Every bad request gets a 4xx with a short reason; no stack trace ever leaves the process.
// Those reasons are for whoever sent the request (the Bot Connector, a developer), never shown
// in Teams, so they stay here; what a person reads (the pop-up's pages) comes from core/words.
import type { Server as HttpServer } from 'node:http';
import restify, { type Request, type Response, type Server } from 'restify';
import { AuthenticationError, type ClaimsIdentity } from 'botframework-connector';
import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from './teams/app/teams-ai';
import type { Logger } from './logger';
import type { HttpLimits } from './config-edge';
import { refuseNonLocalRequest, type LoopbackRefusal } from './core/loopback-request';
import { parseActivity } from './http/parse-activity';
import { jsonBodyOnly } from './http/json-body-only';
import { PAGE_HEADERS, registerSignInRoutes, type SignInRoutesDeps } from './http/sign-in-routes';
import { LANDING_PAGE, PRIVACY_PAGE, TERMS_PAGE } from './http/info-pages';
import { registerNotificationRoutes, type NotificationRoutesDeps } from './http/notification-routes';
import {
  LOGGER_KEY,
  refuseOtherTenants,
  refuseUntrustedChannel,
  tenantOf,
  type BotAdapter,
  type ChannelGuardConfig,
  type ChannelRefusal
} from './teams/app';

export const MAX_BODY_BYTES = 256 * 1024;

/**
 * The static pages (landing, privacy, terms): cacheable, and like the sign-in pages they leak no
 * URL through Referer, are never sniffed into another type, run no script and are never framed.
 */
const INFO_PAGE_HEADERS = {
  ...PAGE_HEADERS,
  'Cache-Control': 'public, max-age=3600',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
} as const;

export interface ServerDeps {
  logger: Logger;
  adapter: BotAdapter;
  app: Application<TurnState>;
  /** Teams mode: the sign-in pop-up's routes (src/http/sign-in-routes.ts). */
  signIn?: Omit<SignInRoutesDeps, 'logger'>;
  /**
   * Graph's change and lifecycle notifications (http/notification-routes.ts, issue 16): no JWT,
   * checked by clientState; in local mode only loopback callers reach them, like every route.
   */
  notifications?: Omit<NotificationRoutesDeps, 'logger' | 'maxBodyBytes'>;
  /** ALLOWED_TENANTS: the tenants whose people may use the bot, or 'any'. */
  allowedTenants: readonly string[] | 'any';
  /** Teams mode accepts only what Teams sends, local mode only a loopback serviceUrl (channel-guard.ts). */
  channel: ChannelGuardConfig;
  /** The privacy page with the configured retention (default: the stores' defaults). */
  privacyPage?: string;
  /** The server's timeouts and connection cap (config.http); Node's defaults when absent. */
  http?: HttpLimits;
}

// For a browser page (DNS rebinding, a cross-site form) or anything else that is not a local tool.
const LOCAL_REFUSALS: Record<LoopbackRefusal, string> = {
  host_not_loopback: 'Local mode answers requests to 127.0.0.1, localhost or [::1] on its own port only.',
  origin_present: 'Local mode answers local tools only, never a web page (the request has an Origin header).'
};

// For whoever sent an activity Teams would not send (a Direct Line or Web Chat client, the Emulator).
const CHANNEL_REFUSALS: Record<ChannelRefusal, string> = {
  issuer_not_bot_framework: 'Only tokens issued by the Bot Framework for a channel are accepted.',
  channel_not_teams: 'This bot answers Microsoft Teams (channelId "msteams") only.',
  service_url_not_allowed: 'The serviceUrl is not a Microsoft Teams service host.',
  tenant_mismatch: 'conversation.tenantId and channelData.tenant.id name different tenants.',
  service_url_not_loopback: 'Local mode sends replies to a loopback serviceUrl only (127.0.0.1, localhost, [::1]).'
};

export function createServer(deps: ServerDeps): Server {
  const { logger, adapter, app } = deps;
  const server = restify.createServer({ name: 'group-conversations-bot', handleUncaughtExceptions: false });
  if (deps.http) applyHttpLimits(server, deps.http);
  // Local mode is anonymous: before routing (every path, unknown ones too), only a local tool passes
  // (src/core/loopback-request.ts says why). Teams mode is public and proves itself with a JWT.
  if (deps.channel.mode === 'local') {
    server.pre((req: Request, res: Response, next: restify.Next) => {
      const refusal = refuseNonLocalRequest(req.headers, req.socket.localPort);
      if (!refusal) return next();
      logger.warn({ reason: refusal, host: String(req.headers.host ?? '').slice(0, 100) }, 'refused: not a local tool');
      res.send(403, { error: refusal, message: LOCAL_REFUSALS[refusal] });
      return next(false);
    });
  }
  server.use(restify.plugins.queryParser({ mapParams: false }));

  server.post(
    '/api/messages',
    jsonBodyOnly('activities'),
    restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true }),
    async (req: Request, res: Response) => {
      const parsed = parseActivity(req.body);
      if (!parsed.ok) {
        res.send(400, { error: 'bad_request', message: parsed.reason });
        return;
      }
      const activity = parsed.activity;
      const log = logger.child({
        activityId: activity.id,
        conversationId: activity.conversation?.id,
        type: activity.type,
        name: activity.name
      });
      const authHeader = String(req.headers.authorization ?? '');
      log.debug('activity received');
      let turnStarted = false;
      let refusal: ChannelRefusal | undefined;
      try {
        const invokeResponse = await adapter.processParsedActivity(
          authHeader,
          activity,
          async (context: TurnContext) => {
            turnStarted = true;
            // Before anything can answer, look up a token or call Graph: nothing is sent back.
            const identity = context.turnState.get(adapter.BotIdentityKey) as ClaimsIdentity | undefined;
            refusal = refuseUntrustedChannel(context.activity, identity?.claims, deps.channel);
            if (refusal) return;
            context.turnState.set(LOGGER_KEY, log);
            if (await refuseOtherTenants(context, deps.allowedTenants)) {
              log.info({ tenant: tenantOf(context.activity) }, 'refused: tenant not allowed');
              return;
            }
            await app.run(context);
          }
        );
        if (refusal) {
          log.warn({ reason: refusal, channelId: activity.channelId }, 'refused: not an activity Teams sent');
          res.send(403, { error: refusal, message: CHANNEL_REFUSALS[refusal] });
          return;
        }
        if (activity.type === 'invoke' && invokeResponse?.status === 501 && invokeResponse.body === undefined) {
          // botbuilder's answer to an invoke no route handled (an unknown or missing name): a 4xx.
          log.info('unsupported invoke');
          res.send(400, { error: 'unsupported_invoke', message: 'This bot does not handle this invoke.' });
          return;
        }
        res.send(invokeResponse?.status ?? 200, invokeResponse?.body ?? undefined);
      } catch (err) {
        if (err instanceof AuthenticationError || (!turnStarted && isJwtError(err))) {
          log.warn({ reason: (err as Error).message }, 'rejected activity: Bot Framework authentication failed');
          res.send(401, { error: 'unauthorized', message: 'A valid Bot Framework token is required.' });
          return;
        }
        log.error({ err }, 'activity processing failed');
        res.send(500, { error: 'internal', message: 'The bot could not process this activity.' });
      }
    }
  );

  server.get('/healthz', (_req: Request, res: Response, next: restify.Next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  for (const [route, page] of [
    ['/', LANDING_PAGE],
    ['/privacy', deps.privacyPage ?? PRIVACY_PAGE],
    ['/terms', TERMS_PAGE]
  ] as const) {
    server.get(route, (_req: Request, res: Response, next: restify.Next) => {
      res.writeHead(200, { ...INFO_PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page);
      return next();
    });
  }

  if (deps.signIn) registerSignInRoutes(server, { ...deps.signIn, logger });
  if (deps.notifications) {
    registerNotificationRoutes(server, { ...deps.notifications, logger, maxBodyBytes: MAX_BODY_BYTES });
  }

  server.on(
    'restifyError',
    (_req: Request, _res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
      // restify's own errors (bad JSON, body too large, unknown route) keep their 4xx status,
      // but their body never carries a stack or internal detail.
      (err as { toJSON?: () => unknown }).toJSON = () => ({
        error: err.name.replace(/Error$/, '').toLowerCase() || 'error',
        message: publicMessage(err)
      });
      if ((err.statusCode ?? 500) >= 500) logger.error({ err }, 'server error');
      return callback();
    }
  );
  return server;
}

/**
 * Node's defaults (300 s for a request, 60 s for its headers, no connection cap) let a few hundred
 * slow clients hold the process. Node checks the two timeouts only every connectionsCheckingInterval
 * (30 s by default, read when the server starts listening), so that runs at a third of the headers
 * timeout (at most 5 s): a slow client is closed within about 4/3 of the limit, not 30 s after it.
 * A connection that never sends a byte counts as waiting for headers, so it is closed the same way.
 */
function applyHttpLimits(server: Server, limits: HttpLimits): void {
  // restify serves plain HTTP here (no https or spdy options are ever passed).
  // connectionsCheckingInterval is a createServer option in @types/node, a plain property in Node.
  const http = server.server as HttpServer & { connectionsCheckingInterval: number };
  http.requestTimeout = limits.requestTimeoutMs;
  http.headersTimeout = limits.headersTimeoutMs;
  http.keepAliveTimeout = limits.keepAliveTimeoutMs;
  http.maxConnections = limits.maxConnections;
  http.connectionsCheckingInterval = Math.max(50, Math.min(5000, Math.floor(limits.headersTimeoutMs / 3)));
}

/**
 * botframework-connector rethrows jsonwebtoken's own errors unwrapped (e.g. "invalid signature"
 * for a token signed with a key Bot Framework never published); before the turn starts they can
 * only come from checking the request's token, so they are a 401 like AuthenticationError.
 */
function isJwtError(err: unknown): boolean {
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  return name === 'JsonWebTokenError' || name === 'NotBeforeError' || name === 'TokenExpiredError';
}

function publicMessage(err: Error & { statusCode?: number }): string {
  switch (err.statusCode) {
    case 400:
      return 'The request body is not valid JSON.';
    case 404:
      return 'Not found.';
    case 405:
      return 'Method not allowed.';
    case 413:
      return `The request body is larger than ${MAX_BODY_BYTES} bytes.`;
    case 415:
      return 'Unsupported content type.';
    default:
      return (err.statusCode ?? 500) < 500 ? 'Bad request.' : 'Internal error.';
  }
}
