// "Posted, but will anyone see it?" (issue 17): groups created from Teams are hidden from Outlook
// clients by default, so members see a post there only if they open the group. Before a post the
// form asks once per form and group ("Post anyway" acknowledges it); the confirmation repeats it.
// Reading the flag is a courtesy, never a gate: when Graph cannot say, the post goes ahead unwarned.
import { isGuid } from '../../core/validate-draft';
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
 * The form's "Post anyway" named this very group (its data's `hiddenAck`). Anything else (absent,
 * not a GUID, another group: the person picked a different one after the warning) is not consent.
 */
export function acknowledgedHidden(data: Record<string, unknown>, groupId: string): boolean {
  const ack = data.hiddenAck;
  return typeof ack === 'string' && isGuid(ack) && ack.toLowerCase() === groupId.toLowerCase();
}
