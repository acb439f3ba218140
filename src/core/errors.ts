// Typed errors: every failure the person can meet has a code. `describe-error.ts` is the one
// place that picks the words for a code (from `words.ts`); nothing else decides what the person reads.

/** Every error code, once: tests import this list instead of copying it. */
export const ERROR_CODES = [
  'validation_failed',
  'no_groups',
  'sign_in_required',
  'consent_required',
  'access_denied',
  'group_not_found',
  'conversation_not_found',
  'participant_not_found',
  'throttled',
  'graph_unavailable',
  'graph_rejected',
  'auth_unavailable',
  'bot_misconfigured',
  'wrong_user',
  'draft_in_progress',
  'post_status_unknown',
  /** The bot looked again after an unknown outcome: the post is certainly not in the group. */
  'post_not_found',
  'rate_limited',
  /** The person's reads (list, More, opening a form…) are over READS_PER_MINUTE. */
  'reads_limited',
  /** Too many calls already wait for the group's mailbox (GRAPH_MAILBOX_QUEUE). */
  'mailbox_busy',
  /** The bot's shared state (Azure Blob Storage, or its SQLite file) cannot be read or written. */
  'storage_unavailable',
  /** Graph no longer has the change-notification subscription (expired, or removed by Graph). */
  'subscription_not_found',
  /** A message action's form the server no longer holds was posted with its files on (issue 17). */
  'files_forgotten',
  'internal'
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorOptions {
  cause?: unknown;
  /** Seconds the caller should wait before trying again (throttling). */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export type FieldName =
  | 'draftId'
  | 'groupId'
  | 'conversationId'
  | 'threadId'
  | 'topic'
  | 'body'
  | 'participants'
  | 'otherEmails'
  | 'verb';

/** Card data that does not pass the server's own checks. `fields` says what is wrong with each input. */
export class ValidationError extends AppError {
  readonly fields: Partial<Record<FieldName, string>>;
  constructor(fields: Partial<Record<FieldName, string>>) {
    super('validation_failed', `invalid card data: ${Object.keys(fields).join(', ')}`);
    this.fields = fields;
  }
}

/** Graph answered with an error; `graphCode` is Graph's own `error.code`, `status` its HTTP status. */
export class GraphRequestError extends AppError {
  readonly status: number;
  readonly graphCode?: string;
  readonly requestId?: string;
  constructor(
    code: ErrorCode,
    init: {
      status: number;
      graphCode?: string;
      requestId?: string;
      retryAfterSeconds?: number;
      cause?: unknown;
      message?: string;
    }
  ) {
    super(code, init.message ?? `Graph answered ${init.status}${init.graphCode ? ` ${init.graphCode}` : ''}`, init);
    this.status = init.status;
    this.graphCode = init.graphCode;
    this.requestId = init.requestId;
  }
}

/** No usable token for the person: Teams must send (or the person must give) an SSO token first. */
export class SignInRequiredError extends AppError {
  constructor(message = 'the person must sign in', cause?: unknown) {
    super('sign_in_required', message, { cause });
  }
}

/** Entra ID refused the on-behalf-of exchange until the person (or an admin) consents. */
export class ConsentRequiredError extends AppError {
  constructor(message = 'consent is required', cause?: unknown) {
    super('consent_required', message, { cause });
  }
}

/** Entra ID could not be reached or failed; not the person's fault, worth trying again. */
export class TokenServiceError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('auth_unavailable', message, { cause });
  }
}
