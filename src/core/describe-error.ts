// Chooses what the person reads about an error: which notice fits its code and what they were
// doing. Everything else throws typed errors; the words themselves are in words.ts.
import { AppError, ValidationError, type ErrorCode } from './errors';
import { notice, type Notice } from './words';

export interface ErrorDescription extends Notice {
  code: ErrorCode;
}

/**
 * What the person was doing: posting a form (the default), opening one with `new`, listing a
 * group's conversations (`list`, its More button, opening a reply), or sending a reply.
 */
export type ErrorContext = 'post' | 'open-form' | 'list' | 'reply' | MessageActionContext;

/** The "Post to a group" message action's dialog: opening it, or posting from it. */
export type MessageActionContext = 'open-dialog' | 'dialog-post';

type Wait = { retryAfterSeconds?: number };

export function describeError(err: unknown, during: ErrorContext = 'post'): ErrorDescription {
  const code: ErrorCode = err instanceof AppError ? err.code : 'internal';
  const wait: Wait = { retryAfterSeconds: err instanceof AppError ? err.retryAfterSeconds : undefined };
  const specific =
    during === 'open-form'
      ? describeOpeningError(code, wait, 'new')
      : during === 'list'
        ? describeListError(code, wait)
        : during === 'reply'
          ? describeReplyError(code)
          : describeDialogError(code, wait, during);
  if (specific) return specific;
  switch (code) {
    case 'validation_failed': {
      // Count only the inputs the form marks: a damaged draftId has no input of its own (the
      // form comes back with a fresh one), so it must not be counted as a field to fix.
      const fields = err instanceof ValidationError ? Object.keys(err.fields) : ['unknown'];
      const shown = fields.filter((f) => f !== 'draftId' && f !== 'verb').length;
      const refreshed = fields.includes('draftId');
      if (shown === 0) return { code, ...notice('error.validation_failed.retry', { refreshed }) };
      return { code, ...notice('error.validation_failed', { refreshed, fields: shown }) };
    }
    case 'no_groups':
    case 'sign_in_required':
    case 'consent_required':
    case 'access_denied':
    case 'group_not_found':
    case 'conversation_not_found':
    case 'participant_not_found':
    case 'graph_unavailable':
    case 'graph_rejected':
    case 'auth_unavailable':
    case 'bot_misconfigured':
    case 'wrong_user':
    case 'draft_in_progress':
    case 'post_not_found':
    case 'storage_unavailable':
    case 'subscription_not_found':
    case 'files_forgotten':
      return { code, ...notice(`error.${code}`) };
    case 'throttled':
    case 'post_status_unknown':
    case 'rate_limited':
    case 'reads_limited':
    case 'mailbox_busy':
      return { code, ...notice(`error.${code}`, wait) };
    default:
      return { code: 'internal', ...notice('error.internal') };
  }
}

// While opening a form (or a list) there is no typed text yet: the advice is to type the command again.
function describeOpeningError(code: ErrorCode, wait: Wait, command: 'new' | 'list'): ErrorDescription | undefined {
  switch (code) {
    case 'access_denied':
      return { code, ...notice('error.access_denied.open') };
    case 'sign_in_required':
    case 'consent_required':
      return { code, ...notice('error.sign_in_required.open', { command }) };
    case 'throttled':
      return { code, ...notice('error.throttled.open', { command, ...wait }) };
    case 'graph_unavailable':
    case 'auth_unavailable':
      return { code, ...notice('error.graph_unavailable.open', { command }) };
    default:
      return undefined;
  }
}

// Reading conversations: nothing was posted, so nothing can be lost or sent twice.
function describeListError(code: ErrorCode, wait: Wait): ErrorDescription | undefined {
  switch (code) {
    case 'access_denied':
      return { code, ...notice('error.access_denied.list') };
    case 'no_groups':
      return { code, ...notice('error.no_groups.list') };
    default:
      return describeOpeningError(code, wait, 'list');
  }
}

// A reply goes into an existing thread: say "reply", not "conversation", where it matters.
function describeReplyError(code: ErrorCode): ErrorDescription | undefined {
  switch (code) {
    case 'access_denied':
    case 'graph_unavailable':
    case 'graph_rejected':
      return { code, ...notice(`error.${code}.reply`) };
    default:
      return undefined;
  }
}

// In the message action's dialog closing the dialog is how to start over. (Sign-in itself is the
// message extension's `auth` answer, a pop-up; these words only show where none can be offered.)
function describeDialogError(code: ErrorCode, wait: Wait, during: ErrorContext): ErrorDescription | undefined {
  if (during !== 'open-dialog' && during !== 'dialog-post') return undefined;
  if (code === 'sign_in_required' || code === 'consent_required')
    return { code, ...notice('error.sign_in_required.dialog') };
  if (during === 'dialog-post') return undefined;
  switch (code) {
    case 'bot_misconfigured':
      return { code, ...notice('error.bot_misconfigured') };
    case 'no_groups':
      return { code, ...notice('error.no_groups.dialog') };
    case 'access_denied':
      return { code, ...notice('error.access_denied.open') };
    case 'throttled':
      return { code, ...notice('error.throttled.dialog', wait) };
    // Nothing typed yet in an opening dialog: the common words (try again in N s) fit as they are.
    case 'reads_limited':
    case 'mailbox_busy':
      return { code, ...notice(`error.${code}`, wait) };
    case 'graph_unavailable':
    case 'auth_unavailable':
      return { code, ...notice('error.graph_unavailable.dialog') };
    default:
      return { code: 'internal', ...notice('error.internal.dialog') };
  }
}
