// Which groups the picker lists first, and what the typeahead finds for a typed text.
import { MAX_SEARCH_RESULTS, orderGroups, searchGroups } from '../../../src/core/group-choices';
import type { GroupSummary } from '../../../src/graph/graph-client';

const group = (n: number, displayName: string): GroupSummary => ({
  id: `c0ffee00-0000-4000-8000-${String(n).padStart(12, '0')}`,
  displayName,
  mail: null,
  visibility: 'Private'
});
const A = group(1, 'Accounting');
const E = group(2, 'Engineering');
const M = group(3, 'Marketing');
const S = group(4, 'Sales');
const ALL = [A, E, M, S];
const names = (gs: GroupSummary[]) => gs.map((g) => g.displayName);

describe('orderGroups', () => {
  it("puts the team's group first, then the recent ones newest first, then the rest as given", () => {
    const ordered = orderGroups(ALL, { teamGroupId: M.id.toUpperCase(), recentIds: [S.id, M.id, E.id] });
    expect(names(ordered)).toEqual(['Marketing', 'Sales', 'Engineering', 'Accounting']);
  });

  it('never adds a group the person is not in (a stale recent id, another team)', () => {
    const stranger = group(99, 'Not mine').id;
    expect(names(orderGroups(ALL, { teamGroupId: stranger, recentIds: [stranger, E.id] }))).toEqual([
      'Engineering',
      'Accounting',
      'Marketing',
      'Sales'
    ]);
    expect(orderGroups(ALL, {})).toEqual(ALL);
  });
});

describe('searchGroups', () => {
  const many = Array.from({ length: 1000 }, (_, i) => group(i + 1, `Project ${String(i + 1).padStart(4, '0')}`));

  it('matches by name in any case, names starting with the text first', () => {
    const groups = [group(1, 'Sales EMEA'), group(2, 'Marketing sales'), group(3, 'Engineering'), group(4, 'SALES')];
    expect(names(searchGroups(groups, 'sales'))).toEqual(['Sales EMEA', 'SALES', 'Marketing sales']);
    expect(names(searchGroups(groups, '  marketing   SALES '))).toEqual(['Marketing sales']);
    expect(searchGroups(groups, 'nothing like it')).toEqual([]);
  });

  it('gives at most 15 results, pages with skip/top, and ignores a bad skip or top', () => {
    expect(searchGroups(many, 'project')).toHaveLength(MAX_SEARCH_RESULTS);
    expect(searchGroups(many, 'project', { top: 500 })).toHaveLength(MAX_SEARCH_RESULTS);
    expect(names(searchGroups(many, 'project', { skip: 15, top: 2 }))).toEqual(['Project 0016', 'Project 0017']);
    expect(names(searchGroups(many, 'project 0999'))).toEqual(['Project 0999']);
    expect(searchGroups(many, 'project', { skip: -1, top: 1.5 })).toHaveLength(MAX_SEARCH_RESULTS);
    expect(searchGroups(many, 'project', { skip: 995 })).toHaveLength(5);
  });
});
