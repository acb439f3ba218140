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

  it('a read still running is shared by the same person and token; a failed one is not kept', async () => {
    const tokens: string[] = [];
    let release: (groups: GroupSummary[]) => void = () => undefined;
    let fail = false;
    const graph = {
      listMyGroups: (t: string) => {
        tokens.push(t);
        if (fail) return Promise.reject(new Error('graph down'));
        return new Promise<GroupSummary[]>((resolve) => (release = resolve));
      }
    } as unknown as GraphClient;
    const directory = createGroupDirectory(graph, () => 0);
    const first = directory.listForUser('t1', 'alice');
    const again = directory.listForUser('t1', 'alice');
    expect(tokens).toEqual(['t1']);
    release([MARKETING]);
    expect(await first).toEqual([MARKETING]);
    expect(await again).toEqual([MARKETING]);

    fail = true;
    await expect(directory.listForUser('t2', 'alice')).rejects.toThrow('graph down');
    await expect(directory.listForUser('t2', 'alice')).rejects.toThrow('graph down');
    expect(tokens).toEqual(['t1', 't2', 't2']);
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

describe('group directory: bounded (issue 13)', () => {
  const group = (i: number): GroupSummary => ({
    id: `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`,
    displayName: `Group ${i}`,
    mail: null,
    visibility: 'Public'
  });

  it('one person looking up group after group by id keeps at most maxLookupsPerUser, oldest out first', async () => {
    const graph = {
      listMyGroups: async () => [MARKETING],
      getGroup: async (_t: string, id: string) => group(Number(id.slice(-12)))
    } as unknown as GraphClient;
    const directory = createGroupDirectory(graph, () => 0, 15 * 60_000, 10_000, 60_000, 100);
    await directory.listForUser('t', 'alice');
    for (let i = 1; i <= 5000; i++) await directory.describe('t', 'alice', group(i).id);
    expect(directory.known('alice', group(5000).id)).toEqual(group(5000));
    expect(directory.known('alice', group(1).id)).toBeUndefined();
    let kept = 0;
    for (let i = 1; i <= 5000; i++) if (directory.known('alice', group(i).id)) kept++;
    expect(kept).toBeLessThanOrEqual(101);
  });

  it('beyond maxUsers people, the oldest person is forgotten first', async () => {
    const graph = { listMyGroups: async () => [MARKETING] } as unknown as GraphClient;
    const directory = createGroupDirectory(graph, () => 0, 15 * 60_000, 3);
    for (const person of ['p1', 'p2', 'p3', 'p4']) await directory.listForUser('t', person);
    expect(directory.known('p1', MARKETING.id)).toBeUndefined();
    expect(directory.known('p4', MARKETING.id)).toEqual(MARKETING);
  });
});
