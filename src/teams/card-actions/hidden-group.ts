// "Posted, but will anyone see it?" (issue 17): groups created from Teams are hidden from Outlook
// clients by default, so members see a post there only if they open the group. A form that opens
// on a known group (`new <name>`, the team's group in a channel, the message action's default)
// says so at once; any other group is asked about at Post ("Post anyway"); the confirmation
// repeats it. Reading the flag is a courtesy, never a gate: when Graph cannot say, the form opens
// and the post goes ahead unwarned. Broadcasts (several groups) are not checked.
import type { GroupChoice } from '../../cards';
import { isGuid } from '../../core/validate-draft';
import type { FormContext } from '../../storage/form-context-store';
import type { Turn } from '../app/turn';

/** The group's name when it is hidden from Outlook; undefined when it is not, or Graph could not say. */
export async function hiddenGroupName(turn: Turn, token: string, groupId: string): Promise<string | undefined> {
  const { deps, log, person } = turn;
  try {
    if (!(await deps.groups.hiddenFromOutlook(token, groupId))) return undefined;
    return (await deps.groups.describe(token, person.aadObjectId, groupId)).displayName;
  } catch (err) {
    log.warn({ err, groupId }, 'could not read whether the group is hidden from Outlook: posting without a warning');
    return undefined;
  }
}

/**
 * The form's preselected group, when it is hidden from Outlook: the form shows the warning as it
 * opens. The same cached read as Post's (a group property, kept minutes per group), so opening form
 * after form costs one Graph call per group; a failed read opens the form without the warning.
 */
export async function hiddenAtOpen(turn: Turn, token: string, group: GroupChoice): Promise<boolean> {
  try {
    return await turn.deps.groups.hiddenFromOutlook(token, group.id);
  } catch (err) {
    turn.log.warn(
      { err, groupId: group.id },
      'could not read whether the group is hidden from Outlook: the form opens without a warning'
    );
    return false;
  }
}

/**
 * Whoever presses Post has been told this very group is hidden from Outlook, so Post posts:
 * - the form showed the warning as it opened: recorded on the server for this draft
 *   (`FormContext.hiddenWarned`), never read from the card. Keeping that group is the
 *   acknowledgement: a second press for a warning already on screen would only annoy. It holds
 *   for the draft, not only for the person who opened it: a channel's form is one card that every
 *   member reads, banner included, and any of them may press its Post. A form the server forgot
 *   (restart, evicted) is asked about once at Post, as any other group is;
 * - or the warned form's "Post anyway" named it (its data's `hiddenAck`).
 * Anything else (absent, not a GUID, another group: the person picked a different one after the
 * warning) is not consent.
 */
export function acknowledgedHidden(turn: Turn, form: FormContext | undefined, groupId: string): boolean {
  const id = groupId.toLowerCase();
  if (form?.hiddenWarned === id) return true;
  const ack = turn.data.hiddenAck;
  return typeof ack === 'string' && isGuid(ack) && ack.toLowerCase() === id;
}

/** The warning the form showed as it opened, shown again on its retry form while that group is kept. */
export function warnedAtOpen(
  form: FormContext | undefined,
  groupId: string
): { id: string; name: string; atOpen: true } | undefined {
  if (!form?.hiddenWarned || groupId.trim().toLowerCase() !== form.hiddenWarned) return undefined;
  const group = form.groups.find((g) => g.id.toLowerCase() === form.hiddenWarned);
  return group ? { id: group.id, name: group.displayName, atOpen: true } : undefined;
}
