// The new-conversation form: the one way to open it (from `new`, from `new` in a channel without
// a token, from the message action) and the form again after a failed Post, every input kept.
import { buildFormCard, type AdaptiveCard, type FormValues, type GroupChoice, type PersonChoice } from '../../cards';
import { describeError, type ErrorContext } from '../../core/describe-error';
import { AppError, type FieldName } from '../../core/errors';
import { isGuid, LIMITS } from '../../core/validate-draft';
import type { FormContext } from '../../storage/form-context-store';
import type { Turn } from '../app/turn';
import { retryCardKeeping } from './kept-body';
import { say } from '../../core/words';

export interface FormOpening {
  groups: GroupChoice[];
  /** Pre-selected when it is one of `groups` (the team's group in a channel). */
  defaultGroupId?: string;
  /** From a message (the message action): its text, sanitized HTML and the people offered. */
  prefill?: { topic: string; body: string; html?: string; people: PersonChoice[] };
  /** The message action's dialog: Action.Submit, no Cancel. */
  mode?: 'chat' | 'dialog';
}

/** Saves what the form was opened with (for its retry form) under a fresh draftId and builds it. */
export function openForm(turn: Turn, opening: FormOpening): AdaptiveCard {
  const { deps } = turn;
  const draftId = deps.newDraftId();
  const prefill = opening.prefill;
  const people = prefill?.people ?? [];
  const saved: FormContext = { openedBy: turn.person.aadObjectId, groups: opening.groups };
  if (people.length > 0) saved.people = people;
  if (prefill?.html) saved.messageBody = { text: prefill.body, html: prefill.html };
  deps.forms.save(draftId, saved);
  const wanted = opening.defaultGroupId;
  const groupId = (wanted && opening.groups.find((g) => g.id.toLowerCase() === wanted)?.id) || '';
  return buildFormCard({
    draftId,
    groups: opening.groups,
    values: {
      groupId,
      topic: prefill?.topic ?? '',
      body: prefill?.body ?? '',
      participants: people.map((p) => p.id).join(','),
      otherEmails: ''
    },
    knownPeople: people.length > 0 ? people : undefined,
    mode: opening.mode
  });
}

/** The person's Microsoft 365 groups as form choices; none at all is an error the person reads. */
export async function groupChoices(turn: Turn, token: string): Promise<GroupChoice[]> {
  const groups = await turn.deps.groups.listForUser(token, turn.person.aadObjectId);
  if (groups.length === 0) throw new AppError('no_groups', 'the person has no Microsoft 365 group');
  return groups.map((g) => ({ id: g.id, displayName: g.displayName }));
}

/**
 * The form again after a failed Post: the same groups and people, every input as typed, a banner.
 * A message too long to show again is kept on the server for this form and person (kept-body.ts).
 */
export function retryForm(
  turn: Turn,
  during: Extract<ErrorContext, 'post' | 'dialog-post'>,
  err: unknown,
  options: { fieldErrors?: Partial<Record<FieldName, string>>; draftId?: string } = {}
): AdaptiveCard {
  const { data } = turn;
  const values = formValuesOf(data);
  const sentDraftId = draftIdOf(data);
  const draftId = options.draftId ?? sentDraftId;
  const form = turn.deps.forms.get(sentDraftId);
  const groups =
    form?.groups ?? (isGuid(values.groupId) ? [{ id: values.groupId, displayName: say('form.selectedGroup') }] : []);
  const error = describeError(err, during);
  return retryCardKeeping(turn, draftId, values.body, (body, keptBody) =>
    buildFormCard({
      draftId,
      groups,
      values: { ...values, body },
      keptBody,
      knownPeople: form?.people,
      error,
      fieldErrors: options.fieldErrors as Partial<Record<keyof FormValues, string>>,
      mode: during === 'dialog-post' ? 'dialog' : 'chat'
    })
  );
}

export function draftIdOf(data: Record<string, unknown>): string {
  return typeof data.draftId === 'string' ? data.draftId : '';
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
