// Issue 15's first, framework-free pieces: one announcement posted to several groups. Each group is
// its own exactly-once draft in the ledger, with a draftId derived from the broadcast's and the
// group's, so a second click, Teams re-delivering the invoke, a restart or "Retry the failed ones"
// can never post twice to a group: they all land on the same per-group key.
//
// Not wired into a route yet (the form's multi-select, the progress card and the runner come next).
import { createHash } from 'node:crypto';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where a group selection is refused, for the form's field message. */
export type GroupSelectionProblem = 'missing' | 'not_a_group' | 'too_many';

export type GroupSelection = { ok: true; groupIds: string[] } | { ok: false; problem: GroupSelectionProblem };

/**
 * A multi-select Input.ChoiceSet's value as Teams submits it: the chosen values joined by commas
 * ("id1,id2"), one value for one choice. Group ids are GUIDs, so a comma can never be inside one.
 * Lower-cased (as Graph writes them), duplicates dropped, the person's order kept; at most `max`.
 */
export function parseGroupSelection(value: unknown, max: number): GroupSelection {
  if (typeof value !== 'string') return { ok: false, problem: 'missing' };
  const ids: string[] = [];
  // Bounded before splitting: `max` GUIDs and their commas, with room for spaces around them.
  if (value.length > max * 40 + 40) return { ok: false, problem: 'too_many' };
  for (const part of value.split(',')) {
    const id = part.trim().toLowerCase();
    if (id === '') continue;
    if (!GUID.test(id)) return { ok: false, problem: 'not_a_group' };
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length === 0) return { ok: false, problem: 'missing' };
  if (ids.length > max) return { ok: false, problem: 'too_many' };
  return { ok: true, groupIds: ids };
}

/**
 * The ledger draftId of one group of a broadcast: a version-8 style UUID (RFC 9562, custom
 * layout) from SHA-256 of both ids. The same broadcast and group always give the same id, and
 * no two groups of one broadcast share one; it has the shape every other draftId has, so the
 * ledger, the kept drafts and the validation treat it as any form's.
 */
export function groupDraftId(broadcastId: string, groupId: string): string {
  const hash = createHash('sha256').update(`broadcast|${broadcastId.toLowerCase()}|${groupId.toLowerCase()}`).digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x80; // version 8
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Where one group of a broadcast stands; `checking` is an uncertain post not yet settled. */
export type GroupState = 'waiting' | 'posting' | 'posted' | 'failed' | 'checking';

export interface BroadcastCounts {
  total: number;
  done: number;
  failed: number;
  checking: number;
  /** Not finished yet: waiting or posting. */
  pending: number;
}

/** The numbers the progress card shows ("Posting to 37 groups… 12 done, 1 failed"). */
export function countStates(states: readonly GroupState[]): BroadcastCounts {
  const counts: BroadcastCounts = { total: states.length, done: 0, failed: 0, checking: 0, pending: 0 };
  for (const state of states) {
    if (state === 'posted') counts.done += 1;
    else if (state === 'failed') counts.failed += 1;
    else if (state === 'checking') counts.checking += 1;
    else counts.pending += 1;
  }
  return counts;
}

/** Every group has an outcome that will not change by itself: the summary replaces the progress card. */
export function isSettled(counts: BroadcastCounts): boolean {
  return counts.pending === 0 && counts.checking === 0;
}
