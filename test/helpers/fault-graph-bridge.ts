// Teams mode insists on an https GRAPH_BASE_URL (it carries people's tokens), so a Teams-mode bot
// cannot be pointed at the loopback Graph sandbox directly. This bridge lets it anyway, in tests:
// nock answers https://graph.microsoft.com/v1.0/… by forwarding each request (method, path,
// query, Authorization, ConsistencyLevel, body) to the sandbox and handing back its answer, so
// the sandbox's state stays the one truth to check. The bot's Graph token must be a sandbox token
// (`sandbox.<seeded user id>`): the on-behalf-of answer the test serves says so.
import nock from 'nock';

const GRAPH = 'https://graph.microsoft.com';
const FORWARDED_REQUEST_HEADERS = ['authorization', 'consistencylevel', 'content-type', 'accept'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'retry-after', 'location', 'request-id'];

/** Persisting interceptors for GET and POST; `seen` gets "METHOD /path" of each forwarded request. */
export function bridgeGraphToSandbox(sandboxOrigin: string, seen: string[] = []): nock.Scope {
  const forward = async function (
    this: nock.ReplyFnContext,
    method: string,
    uri: string,
    body: nock.Body
  ): Promise<nock.ReplyFnResult> {
    seen.push(`${method} ${uri.split('?')[0]}`);
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = this.req.headers[name];
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    const res = await fetch(`${sandboxOrigin}${uri}`, {
      method,
      headers,
      body:
        method === 'GET' || body === '' || body === undefined
          ? undefined
          : typeof body === 'string'
            ? body
            : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000)
    });
    const text = await res.text();
    const out: Record<string, string> = {};
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = res.headers.get(name);
      if (value !== null) out[name] = value;
    }
    return [res.status, text, out];
  };
  return nock(GRAPH)
    .persist()
    .get(/^\/v1\.0\//)
    .query(true)
    .reply(function (uri, body) {
      return forward.call(this, 'GET', uri, body);
    })
    .post(/^\/v1\.0\//)
    .query(true)
    .reply(function (uri, body) {
      return forward.call(this, 'POST', uri, body);
    });
}
