// restify routes of the sign-in pop-up: GET /auth-start, GET /auth-end and the teams-js they load.
// Anyone on the internet can reach them, so each is rate limited per client address and in
// total before any work (an /auth-end that gets through costs a secret-authenticated request to
// Entra ID), and every page is sent with headers that keep its URL and content to itself.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Request, Response, Next, Server } from 'restify';
import type { SignInFlow } from '../auth/sign-in-flow';
import { renderAuthEndPage, type PageResult } from '../auth/sign-in-pages';
import { createRateLimiter, type RateLimiter } from '../core/rate-limiter';
import { say } from '../core/words';
import type { Logger } from '../logger';

/**
 * Per minute. Per client generous enough for an office behind one NAT address, low enough that
 * one address cannot make Entra ID answer more than a few dozen token requests a minute.
 */
export const SIGN_IN_RATE_LIMITS = {
  start: { perClient: 60, total: 600 },
  end: { perClient: 30, total: 120 }
} as const;

export interface SignInRoutesDeps {
  flow: SignInFlow;
  logger: Logger;
  now: () => number;
  /**
   * The header holding the client's address, trusted only behind the proxy that sets it: App
   * Service's front end writes `client-ip` itself, overwriting any the client sent (Teams mode).
   * Unset (local mode): the socket's address.
   */
  clientAddressHeader?: string;
  limits?: { start: Limit; end: Limit };
}

interface Limit {
  perClient: number;
  total: number;
}

/** Headers on every pop-up response: no URL (with its state or code) leaks in a Referer, no sniffing. */
/** Every page the bot serves (sign-in, landing, privacy, terms) keeps its URL and content to itself. */
export const PAGE_HEADERS = { 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' } as const;

export function registerSignInRoutes(server: Server, deps: SignInRoutesDeps): void {
  const { flow, logger } = deps;
  const limits = deps.limits ?? SIGN_IN_RATE_LIMITS;
  const teamsJs = readFileSync(require.resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js'));
  const startGate = gate(limits.start);
  const endGate = gate(limits.end);
  /** Answers 429 with a fixed page when over a limit; true when the request may go on. */
  const admit = (req: Request, res: Response, limiters: Gate, route: string): boolean => {
    const verdict = limiters.take(clientAddress(req, deps.clientAddressHeader), deps.now());
    if (verdict.allowed) return true;
    logger.warn({ route, scope: verdict.scope }, 'sign-in page rate limited');
    sendPage(res, 429, { ok: false, message: say('signIn.tooMany') }, { 'Retry-After': String(verdict.retryAfter) });
    return false;
  };

  server.get('/static/teams-js.min.js', (_req: Request, res: Response, next: Next) => {
    res.writeHead(200, {
      ...PAGE_HEADERS,
      'Content-Type': 'application/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=86400'
    });
    res.end(teamsJs);
    return next();
  });

  server.get('/auth-start', (req: Request, res: Response, next: Next) => {
    if (!admit(req, res, startGate, '/auth-start')) return next();
    const started = flow.start((req.query ?? {}) as Record<string, unknown>);
    if (!started.ok) {
      logger.info('sign-in start refused: no valid link for a person');
      sendPage(res, 400, { ok: false, message: started.reason });
      return next();
    }
    res.writeHead(302, {
      ...PAGE_HEADERS,
      Location: started.location,
      'Set-Cookie': started.setCookie,
      'Cache-Control': 'no-store'
    });
    res.end();
    return next();
  });

  server.get('/auth-end', async (req: Request, res: Response) => {
    if (!admit(req, res, endGate, '/auth-end')) return;
    let result: PageResult;
    try {
      const outcome = await flow.finish((req.query ?? {}) as Record<string, unknown>, req.headers.cookie);
      result = outcome.ok
        ? { ok: true, message: say('signInPage.goBack'), code: outcome.code }
        : { ok: false, message: outcome.reason };
      logger.info({ ok: outcome.ok }, 'sign-in pop-up finished');
    } catch (err) {
      logger.warn({ err }, 'sign-in pop-up could not redeem the code');
      result = { ok: false, message: say('signInPage.notRedeemed') };
    }
    sendPage(res, result.ok ? 200 : 400, result);
  });
}

function sendPage(res: Response, status: number, result: PageResult, extra: Record<string, string> = {}): void {
  const nonce = randomBytes(16).toString('base64');
  res.writeHead(status, {
    ...PAGE_HEADERS,
    ...extra,
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': [
      "default-src 'none'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'unsafe-inline'",
      'frame-ancestors https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft'
    ].join('; ')
  });
  res.end(renderAuthEndPage(result, nonce));
}

type Verdict = { allowed: true } | { allowed: false; scope: 'client' | 'total'; retryAfter: number };
interface Gate {
  take(client: string, now: number): Verdict;
}

/** Per client first (one noisy address does not use up everyone's allowance), then in total. */
export function gate(limit: Limit, windowMs = 60_000): Gate {
  const perClient: RateLimiter = createRateLimiter({ limit: limit.perClient, windowMs });
  const total: RateLimiter = createRateLimiter({ limit: limit.total, windowMs });
  return {
    take(client, now) {
      const mine = perClient.take(client, now);
      if (!mine.allowed) return { allowed: false, scope: 'client', retryAfter: mine.retryAfterSeconds };
      const all = total.take('all', now);
      if (!all.allowed) return { allowed: false, scope: 'total', retryAfter: all.retryAfterSeconds };
      return { allowed: true };
    }
  };
}

/** The client's address: the trusted proxy header when configured and well formed, else the socket's. */
export function clientAddress(
  req: { headers: Record<string, string | string[] | undefined>; socket?: { remoteAddress?: string } },
  header: string | undefined
): string {
  const raw = header ? req.headers[header.toLowerCase()] : undefined;
  const value = typeof raw === 'string' ? raw.split(',')[0].trim() : '';
  const address = withoutPort(value);
  if (address && isIP(address)) return address;
  return req.socket?.remoteAddress ?? 'unknown';
}

/** "203.0.113.7:51234" → "203.0.113.7"; "[2001:db8::1]:443" → "2001:db8::1"; a bare address as is. */
function withoutPort(value: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  return v4 ? v4[1] : value;
}
