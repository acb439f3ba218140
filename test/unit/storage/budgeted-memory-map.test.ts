// The generic map behind the form-context and own-view stores (issue 13): bounded by bytes (oldest
// first), by entries per owner (that owner's oldest only), and by age. Time is passed in.
import { createBudgetedMemoryMap, jsonBytes } from '../../../src/storage/budgeted-memory-map';

interface Entry {
  owner: string;
  text: string;
}

const HOUR = 60 * 60_000;
const KB = 1024;
// Sizes are what the test says they are: each character of `text` is one byte, the key is free.
const entry = (owner: string, bytes = 1): Entry => ({ owner, text: 'x'.repeat(bytes) });

function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function map(budget: { maxBytes?: number; perOwner?: number; ttlMs?: number; now?: () => number } = {}) {
  return createBudgetedMemoryMap<Entry>({
    maxBytes: budget.maxBytes ?? 1_000_000,
    perOwner: budget.perOwner ?? 1_000,
    ttlMs: budget.ttlMs ?? 24 * HOUR,
    now: budget.now ?? (() => 0),
    ownerOf: (value) => value.owner,
    sizeOf: (_key, value) => value.text.length
  });
}

describe('budgeted memory map', () => {
  it('measures JSON by what it holds: UTF-16 of the value and key, plus a fixed overhead', () => {
    const value = { text: 'x'.repeat(30 * KB) };
    const bytes = jsonBytes('key-1', value);
    expect(bytes).toBe((JSON.stringify(value).length + 'key-1'.length) * 2 + 256);
  });

  it('keeps within its bytes by forgetting the oldest entries first, whoever owns them', () => {
    const m = map({ maxBytes: 100 });
    m.save('a', entry('alice', 40));
    m.save('b', entry('bob', 40));
    m.save('c', entry('carol', 40));
    expect(m.get('a')).toBeUndefined();
    expect(m.get('b')?.owner).toBe('bob');
    expect(m.get('c')?.owner).toBe('carol');
    expect(m.bytes).toBe(80);
    expect(m.size).toBe(2);
    // A large newcomer pushes out as many of the oldest as it needs, and no more.
    m.save('d', entry('dave', 90));
    expect([m.get('b'), m.get('c')]).toEqual([undefined, undefined]);
    expect(m.bytes).toBe(90);
  });

  it("caps each owner's live entries: their oldest goes, never someone else's", () => {
    const m = map({ perOwner: 3 });
    m.save('bob-0', entry('bob'));
    for (let i = 0; i < 5; i++) m.save(`alice-${i}`, entry('alice'));
    expect(m.get('alice-0')).toBeUndefined();
    expect(m.get('alice-1')).toBeUndefined();
    for (let i = 2; i < 5; i++) expect(m.get(`alice-${i}`)?.owner).toBe('alice');
    expect(m.get('bob-0')?.owner).toBe('bob');
    expect(m.size).toBe(4);
    expect(m.bytes).toBe(4);
  });

  it('forgets an entry ttlMs after it was saved, on read and on the next save (bytes given back)', () => {
    const time = clock();
    const m = map({ ttlMs: 24 * HOUR, now: time.now });
    m.save('old', entry('alice', 10));
    time.advance(23 * HOUR);
    m.save('newer', entry('bob', 20));
    expect(m.get('old')).toBeDefined();
    time.advance(HOUR);
    expect(m.get('old')).toBeUndefined();
    expect(m.get('newer')).toBeDefined();
    expect(m.bytes).toBe(20);
    time.advance(24 * HOUR);
    m.save('fresh', entry('carol', 5));
    expect(m.size).toBe(1);
    expect(m.bytes).toBe(5);
  });

  it('does not keep an entry over the whole budget, and keeps what it had', () => {
    const m = map({ maxBytes: 100 });
    m.save('small', entry('alice', 10));
    m.save('huge', entry('alice', 101));
    expect(m.get('huge')).toBeUndefined();
    expect(m.get('small')).toBeDefined();
    expect(m.bytes).toBe(10);
  });

  it('re-saving a key replaces it: counted once in bytes and per owner, even under a new owner', () => {
    const m = map({ perOwner: 2 });
    m.save('a', entry('alice', 30));
    m.save('a', entry('alice', 10));
    expect(m.bytes).toBe(10);
    expect(m.size).toBe(1);
    m.save('b', entry('alice', 10));
    // Two of alice's, not three: the replaced 'a' no longer counts against her cap.
    expect([m.get('a')?.text.length, m.get('b')?.text.length]).toEqual([10, 10]);
    m.save('a', entry('bob', 7));
    m.save('c', entry('alice', 1));
    m.save('d', entry('alice', 1));
    // 'a' is bob's now: alice's cap dropped 'b', her oldest, and left bob's 'a' alone.
    expect(m.get('a')?.owner).toBe('bob');
    expect(m.get('b')).toBeUndefined();
    expect(m.bytes).toBe(7 + 1 + 1);
  });
});
