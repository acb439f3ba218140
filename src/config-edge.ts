// The HTTP edge as settings: the default ports, where local mode must not start, and the server's
// timeouts and connection cap. Parsed here for src/config.ts (still the only reader of the
// environment), which passes its getter and integer parser in.

/** Teams mode (a dev tunnel on this machine forwards to it: README "Teams mode"). */
export const TEAMS_MODE_PORT = 3978;
/**
 * Local mode (anonymous) never shares the dev tunnel's port: a bot started in local mode while
 * the tunnel still runs would otherwise answer anyone on the internet without a token.
 */
export const LOCAL_MODE_PORT = 3979;

/**
 * Variables whose presence says "this is a deployment, not a developer's machine": App Service
 * sets WEBSITE_SITE_NAME, Kubernetes sets KUBERNETES_SERVICE_HOST in every pod, and
 * NODE_ENV=production is the usual way to say it by hand.
 */
const DEPLOYMENT_SIGNS: readonly [name: string, looksDeployed: (value: string) => boolean][] = [
  ['WEBSITE_SITE_NAME', () => true],
  ['KUBERNETES_SERVICE_HOST', () => true],
  ['NODE_ENV', (v) => v.toLowerCase() === 'production']
];

/**
 * Local mode is what an empty environment means, so a deployment whose Teams variables went
 * missing would silently start an anonymous bot. Where the environment looks like a deployment,
 * local mode must be asked for by name (MODE=local).
 */
export function refuseImplicitLocalMode(
  get: (name: string) => string | undefined,
  explicitMode: string | undefined,
  problems: string[]
): void {
  if (explicitMode !== undefined) return;
  const sign = DEPLOYMENT_SIGNS.find(([name, looksDeployed]) => {
    const value = get(name);
    return value !== undefined && looksDeployed(value);
  });
  if (!sign) return;
  const [name] = sign;
  problems.push(
    [
      `No Teams variables are set (BOT_ID, AAD_APP_*), so this would start local mode, which answers anyone`,
      `without a token, but ${name} is set: this looks like a deployment.`,
      'Set the Teams variables (see README "Environment"), or MODE=local if local mode is really meant here.'
    ].join(' ')
  );
}

export interface HttpLimits {
  /** Node's server.requestTimeout: the whole request (headers and body) must arrive by then. */
  requestTimeoutMs: number;
  /** Node's server.headersTimeout: the headers must arrive by then (slow-header clients). */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open after an answer. */
  keepAliveTimeoutMs: number;
  /** server.maxConnections: connections beyond it are closed at once. */
  maxConnections: number;
}

/** A whole-number setting: its value, or `fallback` with a problem named when it is out of range. */
export type IntegerSetting = (name: string, fallback: number, min: number, max: number) => number;

/** HTTP_REQUEST_TIMEOUT_MS, HTTP_HEADERS_TIMEOUT_MS, HTTP_KEEP_ALIVE_TIMEOUT_MS, HTTP_MAX_CONNECTIONS. */
export function parseHttpLimits(int: IntegerSetting, problems: string[]): HttpLimits {
  // Node's own defaults are 300 s for a request and 60 s for headers, with no cap on connections:
  // a few hundred slow clients hold a process for minutes. Bot Framework sends small activities
  // in one go; 30 s and 15 s leave a wide margin for slow networks.
  const requestTimeoutMs = int('HTTP_REQUEST_TIMEOUT_MS', 30_000, 1000, 300_000);
  const headersTimeoutMs = int('HTTP_HEADERS_TIMEOUT_MS', 15_000, 100, 300_000);
  // Node's default (5 s); above a load balancer's idle timeout would be wrong, not below it.
  const keepAliveTimeoutMs = int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5000, 100, 300_000);
  const maxConnections = int('HTTP_MAX_CONNECTIONS', 1000, 1, 100_000);
  // The headers are part of the request: a longer limit for them is a mistake (createServer refuses it).
  if (headersTimeoutMs > requestTimeoutMs)
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs}): ` +
        'the headers are part of the request.'
    );
  return { requestTimeoutMs, headersTimeoutMs, keepAliveTimeoutMs, maxConnections };
}
