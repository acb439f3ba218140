import { matchGroup } from '../../../src/core/match-group';
import type { GroupSummary } from '../../../src/graph/graph-client';

const g = (displayName: string, n: number): GroupSummary => ({
  id: `g${n}`,
  displayName,
  mail: null,
  visibility: 'Public'
});
const GROUPS = [
  g('Marketing', 1),
  g('Marketing EMEA', 2),
  g('Product launch', 3),
  g('Product design', 4),
  g('Leadership', 5)
];

describe('matchGroup', () => {
  it('an exact name wins, in any case and spacing, even when it is also a prefix of another', () => {
    expect(matchGroup(GROUPS, 'marketing')).toEqual({ kind: 'one', group: GROUPS[0] });
    expect(matchGroup(GROUPS, '  PRODUCT   launch ')).toEqual({ kind: 'one', group: GROUPS[2] });
  });

  it('then a unique prefix, then a unique substring', () => {
    expect(matchGroup(GROUPS, 'lead')).toEqual({ kind: 'one', group: GROUPS[4] });
    expect(matchGroup(GROUPS, 'emea')).toEqual({ kind: 'one', group: GROUPS[1] });
    expect(matchGroup(GROUPS, 'launch')).toEqual({ kind: 'one', group: GROUPS[2] });
  });

  it('several at the first level that matches → several (for the person to pick)', () => {
    expect(matchGroup(GROUPS, 'product')).toEqual({ kind: 'several', groups: [GROUPS[2], GROUPS[3]] });
    expect(matchGroup(GROUPS, 'mark')).toEqual({ kind: 'several', groups: [GROUPS[0], GROUPS[1]] });
    expect(matchGroup([g('Sales', 1), g('sales', 2)], 'SALES')).toEqual({
      kind: 'several',
      groups: [g('Sales', 1), g('sales', 2)]
    });
  });

  it('nothing, or an empty name → none', () => {
    expect(matchGroup(GROUPS, 'finance')).toEqual({ kind: 'none' });
    expect(matchGroup(GROUPS, '   ')).toEqual({ kind: 'none' });
    expect(matchGroup([], 'marketing')).toEqual({ kind: 'none' });
  });
});
