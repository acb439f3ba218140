// What every ExpiringStore must do (memory, Blob): a key held once until it expires, each entry
// given out once, even to racing takers. Run by test/integration/storage-contracts.test.ts.
import type { ExpiringStore } from '../../src/storage/expiring-store';

export type MakeExpiringStore = () => Promise<ExpiringStore<string>>;

export function describeExpiringStoreContract(name: string, make: MakeExpiringStore): void {
  describe(`expiring store contract: ${name}`, () => {
    it('holds a key once until it expires', async () => {
      const store = await make();
      await expect(store.add('k', 'a', 1000, 0)).resolves.toBe(true);
      await expect(store.add('k', 'b', 2000, 999)).resolves.toBe(false);
      await expect(store.add('k', 'c', 3000, 1000)).resolves.toBe(true);
      await expect(store.take('k', 1500)).resolves.toBe('c');
    });

    it('gives each entry out once, and nothing once expired', async () => {
      const store = await make();
      await store.add('once', 'v', 1000, 0);
      await expect(store.take('once', 10)).resolves.toBe('v');
      await expect(store.take('once', 10)).resolves.toBeUndefined();
      await store.add('late', 'v', 1000, 0);
      await expect(store.take('late', 1000)).resolves.toBeUndefined();
      await expect(store.take('late', 0)).resolves.toBeUndefined();
      await expect(store.take('never', 0)).resolves.toBeUndefined();
    });

    it('of two concurrent takes exactly one gets the value', async () => {
      const store = await make();
      await store.add('code', 'alice', 1000, 0);
      const taken = await Promise.all([store.take('code', 10), store.take('code', 10)]);
      expect(taken.filter((v) => v !== undefined)).toEqual(['alice']);
    });

    it('of two concurrent adds of one key exactly one holds it', async () => {
      const store = await make();
      const added = await Promise.all([store.add('nonce', 'a', 1000, 0), store.add('nonce', 'b', 1000, 0)]);
      expect(added.filter(Boolean)).toHaveLength(1);
      await expect(store.take('nonce', 10)).resolves.toBe(added[0] ? 'a' : 'b');
    });
  });
}
