// Who may talk to an anonymous loopback server (local mode's bot, the Graph sandbox). Binding to
// 127.0.0.1 keeps other machines out but not this machine's browser: a web page the person has
// open can send requests to 127.0.0.1, and with DNS rebinding (evil.example resolving to
// 127.0.0.1) even read the answers. A browser always names the page's host in `Host` and, on a
// cross-site request (fetch, form POST), sends `Origin`; local tools (the Agents Playground's
// server, curl, the bot's own Graph client) send a loopback Host and no Origin. So: a loopback
// Host naming the port the request arrived on, and no Origin at all. Pure functions, no framework.

/** The host names a loopback server answers to, as `URL.hostname` writes them. */
export const LOOPBACK_HOSTNAMES: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

export type LoopbackRefusal = 'host_not_loopback' | 'origin_present';

/**
 * Why a request to an anonymous loopback server is refused, or undefined when a local tool sent it.
 * `ownPort` is the port the connection arrived on (`req.socket.localPort`): a Host naming another
 * port is a request meant for another server (or a rebinding page that guessed ours).
 */
export function refuseNonLocalRequest(
  headers: { host?: string; origin?: string | string[] },
  ownPort: number | undefined
): LoopbackRefusal | undefined {
  if (headers.origin !== undefined) return 'origin_present';
  if (!isLoopbackHost(headers.host, ownPort)) return 'host_not_loopback';
  return undefined;
}

/** `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT`, the port given and equal to ownPort. */
export function isLoopbackHost(host: string | undefined, ownPort: number | undefined): boolean {
  // Bounded before parsing: a Host header is at most a name and a port.
  if (host === undefined || host.length > 64 || ownPort === undefined) return false;
  const colon = host.lastIndexOf(':');
  if (colon <= 0) return false; // HTTP/1.1 lets a client leave out the default port: ours is never 80
  const name = host.slice(0, colon).toLowerCase();
  const port = host.slice(colon + 1);
  return LOOPBACK_HOSTNAMES.includes(name) && /^\d{1,5}$/.test(port) && Number(port) === ownPort;
}

/**
 * A serviceUrl local mode may send replies to: http(s) on a loopback host (the Agents Playground's
 * mocked connector, http://localhost:56150/_connector), no credentials. Anything else would make
 * the anonymous bot POST wherever an activity says (blind SSRF: cloud metadata, the LAN).
 */
export function isLoopbackServiceUrl(serviceUrl: string | undefined): boolean {
  if (serviceUrl === undefined || !URL.canParse(serviceUrl)) return false;
  const url = new URL(serviceUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password) return false;
  return LOOPBACK_HOSTNAMES.includes(url.hostname.toLowerCase());
}
