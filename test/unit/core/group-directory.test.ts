import { createGroupDirectory } from '../../../src/core/group-directory';
import type { GraphClient, GroupSummary } from '../../../src/graph/graph-client';

const MARKETING: GroupSummary = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  displayName: 'Marketing',
  mail: 'm@contoso.test',
  visibility: 'Public'
};

describe("group directory: the list of a person's groups", () => {
  it('is reused for a minute with the same token, then read again; another token always reads', async () => {
    const tokens: string[] = [];
    const graph = {
      listMyGroups: async (t: string) => {
        tokens.push(t);
        return [MARKETING];
      }
    } as unknown as GraphClient;
    const clock = { now: 0 };
    const directory = createGroupDirectory(graph, () => clock.now);
    await directory.listForUser('t1', 'alice');
    clock.now = 59_999;
    expect(await directory.listForUser('t1', 'alice')).toEqual([MARKETING]);
    expect(tokens).toEqual(['t1']);
    await directory.listForUser('t2', 'alice');
    expect(tokens).toEqual(['t1', 't2']);
    clock.now = 59_999 + 60_000;
    await directory.listForUser('t2', 'alice');
    expect(tokens).toEqual(['t1', 't2', 't2']);
    await directory.listForUser('t2', 'bob');
    expect(tokens).toEqual(['t1', 't2', 't2', 't2']);
  });

  it('knows (without Graph) only the groups this person listed lately, never for someone else', async () => {
    const graph = { listMyGroups: async () => [MARKETING] } as unknown as GraphClient;
    const clock = { now: 0 };
    const directory = createGroupDirectory(graph, () => clock.now, 1000);
    expect(directory.known('alice', MARKETING.id)).toBeUndefined();
    await directory.listForUser('t1', 'alice');
    expect(directory.known('alice', MARKETING.id.toUpperCase())).toEqual(MARKETING);
    expect(directory.known('bob', MARKETING.id)).toBeUndefined();
    clock.now = 1000;
    expect(directory.known('alice', MARKETING.id)).toBeUndefined();
  });
});
