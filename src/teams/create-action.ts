// A Post from the form, whether it came as Action.Execute (invoke) or its Action.Submit
// fallback (message). Returns what to show: a card, or a request for the person's sign-in.
import { buildConfirmationCard, buildFormCard, type AdaptiveCard, type FormValues } from '../cards';
import { describeError } from '../core/describe-error';
import { ValidationError, type FieldName } from '../core/errors';
import { postConversation } from '../core/post-conversation';
import { isGuid, LIMITS, validateDraft } from '../core/validate-draft';
import { messageHtmlFor } from '../core/message-prefill';
import type { UserRef } from '../auth/token-provider';
import type { Logger } from '../logger';
import type { BotDeps } from './bot-deps';
import { runAsThePerson, type CardActionResult } from './card-action-flow';

export type CreateActionResult = CardActionResult;

export async function handleCreateAction(
  deps: BotDeps,
  log: Logger,
  user: UserRef,
  data: Record<string, unknown>,
  ssoToken: string | undefined
): Promise<CreateActionResult> {
  return createFromForm(deps, log, user, data, ssoToken, 'chat');
}

/**
 * The same Post from the "Post to a group" message action's dialog: Teams attaches no SSO token
 * there, and a failure shows the dialog's form (Action.Submit, no Cancel) with its banner.
 */
export async function handleDialogCreateAction(deps: BotDeps, log: Logger, user: UserRef, data: Record<string, unknown>): Promise<CreateActionResult> {
  return createFromForm(deps, log, user, data, undefined, 'dialog');
}

async function createFromForm(
  deps: BotDeps,
  log: Logger,
  user: UserRef,
  data: Record<string, unknown>,
  ssoToken: string | undefined,
  mode: 'chat' | 'dialog'
): Promise<CreateActionResult> {
  const values = formValuesOf(data);
  const draftId = typeof data.draftId === 'string' ? data.draftId : '';
  const form = deps.forms.get(draftId);
  const retryForm = (err: unknown, fieldErrors?: Partial<Record<FieldName, string>>, formId = draftId): AdaptiveCard => {
    const { title, text } = describeError(err, mode === 'dialog' ? 'dialog-post' : 'post');
    const groups = form?.groups ?? (isGuid(values.groupId) ? [{ id: values.groupId, displayName: 'Selected group' }] : []);
    return buildFormCard({
      draftId: formId,
      groups,
      values,
      knownPeople: form?.people,
      error: { title, text },
      fieldErrors: fieldErrors as Partial<Record<keyof FormValues, string>>,
      mode
    });
  };

  let draft;
  try {
    draft = validateDraft(data);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    log.info({ fields: Object.keys(err.fields) }, 'form failed validation');
    // A damaged draftId cannot be kept: give the person a fresh form id so Try again works.
    const formId = err.fields.draftId ? deps.newDraftId() : draftId;
    return { kind: 'card', card: retryForm(err, err.fields, formId), outcome: 'invalid' };
  }

  // A message action's message keeps its (sanitized, server-held) formatting while the person
  // leaves its text as shown; only the person who opened the form gets it.
  const bodyHtml = form?.openedBy === user.aadObjectId ? messageHtmlFor(form.messageBody, draft.body) : undefined;
  const valid = bodyHtml ? { ...draft, bodyHtml } : draft;
  return runAsThePerson({ deps, log, user, ssoToken }, {
    what: 'post',
    retryCard: (err) => retryForm(err),
    failure: { message: 'post failed', fields: { groupId: valid.groupId } },
    run: async (token) => {
      const result = await postConversation(deps, user.aadObjectId, token, valid);
      log.info({ groupId: valid.groupId, repeated: result.repeated, graphConversationId: result.posted.conversationId }, 'conversation posted');
      return { card: buildConfirmationCard(result.posted), outcome: result.repeated ? 'repeated' : 'posted' };
    }
  });
}

/** Inputs exactly as typed, as strings, so the retry form shows them verbatim. */
export function formValuesOf(data: Record<string, unknown>): FormValues {
  // Anything that is not text (a tampered payload) is shown as empty, never as "[object Object]".
  // Echoed values are capped a little above each field's limit: enough to show what is wrong,
  // while a pasted megabyte cannot make the retry card larger than Teams accepts (~100 KB).
  const str = (v: unknown, max: number): string => {
    const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
    return text.length > max ? text.slice(0, max) : text;
  };
  return {
    groupId: str(data.groupId, 64),
    topic: str(data.topic, LIMITS.topic + 100),
    body: str(data.body, LIMITS.body + 100),
    participants: str(data.participants, 40 * (LIMITS.participants + 10)),
    otherEmails: str(data.otherEmails, 4000)
  };
}
