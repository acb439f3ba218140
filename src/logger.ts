// pino with redaction: tokens, SSO assertions, secrets, cookies and Authorization headers never
// reach a log line even if a caller passes them by mistake, at any depth (an invoke's
// `value.authentication.token`, a request's `headers.cookie`, msal's `*.refreshToken`). Message
// bodies are never passed at all (and `body` is censored anyway).
//
// Why not pino's `redact`: its paths (fast-redact) name fixed positions with one-level wildcards;
// they cannot say "this key wherever it is", and every missed depth was a leak. So each record
// (and each child logger's bindings) is walked once before it is written, by key name, with a
// bound on depth and on the number of values visited, cycles cut.
import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger };

export const CENSOR = '[redacted]';

/**
 * Keys censored wherever they are, compared lower-cased without `_`/`-`: `client_secret`,
 * `clientSecret` and `Client-Secret` are one key. `code` is the OAuth authorization code (an
 * error's own `code`, kept by serializeError, is not a key of the logged object).
 */
const EXACT_KEYS = new Set(['code', 'body', 'cookie', 'setcookie', 'authorization', 'credentials']);
/** Any key ending so: accessToken, refresh_token, authTokens, clientSecret, appPassword, oboAssertion… */
const SUFFIXES = ['token', 'tokens', 'secret', 'secrets', 'password', 'assertion', 'authorization', 'cookie'];

/** Deeper than this, a value is not written (log objects are shallow; a deep one is a mistake). */
const MAX_DEPTH = 8;
/** At most this many values per record: a huge object passed by mistake cannot stall the process. */
const MAX_VALUES = 2000;

/**
 * Every key of every record is checked, and the same few dozen keys come again and again
 * (activityId, conversationId, err, type…): their answers are kept, up to a bound (a record's
 * keys can come from data), so a log line costs a lookup per key, not a lower-casing and a scan.
 */
const KNOWN_KEYS = new Map<string, boolean>();
const MAX_KNOWN_KEYS = 1000;

export function isSecretKey(key: string): boolean {
  const known = KNOWN_KEYS.get(key);
  if (known !== undefined) return known;
  const k = key.toLowerCase().replace(/[_-]/g, '');
  const secret = EXACT_KEYS.has(k) || SUFFIXES.some((s) => k.endsWith(s));
  if (KNOWN_KEYS.size < MAX_KNOWN_KEYS) KNOWN_KEYS.set(key, secret);
  return secret;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const logger = pino(
    {
      level,
      base: undefined,
      formatters: { log: redactRecord },
      // Errors are already plain objects here (redactRecord serialised them): nothing more to do.
      serializers: { err: (value: unknown) => value }
    },
    destination
  );
  // pino applies `formatters.bindings` to the root only (children reset it), so a child's bindings
  // are censored here; children inherit this method through their prototype, grandchildren too.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, redactRecord(bindings), options);
  } as Logger['child'];
  return logger;
}

/** A copy of the record with every secret-named key censored and every Error serialised. */
export function redactRecord(record: Record<string, unknown>): Record<string, unknown> {
  const budget = { left: MAX_VALUES };
  return walk(record, 0, new WeakSet(), budget) as Record<string, unknown>;
}

function walk(value: unknown, depth: number, ancestors: WeakSet<object>, budget: { left: number }): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return serializeError(value);
  if (ancestors.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return value;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const item of value) {
        if (--budget.left < 0) return [...out, '[truncated]'];
        out.push(walk(item, depth + 1, ancestors, budget));
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (--budget.left < 0) {
        out['…'] = '[truncated]';
        break;
      }
      const item = (value as Record<string, unknown>)[key];
      out[key] = isSecretKey(key) && item !== undefined ? CENSOR : walk(item, depth + 1, ancestors, budget);
    }
    return out;
  } finally {
    // Only the path from the root counts as a cycle: the same object twice side by side is fine.
    ancestors.delete(value);
  }
}

/**
 * Errors keep their class, code, message and stack, and the same for each cause. Only those
 * fields: msal and fetch errors carry request objects that must not be dumped into a log.
 */
function serializeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: Record<string, unknown> = { type: err.name, message: err.message };
  const code = (err as { code?: unknown }).code ?? (err as { errorCode?: unknown }).errorCode;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (err.cause !== undefined) out.cause = depth < MAX_DEPTH ? serializeError(err.cause, depth + 1) : '[too deep]';
  out.stack = err.stack;
  return out;
}
