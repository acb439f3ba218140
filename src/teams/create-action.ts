// A Post from the form, whether it came as Action.Execute (invoke) or its Action.Submit
// fallback (message). Returns what to show: a card, or a request for the person's sign-in.
import { buildConfirmationCard, buildFormCard, type AdaptiveCard, type FormValues } from '../cards';
import { describeError } from '../core/describe-error';
import { AppError, ValidationError, type FieldName } from '../core/errors';
import { postConversation } from '../core/post-conversation';
import { isGuid, validateDraft } from '../core/validate-draft';
import { resolveUserToken } from '../auth/resolve-user-token';
import type { UserRef } from '../auth/token-provider';
import type { Logger } from '../logger';
import type { BotDeps } from './bot-deps';

export type CreateActionResult =
  | { kind: 'card'; card: AdaptiveCard; outcome: 'posted' | 'repeated' | 'invalid' | 'failed' }
  | { kind: 'sign-in'; consent: boolean; retryCard: AdaptiveCard };

export async function handleCreateAction(
  deps: BotDeps,
  log: Logger,
  user: UserRef,
  data: Record<string, unknown>,
  ssoToken: string | undefined
): Promise<CreateActionResult> {
  const values = formValuesOf(data);
  const draftId = typeof data.draftId === 'string' ? data.draftId : '';
  const retryForm = (err: unknown, fieldErrors?: Partial<Record<FieldName, string>>, formId = draftId): AdaptiveCard => {
    const { title, text } = describeError(err);
    const groups = deps.forms.get(draftId)?.groups ?? (isGuid(values.groupId) ? [{ id: values.groupId, displayName: 'Selected group' }] : []);
    return buildFormCard({ draftId: formId, groups, values, error: { title, text }, fieldErrors: fieldErrors as Partial<Record<keyof FormValues, string>> });
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

  let token: string;
  try {
    token = await resolveUserToken(deps.tokens, user, ssoToken);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'sign_in_required' || err.code === 'consent_required')) {
      log.info({ errorCode: err.code }, 'sign-in needed for post');
      return { kind: 'sign-in', consent: err.code === 'consent_required', retryCard: retryForm(err) };
    }
    log.warn({ err }, 'could not get a token for the person');
    return { kind: 'card', card: retryForm(err), outcome: 'failed' };
  }

  try {
    const result = await postConversation(deps, user.aadObjectId, token, draft);
    log.info({ groupId: draft.groupId, repeated: result.repeated, graphConversationId: result.posted.conversationId }, 'conversation posted');
    return { kind: 'card', card: buildConfirmationCard(result.posted), outcome: result.repeated ? 'repeated' : 'posted' };
  } catch (err) {
    log.warn({ err, groupId: draft.groupId }, 'post failed');
    if (err instanceof AppError && err.code === 'sign_in_required') {
      // Graph refused the token (revoked, expired early): forget it and ask Teams for a new one.
      await deps.tokens.signOut(user);
      return { kind: 'sign-in', consent: false, retryCard: retryForm(err) };
    }
    return { kind: 'card', card: retryForm(err), outcome: 'failed' };
  }
}

/** Inputs exactly as typed, as strings, so the retry form shows them verbatim. */
function formValuesOf(data: Record<string, unknown>): FormValues {
  // Anything that is not text (a tampered payload) is shown as empty, never as "[object Object]".
  const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
  return {
    groupId: str(data.groupId),
    topic: str(data.topic),
    body: str(data.body),
    participants: str(data.participants),
    otherEmails: str(data.otherEmails)
  };
}
