// `list <name>`: which of the person's groups they mean. An exact name (any case) wins; otherwise a
// unique prefix, then a unique substring. Several at the same level → let the person pick.
import type { GroupSummary } from '../graph/graph-client';
import { foldText } from './search-text';

export type GroupMatch =
  | { kind: 'one'; group: GroupSummary }
  | { kind: 'several'; groups: GroupSummary[] }
  | { kind: 'none' };

export function matchGroup(groups: readonly GroupSummary[], name: string): GroupMatch {
  const wanted = foldText(name);
  if (wanted === '') return { kind: 'none' };
  const tests: Array<(n: string) => boolean> = [
    (n) => n === wanted,
    (n) => n.startsWith(wanted),
    (n) => n.includes(wanted)
  ];
  for (const test of tests) {
    const found = groups.filter((g) => test(foldText(g.displayName)));
    if (found.length === 1) return { kind: 'one', group: found[0] as GroupSummary };
    if (found.length > 1) return { kind: 'several', groups: found };
  }
  return { kind: 'none' };
}

/** The same group name, as `list <name>` compares them (any case, runs of spaces as one). */
export function sameGroupName(a: string, b: string): boolean {
  const folded = foldText(a);
  return folded !== '' && folded === foldText(b);
}
