// The form-context store's budgets (issue 13): bytes for everyone together, live forms per person,
// and an age. Time is passed in; sizes are what the forms hold (UTF-16), not a count.
import {
  createMemoryFormContextStore,
  formContextBytes,
  type FormContext
} from '../../../src/storage/form-context-store';

const HOUR = 60 * 60_000;
const KB = 1024;

/** A message-action form holding `kb` KB of message (text and HTML), as the 30 KB ones. */
function messageForm(person: string, kb: number): FormContext {
  const text = 'x'.repeat((kb * KB) / 4);
  return {
    openedBy: person,
    groups: [{ id: '11111111-1111-4111-8111-111111111111', displayName: 'Sales' }],
    messageBody: { text, html: `<p>${text}</p>` }
  };
}

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

  it('forgets a form 24 h after it was opened (time passed in)', async () => {
    const time = clock();
    const store = createMemoryFormContextStore({ ttlMs: 24 * HOUR, now: time.now });
    await store.save('old', messageForm('alice', 1));
    time.advance(23 * HOUR);
    expect(await store.get('old')).toBeDefined();
    await store.save('newer', messageForm('bob', 1));
    time.advance(HOUR);
    expect(await store.get('old')).toBeUndefined();
    expect(await store.get('newer')).toBeDefined();
    // Expired forms also leave on the next save, read or not: their bytes are given back.
    time.advance(24 * HOUR);
    await store.save('fresh', messageForm('carol', 1));
    expect(store.size).toBe(1);
    expect(store.bytes).toBe(formContextBytes('fresh', messageForm('carol', 1)));
  });

  it('a single form over the whole budget is not kept (it behaves as a forgotten one)', async () => {
    const store = createMemoryFormContextStore({ maxBytes: 64 * KB });
    await store.save('small', messageForm('alice', 1));
    await store.save('huge', messageForm('alice', 100));
    expect(await store.get('huge')).toBeUndefined();
    expect(await store.get('small')).toBeDefined();
  });
});
