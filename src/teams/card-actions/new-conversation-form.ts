// The new-conversation form: the one way to open it (from `new`, from `new` in a channel without
// a token, from the message action) and the form again after a failed Post, every input kept.
import {
  buildFormCard,
  type AdaptiveCard,
  type FormFiles,
  type FormValues,
  type GroupChoice,
  type PersonChoice
} from '../../cards';
import { MAX_STATIC_GROUPS } from '../../cards/group-picker';
import { orderGroups } from '../../core/group-choices';
import type { GroupSummary } from '../../graph/graph-client';
import { describeError, type ErrorContext } from '../../core/describe-error';
import { AppError, type FieldName } from '../../core/errors';
import { fileToggleId, type MessageFiles } from '../../core/message-files';
import { isGuid, LIMITS } from '../../core/validate-draft';
import type { FormContext } from '../../storage/form-context-store';
import type { Turn } from '../app/turn';
import { retryCardKeeping } from './kept-body';
import { hiddenAtOpen, warnedAtOpen } from './hidden-group';
import { say } from '../../core/words';

export interface FormOpening {
  /** The static choices (groupChoices: at most MAX_STATIC_GROUPS, most useful first). */
  groups: GroupChoice[];
  /** The person has more groups than `groups`: the picker searches them all (typeahead). */
  searchGroups?: boolean;
  /** Pre-selected when it is one of `groups` (the team's group in a channel). */
  defaultGroupId?: string;
  /** From a message (the message action): its text, sanitized HTML and the people offered. */
  prefill?: { topic: string; body: string; html?: string; people: PersonChoice[]; files?: MessageFiles };
  /** The message action's dialog: Action.Submit, no Cancel. */
  mode?: 'chat' | 'dialog';
  /**
   * The person's Graph token: with it, a preselected group is checked for being hidden from Outlook
   * and the form warns at once (issue 17). No group preselected, no token: no read.
   */
  token?: string;
}

/**
 * Saves what the form was opened with (for its retry form) under a fresh draftId and builds it.
 * A store that fails rejects: the form is not shown without what its Post will need.
 */
export async function openForm(turn: Turn, opening: FormOpening): Promise<AdaptiveCard> {
  const { deps } = turn;
  const draftId = deps.newDraftId();
  const prefill = opening.prefill;
  const people = prefill?.people ?? [];
  const saved: FormContext = { openedBy: turn.person.aadObjectId, groups: opening.groups };
  if (opening.searchGroups) saved.searchGroups = true;
  if (people.length > 0) saved.people = people;
  if (prefill?.html) saved.messageBody = { text: prefill.body, html: prefill.html };
  if (prefill?.files && saysAnything(prefill.files)) saved.files = prefill.files;
  const wanted = opening.defaultGroupId;
  const picked = wanted ? opening.groups.find((g) => g.id.toLowerCase() === wanted) : undefined;
  const groupId = picked?.id ?? '';
  const hidden = picked && opening.token ? await hiddenAtOpen(turn, opening.token, picked) : false;
  if (picked && hidden) saved.hiddenWarned = picked.id.toLowerCase();
  await deps.forms.save(draftId, saved);
  return buildFormCard({
    draftId,
    groups: opening.groups,
    searchGroups: opening.searchGroups,
    values: {
      groupId,
      topic: prefill?.topic ?? '',
      body: prefill?.body ?? '',
      participants: people.map((p) => p.id).join(','),
      otherEmails: ''
    },
    knownPeople: people.length > 0 ? people : undefined,
    mode: opening.mode,
    broadcast: offersBroadcast(turn, opening.mode ?? 'chat'),
    // Every file comes along until the person turns it off.
    files: formFiles(saved.files, () => true),
    hiddenGroup: picked && hidden ? { id: picked.id, name: picked.displayName, atOpen: true } : undefined
  });
}

function saysAnything(files: MessageFiles): boolean {
  return files.files.length > 0 || files.notFiles > 0 || files.overLimit > 0 || files.pictures > 0;
}

/** The form's file toggles from what the server saved; `kept(i)` is each toggle's value. */
function formFiles(files: MessageFiles | undefined, kept: (index: number) => boolean): FormFiles | undefined {
  if (!files) return undefined;
  return {
    names: files.files.map((f) => f.name),
    kept: files.files.map((_, i) => kept(i)),
    notFiles: files.notFiles,
    overLimit: files.overLimit,
    pictures: files.pictures
  };
}

/** The 1:1 chat's form takes several groups (issue 15); channels, group chats and the dialog one. */
function offersBroadcast(turn: Turn, mode: 'chat' | 'dialog'): boolean {
  return turn.scope === 'personal' && mode === 'chat';
}

export interface GroupPicker {
  /** At most MAX_STATIC_GROUPS: the team's group, the recently used ones, then by name. */
  groups: GroupChoice[];
  /** There are more than that: the picker offers the typeahead over all of them. */
  searchGroups: boolean;
}

/**
 * The person's Microsoft 365 groups as picker choices; none at all is an error the person reads.
 * A person in hundreds of groups gets the few dozen most likely ones listed (a card listing them
 * all is over Teams' size limit) and finds the others by typing.
 */
export async function groupChoices(turn: Turn, token: string): Promise<GroupPicker> {
  const { deps, person } = turn;
  const groups = await deps.groups.listForUser(token, person.aadObjectId);
  if (groups.length === 0) throw new AppError('no_groups', 'the person has no Microsoft 365 group');
  return pickerOf(turn, groups);
}

/** Any list of the person's groups as a picker: the team's group, then the recent ones, then as given. */
export async function pickerOf(turn: Turn, groups: readonly GroupSummary[]): Promise<GroupPicker> {
  const recentIds = await recentGroupIds(turn);
  const ordered = orderGroups(groups, { teamGroupId: turn.team.groupId, recentIds });
  return {
    groups: ordered.slice(0, MAX_STATIC_GROUPS).map((g) => ({ id: g.id, displayName: g.displayName })),
    searchGroups: groups.length > MAX_STATIC_GROUPS
  };
}

/** Only an ordering hint: a store that fails leaves the picker in name order, it does not stop the form. */
async function recentGroupIds(turn: Turn): Promise<string[]> {
  try {
    return await turn.deps.recentGroups.recent(turn.person.aadObjectId, turn.deps.now());
  } catch (err) {
    turn.log.warn({ err }, 'could not read the recently used groups');
    return [];
  }
}

/** Remembers a group the person just posted or replied to, for the picker's order; never fails the post. */
export async function rememberGroupUsed(turn: Turn, groupId: string): Promise<void> {
  try {
    await turn.deps.recentGroups.used(turn.person.aadObjectId, groupId, turn.deps.now());
  } catch (err) {
    turn.log.warn({ err }, 'could not remember the group as recently used');
  }
}

/**
 * The form again after a failed Post: the same groups and people, every input as typed, a banner.
 * `form` is what the form was opened with, read by the Post (none: as a form forgotten by a restart).
 * A message too long to show again is kept on the server for this form and person (kept-body.ts).
 */
export function retryForm(
  turn: Turn,
  during: Extract<ErrorContext, 'post' | 'dialog-post'>,
  err: unknown,
  options: {
    form?: FormContext;
    fieldErrors?: Partial<Record<FieldName, string>>;
    draftId?: string;
    /** "Post to all my groups" means this many: the form asks to confirm (issue 15). */
    confirmAll?: number;
    /** The picked group is hidden from Outlook: the form warns and offers "Post anyway" (issue 17). */
    hiddenGroup?: { id: string; name: string };
  } = {}
): Promise<AdaptiveCard> {
  const { data } = turn;
  const { form } = options;
  const values = formValuesOf(data);
  const draftId = options.draftId ?? draftIdOf(data);
  const groups = retryGroups(turn, form?.groups ?? [], values.groupId);
  const error = err === undefined ? undefined : describeError(err, during);
  // Warned as it opened and still on that group: the retry form keeps saying so.
  const hiddenGroup = options.hiddenGroup ?? warnedAtOpen(form, values.groupId);
  return retryCardKeeping(turn, draftId, values.body, (body, keptBody) =>
    buildFormCard({
      draftId,
      groups,
      searchGroups: form?.searchGroups,
      values: { ...values, body },
      keptBody,
      knownPeople: form?.people,
      error,
      fieldErrors: options.fieldErrors as Partial<Record<keyof FormValues, string>>,
      mode: during === 'dialog-post' ? 'dialog' : 'chat',
      broadcast: offersBroadcast(turn, during === 'dialog-post' ? 'dialog' : 'chat'),
      confirmAll: options.confirmAll,
      hiddenGroup,
      // As the person left each toggle (the names and links are the server's, never the card's).
      files:
        form?.openedBy === turn.person.aadObjectId
          ? formFiles(form.files, (i) => data[fileToggleId(i)] === 'true')
          : undefined
    })
  );
}

/**
 * The form's choices again, plus the group that was picked when it is not one of them (found by the
 * typeahead): named from this person's own directory cache, else "Selected group".
 */
function retryGroups(turn: Turn, groups: GroupChoice[], groupIds: string): GroupChoice[] {
  // The 1:1 chat's picker may hold several (comma-joined): each one not listed is added.
  const missing = groupIds
    .split(',')
    .map((id) => id.trim())
    .filter((id) => isGuid(id) && !groups.some((g) => g.id.toLowerCase() === id.toLowerCase()));
  const added = missing.map((id) => ({
    id,
    displayName: turn.deps.groups.known(turn.person.aadObjectId, id)?.displayName ?? say('form.selectedGroup')
  }));
  return [...added, ...groups];
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
    // Several groups in the 1:1 chat's picker: up to BROADCAST_MAX_GROUPS' ceiling of ids and commas.
    groupId: str(data.groupId, 500 * 37),
    topic: str(data.topic, LIMITS.topic + 100),
    body: str(data.body, LIMITS.body + 100),
    participants: str(data.participants, 40 * (LIMITS.participants + 10)),
    otherEmails: str(data.otherEmails, 4000),
    allGroups: data.allGroups === 'true' ? 'true' : 'false'
  };
}
