import { createConversationScanner } from '../../../src/core/conversation-scan';
import { matchConversations, MAX_FOUND, type FoundConversation } from '../../../src/core/find-conversations';
import { AppError } from '../../../src/core/errors';
import type { ConversationPage, ConversationSummary, GraphClient, GroupSummary } from '../../../src/graph/graph-client';

const group = (n: number): GroupSummary => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  displayName: `Group ${n}`,
  mail: `g${n}@contoso.test`,
  visibility: 'Public'
});

const row = (n: number, over: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id: `AAQk${n}`,
  topic: `Topic ${n}`,
  preview: `Preview ${n}`,
  lastDeliveredDateTime: new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString(),
  uniqueSenders: ['Alex'],
  hasAttachments: false,
  ...over
});

/** A Graph fake: each group has `pages` pages of 10 rows; records every call as "groupId page". */
function fakeGraph(options: { pages?: number; ordered?: boolean; failing?: Set<string> } = {}) {
  const calls: string[] = [];
  const pending: (() => void)[] = [];
  let hold = false;
  const graph = {
    async listConversations(_token: string, groupId: string, o: { page?: string } = {}): Promise<ConversationPage> {
      const page = Number(o.page ?? 0);
      calls.push(`${groupId} ${page}`);
      if (hold) await new Promise<void>((resolve) => pending.push(resolve));
      if (options.failing?.has(groupId)) throw new AppError('graph_unavailable', 'down');
      const base = Number(groupId.slice(-4)) * 1000 + page * 10;
      const more = page + 1 < (options.pages ?? 1);
      return {
        conversations: Array.from({ length: 10 }, (_, i) => row(base + i)),
        orderedByDelivery: options.ordered ?? true,
        ...(more ? { nextLink: String(page + 1) } : {})
      };
    }
  } as unknown as GraphClient;
  return {
    graph,
    calls,
    hold: () => {
      hold = true;
    },
    release: () => {
      hold = false;
      for (const r of pending.splice(0)) r();
    }
  };
}

describe('the conversation scan behind the compose box search', () => {
  it('reads at most 20 groups, stops at 50 rows of an ordered list, at most 5 pages of an unordered one', async () => {
    const groups = Array.from({ length: 25 }, (_, i) => group(i + 1));
    const ordered = fakeGraph({ pages: 9 });
    const scan = await createConversationScanner({ graph: ordered.graph, now: () => 0 }).scan('t', 'alex', groups, 1e9);
    expect(scan).toMatchObject({ complete: true, scannedGroups: 20, totalGroups: 20 });
    expect(new Set(ordered.calls.map((c) => c.split(' ')[0]))).toEqual(new Set(groups.slice(0, 20).map((g) => g.id)));
    expect(ordered.calls).toHaveLength(20 * 5);
    expect(scan.rows).toHaveLength(20 * 50);

    const unordered = fakeGraph({ pages: 9, ordered: false });
    const scanner = createConversationScanner({ graph: unordered.graph, now: () => 0, maxPagesPerGroup: 3 });
    const some = await scanner.scan('t', 'alex', groups.slice(0, 1), 1e9);
    expect(unordered.calls).toEqual([`${groups[0].id} 0`, `${groups[0].id} 1`, `${groups[0].id} 2`]);
    // The 30 read, newest kept (Graph's order is not trusted): all 30 are under the 50 bound.
    expect(some.rows).toHaveLength(30);
  });

  it('is kept a minute for the same person and token; another token or person scans again', async () => {
    const fake = fakeGraph();
    const clock = { now: 0 };
    const scanner = createConversationScanner({ graph: fake.graph, now: () => clock.now });
    const groups = [group(1)];
    await scanner.scan('t1', 'alex', groups, 1e9);
    clock.now = 59_999;
    await scanner.scan('t1', 'alex', groups, 1e9);
    expect(fake.calls).toHaveLength(1);
    await scanner.scan('t2', 'alex', groups, 1e9);
    await scanner.scan('t2', 'megan', groups, 1e9);
    expect(fake.calls).toHaveLength(3);
    clock.now = 59_999 + 60_000;
    await scanner.scan('t2', 'megan', groups, 1e9);
    expect(fake.calls).toHaveLength(4);
    expect(scanner.found('megan', groups[0].id.toUpperCase(), 'AAQk1000')).toBeDefined();
    expect(scanner.found('alex', groups[0].id, 'AAQk1000')).toBeUndefined();
  });

  it('answers with what it has when the wait is over, and goes on: the next query sees the rest', async () => {
    const fake = fakeGraph();
    let endWait: () => void = () => undefined;
    const scanner = createConversationScanner({
      graph: fake.graph,
      now: () => 0,
      concurrency: 1,
      wait: () => new Promise<void>((resolve) => (endWait = resolve))
    });
    fake.hold();
    const first = scanner.scan('t', 'alex', [group(1), group(2)], 2_500);
    await new Promise((r) => setImmediate(r));
    endWait();
    expect(await first).toMatchObject({ complete: false, scannedGroups: 0, rows: [] });
    fake.release();
    await new Promise((r) => setImmediate(r));
    fake.release();
    const later = await scanner.scan('t', 'alex', [group(1), group(2)], 1e9);
    expect(later).toMatchObject({ complete: true, scannedGroups: 2 });
    expect(later.rows).toHaveLength(20);
    expect(fake.calls).toHaveLength(2);
  });

  it('skips a group that fails; when every group fails, the scan fails and is not kept', async () => {
    const [a, b] = [group(1), group(2)];
    const failed: string[] = [];
    const partly = fakeGraph({ failing: new Set([a.id]) });
    const scanner = createConversationScanner({
      graph: partly.graph,
      now: () => 0,
      onGroupFailed: (id) => failed.push(id)
    });
    const scan = await scanner.scan('t', 'alex', [a, b], 1e9);
    expect(scan).toMatchObject({ complete: true, scannedGroups: 2 });
    expect(scan.rows.every((r) => r.group.id === b.id)).toBe(true);
    expect(failed).toEqual([a.id]);

    const down = fakeGraph({ failing: new Set([a.id, b.id]) });
    const none = createConversationScanner({ graph: down.graph, now: () => 0 });
    await expect(none.scan('t', 'alex', [a, b], 1e9)).rejects.toMatchObject({ code: 'graph_unavailable' });
    await expect(none.scan('t', 'alex', [a, b], 1e9)).rejects.toMatchObject({ code: 'graph_unavailable' });
    expect(down.calls).toHaveLength(4);
  });

  it('keeps short strings only: a long topic, preview or sender list is cut', async () => {
    const graph = {
      listConversations: async () => ({
        conversations: [
          row(1, { topic: 't'.repeat(5000), preview: 'p'.repeat(5000), uniqueSenders: Array(50).fill('x'.repeat(500)) })
        ],
        orderedByDelivery: true
      })
    } as unknown as GraphClient;
    const scan = await createConversationScanner({ graph, now: () => 0 }).scan('t', 'alex', [group(1)], 1e9);
    const c = scan.rows[0].conversation;
    expect([c.topic.length, c.preview.length, c.uniqueSenders.length, c.uniqueSenders[0].length]).toEqual([
      255, 400, 5, 120
    ]);
  });
});

describe('matching what the person typed', () => {
  const found = (n: number, topic: string, preview: string): FoundConversation => ({
    group: group(1),
    conversation: row(n, { topic, preview })
  });
  const rows = [
    found(1, 'Budget review', 'Numbers are in'),
    found(3, 'Offsite', 'Mind the BUDGET, please'),
    found(2, 'Café opening', 'Cake on Thursday')
  ];

  it('every word, in topic or preview, any case; most recent first; nothing typed lists all', () => {
    const ids = (text: string) => matchConversations(rows, text).map((f) => f.conversation.id);
    expect(ids('budget')).toEqual(['AAQk3', 'AAQk1']);
    expect(ids('  budget   numbers ')).toEqual(['AAQk1']);
    expect(ids('café')).toEqual(['AAQk2']);
    expect(ids('zebra')).toEqual([]);
    expect(ids('')).toEqual(['AAQk3', 'AAQk2', 'AAQk1']);
  });

  it("pages with Teams' skip and count, never more than 10; junk options fall back", () => {
    const many = Array.from({ length: 30 }, (_, i) => found(i, `Weekly ${i}`, ''));
    expect(matchConversations(many, 'weekly')).toHaveLength(MAX_FOUND);
    expect(matchConversations(many, 'weekly', { skip: 25, count: 25 })).toHaveLength(5);
    expect(matchConversations(many, 'weekly', { skip: -1, count: 'x' })).toHaveLength(MAX_FOUND);
    expect(matchConversations(many, 'weekly', { count: 3 })).toHaveLength(3);
  });
});
