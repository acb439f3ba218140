// The memory form-context store's budgets (issue 13): bytes for everyone together, live forms per
// person, and an age. Time is passed in; sizes are what the forms hold (UTF-16), not a count.
// What every form-context store does (memory, Blob): test/contract/form-context-store.contract.ts.
import { createMemoryFormContextStore, formContextBytes } from '../../../src/storage/form-context-store';
import { messageForm } from '../../contract/form-context-store.contract';

const HOUR = 60 * 60_000;
const KB = 1024;

function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('form-context store budgets', () => {
  it('measures a form by what it holds: ~30 KB of message is ~30 KB, not one unit of 20,000', () => {
    const bytes = formContextBytes('draft-1', messageForm('alice', 30));
    expect(bytes).toBeGreaterThan(30 * KB);
    expect(bytes).toBeLessThan(32 * KB);
  });

  it("stays within its bytes however many people open forms (the issue's 20,000 × 30 KB)", async () => {
    const maxBytes = 4 * 1024 * KB;
    const store = createMemoryFormContextStore({ maxBytes, perPerson: 20, ttlMs: 24 * HOUR });
    for (let i = 0; i < 20_000; i++) await store.save(`draft-${i}`, messageForm(`person-${i % 2000}`, 30));
    expect(store.bytes).toBeLessThanOrEqual(maxBytes);
    expect(store.size).toBeLessThan(140);
    // Oldest first: the newest forms are the ones kept.
    expect((await store.get('draft-19999'))?.openedBy).toBe('person-1999');
    expect(await store.get('draft-0')).toBeUndefined();
  });

  it("keeps 20 live forms per person, their oldest dropped first, and never someone else's", async () => {
    const store = createMemoryFormContextStore({ perPerson: 20 });
    await store.save('bob-form', messageForm('bob', 1));
    for (let i = 0; i < 25; i++) await store.save(`alice-${i}`, messageForm('alice', 1));
    for (let i = 0; i < 5; i++) expect(await store.get(`alice-${i}`)).toBeUndefined();
    for (let i = 5; i < 25; i++) expect((await store.get(`alice-${i}`))?.openedBy).toBe('alice');
    expect((await store.get('bob-form'))?.openedBy).toBe('bob');
    expect(store.size).toBe(21);
  });

  it('saving the same draft again replaces it: counted once, in bytes and per person', async () => {
    const store = createMemoryFormContextStore({ perPerson: 2 });
    await store.save('a', messageForm('alice', 8));
    const once = store.bytes;
    await store.save('a', messageForm('alice', 8));
    await store.save('b', messageForm('alice', 8));
    expect(store.bytes).toBe(once * 2);
    expect(await store.get('a')).toBeDefined();
    expect(await store.get('b')).toBeDefined();
  });

  it('gives back the bytes of expired forms on the next save, read or not', async () => {
    const time = clock();
    const store = createMemoryFormContextStore({ ttlMs: 24 * HOUR, now: time.now });
    await store.save('old', messageForm('alice', 1));
    await store.save('newer', messageForm('bob', 1));
    time.advance(24 * HOUR);
    await store.save('fresh', messageForm('carol', 1));
    expect(store.size).toBe(1);
    expect(store.bytes).toBe(formContextBytes('fresh', messageForm('carol', 1)));
  });
});
