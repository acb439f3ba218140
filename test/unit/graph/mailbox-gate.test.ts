import { createMailboxGate, withMailboxGate } from '../../../src/graph/mailbox-gate';
import type { GraphClient } from '../../../src/graph/graph-client';

const tick = () => new Promise((r) => setImmediate(r));
const WRITE = { lane: 'write' } as const;

describe('mailbox gate', () => {
  it('lets 4 writes per mailbox run at once, queues the rest in order, and other mailboxes are free', async () => {
    const gate = createMailboxGate(4);
    const running: string[] = [];
    const release: (() => void)[] = [];
    const started: string[] = [];
    const job = (name: string) => () =>
      new Promise<string>((resolve) => {
        started.push(name);
        running.push(name);
        release.push(() => {
          running.splice(running.indexOf(name), 1);
          resolve(name);
        });
      });
    const results = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((n) => gate.run('A', job(n), WRITE));
    const other = gate.run('B', job('b1'), WRITE);
    await tick();
    expect(started).toEqual(['a1', 'a2', 'a3', 'a4', 'b1']);
    release.shift()!(); // a1 done → a5 starts
    await tick();
    expect(started).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'a5']);
    while (release.length) {
      release.shift()!();
      await tick();
    }
    await expect(Promise.all([...results, other])).resolves.toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1']);
  });

  it('a failing request frees its slot', async () => {
    const gate = createMailboxGate(1);
    await expect(gate.run('A', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run('A', async () => 'next')).resolves.toBe('next');
  });

  /** A Graph call that takes a few ms, and the most of them that ever ran at once. */
  function peakCounter<T>(answer: T) {
    const seen = { concurrent: 0, peak: 0 };
    const slow = async () => {
      seen.concurrent++;
      seen.peak = Math.max(seen.peak, seen.concurrent);
      await new Promise((r) => setTimeout(r, 5));
      seen.concurrent--;
      return answer;
    };
    return { slow, seen };
  }

  it('gates the mailbox methods by group id (the second argument) and leaves the others alone', async () => {
    const { slow, seen } = peakCounter({ conversationId: 'c', threadId: 't' });
    const client = withMailboxGate(
      { createConversation: slow, listMyGroups: async () => [] } as unknown as GraphClient,
      createMailboxGate(2)
    );
    await Promise.all(
      Array.from({ length: 6 }, () => client.createConversation('tok', 'GROUP', { topic: 'x', threads: [] }))
    );
    expect(seen.peak).toBe(2);
    await expect(client.listMyGroups('tok')).resolves.toEqual([]);
  });

  // Reads leave one slot to writes: 3 slots are 2 reads in flight per mailbox (or per app).
  it.each([
    ['mailbox', 3, 4],
    ['app', 3, 2]
  ] as const)('scope %s: %i slots mean %i reads in flight across two groups', async (scope, slots, expected) => {
    const { slow, seen } = peakCounter({ conversations: [], orderedByDelivery: false });
    const client = withMailboxGate(
      { listConversations: slow } as unknown as GraphClient,
      createMailboxGate(slots),
      scope
    );
    await Promise.all(['A', 'B', 'A', 'B', 'A', 'B', 'A', 'B'].map((group) => client.listConversations('tok', group)));
    expect(seen.peak).toBe(expected);
  });
});
