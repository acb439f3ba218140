// Turns a failed Graph exchange into a GraphRequestError with one of our codes. Decisions use the
// HTTP status only: Graph's `error.message` is prose that changes and may be localised, so it is
// never read here. Graph's own `error.code` is kept as `graphCode` for logs and for callers that
// need the finer distinction (e.g. ErrorAccessDenied).
import { GraphRequestError, type ErrorCode } from '../core/errors';
import { isRecord } from '../core/is-record';

interface GraphErrorBody {
  code?: string;
  innerError?: Record<string, unknown>;
}

export async function graphErrorFromResponse(res: Response, now: () => number): Promise<GraphRequestError> {
  const error = await readGraphError(res);
  const graphCode = typeof error?.code === 'string' && error.code !== '' ? error.code : undefined;
  const innerRequestId = error?.innerError?.['request-id'];
  const requestId =
    (typeof innerRequestId === 'string' && innerRequestId !== '' ? innerRequestId : undefined) ??
    res.headers.get('request-id') ??
    undefined;
  const code = codeForStatus(res.status);
  // Retry-After only means something when Graph says "later": throttling and outages.
  const retryAfterSeconds =
    code === 'throttled' || code === 'graph_unavailable'
      ? parseRetryAfter(res.headers.get('retry-after'), now)
      : undefined;
  return new GraphRequestError(code, { status: res.status, graphCode, requestId, retryAfterSeconds });
}

/** A fetch that rejected (no HTTP answer): timeout, abort or network failure. Always worth retrying later. */
export function graphErrorFromException(err: unknown): GraphRequestError {
  if (err instanceof GraphRequestError) return err;
  // Read `name` by shape: the timeout is a DOMException, which is not `instanceof Error` across
  // realms (e.g. under jest).
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  return new GraphRequestError('graph_unavailable', {
    status: 0,
    cause: err,
    // Fixed wording: the underlying error is kept as `cause`, not copied into the message.
    message: timedOut ? 'Graph did not answer in time' : 'Graph could not be reached'
  });
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'sign_in_required';
  if (status === 403) return 'access_denied';
  // Every 404 this client can meet is about the group (users are looked up with $filter, which
  // answers 200 with fewer rows rather than 404).
  if (status === 404) return 'group_not_found';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'graph_unavailable';
  return 'graph_rejected';
}

/** The `error` object of Graph's error JSON, or undefined when the body is empty, not JSON or another shape. */
async function readGraphError(res: Response): Promise<GraphErrorBody | undefined> {
  let text: string;
  try {
    text = await res.text();
  } catch {
    return undefined; // body stream failed (e.g. timed out mid-body): status and headers still say enough
  }
  if (text.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed) && isRecord(parsed.error)) {
      // Most Graph workloads spell it `innerError`; some older ones answer `innererror`.
      const { code, innerError = parsed.error.innererror } = parsed.error;
      return {
        code: typeof code === 'string' ? code : undefined,
        innerError: isRecord(innerError) ? innerError : undefined
      };
    }
  } catch {
    // Gateways in front of Graph answer 502/504 with HTML; the status alone decides then.
  }
  return undefined;
}

/**
 * Retry-After is either delta-seconds ("7") or an HTTP-date. A date is turned into seconds from
 * `now()` (injected so tests and clock skew are explicit). Anything else is ignored: a wrong wait is
 * worse than none, since the retry policy then applies its own backoff.
 */
function parseRetryAfter(value: string | null, now: () => number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Only HTTP-date shapes (they start with a day name); V8's Date.parse also accepts "7" or "1.5".
  if (!/^[A-Za-z]{3,9},?\s/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now()) / 1000));
}
