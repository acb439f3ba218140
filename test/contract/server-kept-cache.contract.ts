// What the form-context and own-view stores both promise (memory, Blob): an entry kept under its
// key as it was saved, replaced by a later save, absent from its TTL on, not kept at all when over
// the budget, and, where several instances share the state, saved on one and read on another.
// Each store's contract (form-context-store.contract.ts, own-view-store.contract.ts) runs it.

export interface CacheBudget {
  /** memory: all entries together; Blob: one entry (the total is the storage account's). */
  maxBytes?: number;
  ttlMs?: number;
  now?: () => number;
}

export interface Cache<V> {
  save(key: string, value: V): Promise<void>;
  get(key: string): Promise<V | undefined>;
}

export interface CacheContract<V> {
  make: (budget?: CacheBudget) => Promise<Cache<V>>;
  /**
   * Two instances on one shared state ("instance A" and "instance B": two clients of one
   * container). Absent for memory: one process's by design, so there is no second instance to ask.
   */
  twoInstances?: () => Promise<[Cache<V>, Cache<V>]>;
  /** An entry of about `kb` KB (UTF-16) belonging to `person`, with everything the store must keep. */
  entry: (person: string, kb: number) => V;
}

const KB = 1024;
const HOUR = 60 * 60_000;

export function describeServerKeptCacheContract<V>(title: string, contract: CacheContract<V>): void {
  const { make, twoInstances, entry } = contract;
  describe(title, () => {
    it('gives each key back its own entry, as saved; a later save replaces it; an unknown key is nothing', async () => {
      const store = await make();
      await store.save('alice-form', entry('alice', 2));
      await store.save('bob-form', entry('bob', 1));
      await expect(store.get('alice-form')).resolves.toEqual(entry('alice', 2));
      await expect(store.get('bob-form')).resolves.toEqual(entry('bob', 1));
      await store.save('alice-form', entry('alice', 3));
      await expect(store.get('alice-form')).resolves.toEqual(entry('alice', 3));
      await expect(store.get('never-saved')).resolves.toBeUndefined();
      // Keys are taken as they are: another case is another key.
      await expect(store.get('ALICE-FORM')).resolves.toBeUndefined();
    });

    it('forgets an entry its TTL after it was saved (time passed in)', async () => {
      let t = 1_700_000_000_000;
      const store = await make({ ttlMs: 24 * HOUR, now: () => t });
      await store.save('old', entry('alice', 1));
      t += 23 * HOUR;
      await store.save('newer', entry('bob', 1));
      t += HOUR - 1;
      await expect(store.get('old')).resolves.toEqual(entry('alice', 1));
      t += 1;
      await expect(store.get('old')).resolves.toBeUndefined();
      await expect(store.get('newer')).resolves.toEqual(entry('bob', 1));
      // Saved again, it lives again.
      await store.save('old', entry('alice', 1));
      t += 24 * HOUR - 1;
      await expect(store.get('old')).resolves.toEqual(entry('alice', 1));
    });

    it('a single entry over the budget is not kept (as a forgotten one), nor what its key held', async () => {
      const store = await make({ maxBytes: 64 * KB });
      await store.save('small', entry('alice', 1));
      await store.save('huge', entry('alice', 100));
      await expect(store.get('huge')).resolves.toBeUndefined();
      await expect(store.get('small')).resolves.toEqual(entry('alice', 1));
      await store.save('small', entry('alice', 100));
      await expect(store.get('small')).resolves.toBeUndefined();
    });

    if (twoInstances) {
      it('saved on instance A, read on instance B: the same entry; replaced on B, A reads the new one', async () => {
        const [a, b] = await twoInstances();
        await a.save('opened-on-a', entry('alice', 30));
        await expect(b.get('opened-on-a')).resolves.toEqual(entry('alice', 30));
        await b.save('opened-on-a', entry('alice', 2));
        await expect(a.get('opened-on-a')).resolves.toEqual(entry('alice', 2));
      });
    }
  });
}
