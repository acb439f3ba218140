// Wire-level helpers shared by the sandbox's routes: Graph's error JSON, its response headers,
// and a bounded request-body reader. Kept apart so every route answers errors the same way the
// bot's map-graph-error.ts expects from the real service.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Graph's success content type for OData JSON (what graph.microsoft.com sends). */
export const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
export const MAX_BODY_BYTES = 1024 * 1024;

/** A Graph error answer: thrown by handlers, written by the server loop. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** What a Graph route produces. Handlers return it instead of writing, so a fault can swallow it. */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

/** Graph echoes the caller's client-request-id; without one it reuses its own request id. */
export function requestIdsFor(req: IncomingMessage): RequestIds {
  const requestId = randomUUID();
  const given = req.headers['client-request-id'];
  const clientRequestId = typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : requestId;
  return { requestId, clientRequestId };
}

/** `2020-07-24T18:49:19`: Graph's innerError date has neither milliseconds nor a zone. */
export function innerErrorDate(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, '');
}

/** ISO 8601 UTC without milliseconds, as Outlook resources show timestamps. */
export function graphTimestamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function errorBody(code: string, message: string, ids: RequestIds, nowMs: number): unknown {
  return {
    error: {
      code,
      message,
      innerError: { date: innerErrorDate(nowMs), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId }
    }
  };
}

function idHeaders(ids: RequestIds): Record<string, string> {
  return { 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId };
}

export function writeResult(res: ServerResponse, result: RouteResult, ids: RequestIds): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...idHeaders(ids), 'OData-Version': '4.0', ...result.headers };
  if (result.body === undefined) {
    res.writeHead(result.status, { ...headers, 'Content-Length': '0' });
    res.end();
    return;
  }
  const text = JSON.stringify(result.body);
  res.writeHead(result.status, {
    'Content-Type': ODATA_JSON,
    ...headers,
    'Content-Length': String(Buffer.byteLength(text))
  });
  res.end(text);
}

export function writeGraphError(res: ServerResponse, err: GraphError, ids: RequestIds, nowMs: number): void {
  writeResult(
    res,
    {
      status: err.status,
      body: errorBody(err.code, err.message, ids, nowMs),
      headers: { 'Content-Type': 'application/json', ...err.headers }
    },
    ids
  );
}

/** Plain JSON for the control API (not Graph: no OData headers). */
export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text))
  });
  res.end(text);
}

/**
 * Reads the whole body, up to `limit` bytes. Over the limit the rest is drained (so the client
 * sees the 413 rather than a reset socket) and a 413 GraphError is thrown; a client that keeps
 * sending far past the limit is cut off.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return prefetched.get(req) ?? readWholeBody(req, limit);
}

const prefetched = new WeakMap<IncomingMessage, Promise<Buffer>>();

/**
 * Starts reading the body now, as it arrives: Graph has the whole request before it works on it,
 * so a write held back by latency is still performed if the client gives up meanwhile (a timeout,
 * a killed process), exactly the case a client must reconcile. Read later, Node would have
 * discarded the body with the closed socket and the write silently never happened. readBody
 * then answers from what was read here.
 */
export function prefetchBody(req: IncomingMessage): void {
  if (prefetched.has(req)) return;
  const body = readWholeBody(req, MAX_BODY_BYTES);
  body.catch(() => undefined); // the route reads (and reports) it; a request answered by a fault never does
  prefetched.set(req, body);
}

function readWholeBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new GraphError(413, 'RequestEntityTooLarge', `The request body exceeds the ${limit} byte limit.`, {
      Connection: 'close'
    });
  const declared = Number(req.headers['content-length']);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number.isFinite(declared) && declared > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (over) {
        chunks.length = 0;
        if (size > limit * 16) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => (over ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(over ? tooLarge() : new Error('request aborted'));
    });
  });
}

/**
 * A JSON request body as Graph reads it: JSON content type required (415 otherwise, our choice:
 * Graph's exact answer varies by workload), then JSON.parse (400 BadRequest with Graph's wording).
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  const body = await readBody(req);
  if (!/^application\/json\s*(;|$)/.test(contentType)) {
    throw new GraphError(
      415,
      'UnsupportedMediaType',
      'The request content type is not supported. Use application/json.'
    );
  }
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new GraphError(
      400,
      'BadRequest',
      'Unable to read JSON request payload. ' +
        'Please ensure Content-Type header is set and payload is of valid JSON format.'
    );
  }
}

export function isLoopbackAddress(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
