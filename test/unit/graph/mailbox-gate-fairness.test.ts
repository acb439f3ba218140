// The mailbox gate under one heavy person (issue 13, item 3): writes go first and have a slot of
// their own, waiting reads take turns by person, and the queue is capped with a typed "busy"
// answer that says how long to wait. Manual jobs (released by the test) stand for Graph calls.
import { createMailboxGate, withMailboxGate, type GateTicket } from '../../../src/graph/mailbox-gate';
import { AppError } from '../../../src/core/errors';
import type { GraphClient } from '../../../src/graph/graph-client';

const tick = () => new Promise((r) => setImmediate(r));

/** Jobs that start when the gate lets them and end when the test says. */
function jobs() {
  const started: string[] = [];
  const release = new Map<string, () => void>();
  const job = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      release.set(name, () => resolve(name));
    });
  const finish = async (name: string) => {
    release.get(name)?.();
    await tick();
  };
  return { started, job, finish };
}

const read = (owner: string): GateTicket => ({ lane: 'read', owner });
const write = (owner: string): GateTicket => ({ lane: 'write', owner });

describe('mailbox gate: fairness', () => {
  it("keeps one slot for writes: one person's reads never hold all four", async () => {
    const gate = createMailboxGate({ slots: 4 });
    const { started, job } = jobs();
    for (let i = 1; i <= 10; i++) void gate.run('G', job(`alex-${i}`), read('alex'));
    await tick();
    expect(started).toEqual(['alex-1', 'alex-2', 'alex-3']);
    void gate.run('G', job('megan-post'), write('megan'));
    await tick();
    // Straight into the kept slot: no read had to finish first.
    expect(started).toContain('megan-post');
  });

  it('a waiting write goes before every waiting read', async () => {
    const gate = createMailboxGate({ slots: 2 });
    const { started, job, finish } = jobs();
    void gate.run('G', job('w1'), write('a'));
    void gate.run('G', job('r1'), read('alex'));
    void gate.run('G', job('r2'), read('alex'));
    void gate.run('G', job('w2'), write('megan'));
    await tick();
    expect(started).toEqual(['w1', 'r1']);
    await finish('w1');
    expect(started).toEqual(['w1', 'r1', 'w2']);
    await finish('r1');
    expect(started).toEqual(['w1', 'r1', 'w2', 'r2']);
  });

  it("waiting reads take turns by person: Megan's one read is next after Alex's running one", async () => {
    const gate = createMailboxGate({ slots: 2 });
    const { started, job, finish } = jobs();
    for (let i = 1; i <= 5; i++) void gate.run('G', job(`alex-${i}`), read('alex'));
    void gate.run('G', job('megan-1'), read('megan'));
    await tick();
    expect(started).toEqual(['alex-1']);
    await finish('alex-1');
    expect(started).toEqual(['alex-1', 'alex-2']);
    await finish('alex-2');
    // First come first served would run alex-3, -4, -5 before Megan.
    expect(started).toEqual(['alex-1', 'alex-2', 'megan-1']);
  });

  it('caps the waiting reads per mailbox: beyond it mailbox_busy at once, with a wait; writes still queue', async () => {
    let clock = 0;
    const gate = createMailboxGate({ slots: 2, maxWaiting: 3, now: () => clock });
    const { started, job, finish } = jobs();
    // Calls here take 4 s: the busy answer's wait is estimated from that.
    void gate.run('G', job('timed'), read('alex'));
    await tick();
    clock += 4000;
    await finish('timed');
    for (let i = 1; i <= 4; i++) void gate.run('G', job(`alex-${i}`), read('alex'));
    await tick();
    expect(started).toEqual(['timed', 'alex-1']);
    const refused = gate.run('G', job('alex-5'), read('alex'));
    await expect(refused).rejects.toMatchObject({ code: 'mailbox_busy' });
    const err = (await refused.catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(2);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(started).not.toContain('alex-5');
    // Another mailbox is not busy, and a write to this one is not refused for the reads' queue.
    await expect(gate.run('H', async () => 'other', read('alex'))).resolves.toBe('other');
    await expect(gate.run('G', async () => 'posted', write('megan'))).resolves.toBe('posted');
  });

  it('caps waiting writes too', async () => {
    const gate = createMailboxGate({ slots: 1, maxWaiting: 1 });
    const { job } = jobs();
    void gate.run('G', job('w1'), write('a'));
    void gate.run('G', job('w2'), write('b'));
    await tick();
    await expect(gate.run('G', job('w3'), write('c'))).rejects.toMatchObject({ code: 'mailbox_busy' });
  });

  it('withMailboxGate sends posts and replies as writes and the rest as reads, by token', async () => {
    const seen: GateTicket[] = [];
    const gate = {
      run: <T>(_mailbox: string, work: () => Promise<T>, ticket?: GateTicket) => {
        if (ticket) seen.push(ticket);
        return work();
      }
    };
    const client = withMailboxGate(
      {
        createConversation: async () => ({}),
        replyToThread: async () => undefined,
        listConversations: async () => ({}),
        listThreadPosts: async () => ({}),
        getConversationThreadId: async () => 't'
      } as unknown as GraphClient,
      gate
    );
    await client.createConversation('tok-a', 'G', { topic: 't', threads: [] });
    await client.replyToThread('tok-a', 'G', 't', { post: {} });
    await client.listConversations('tok-b', 'G');
    await client.listThreadPosts('tok-b', 'G', 't');
    await client.getConversationThreadId('tok-b', 'G', 'c');
    expect(seen).toEqual([write('tok-a'), write('tok-a'), read('tok-b'), read('tok-b'), read('tok-b')]);
  });
});
