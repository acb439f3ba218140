// pino with redaction: tokens, SSO assertions, secrets and Authorization headers never reach a
// log line even if a caller passes them by mistake. Message bodies are never passed at all.
import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'req.headers.authorization',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'ssoToken',
  '*.ssoToken',
  'assertion',
  '*.assertion',
  'oboAssertion',
  '*.oboAssertion',
  'clientSecret',
  '*.clientSecret',
  'appPassword',
  '*.appPassword',
  'password',
  '*.password',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'id_token',
  '*.id_token',
  'client_secret',
  '*.client_secret',
  'req.headers.Authorization',
  'code',
  'body',
  '*.body'
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError }
    },
    destination
  );
}

/**
 * Errors keep their class, code, message and stack, and the same for each cause. Only those
 * fields: msal and fetch errors carry request objects that must not be dumped into a log.
 */
function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: Record<string, unknown> = { type: err.name, message: err.message };
  const code = (err as { code?: unknown }).code ?? (err as { errorCode?: unknown }).errorCode;
  if (code !== undefined) out.code = code;
  if (err.cause !== undefined) out.cause = serializeError(err.cause);
  out.stack = err.stack;
  return out;
}
