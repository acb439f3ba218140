// The short-lived single-use store behind the pop-up's spent nonces and verification codes.
import { createMemoryExpiringStore } from '../../../src/storage/expiring-store';

describe('createMemoryExpiringStore', () => {
  it('holds a key once until it expires', async () => {
    const store = createMemoryExpiringStore<string>();
    await expect(store.add('k', 'a', 1000, 0)).resolves.toBe(true);
    await expect(store.add('k', 'b', 2000, 999)).resolves.toBe(false);
    await expect(store.add('k', 'c', 3000, 1000)).resolves.toBe(true);
    await expect(store.take('k', 1500)).resolves.toBe('c');
  });

  it('gives each entry out once, and nothing once expired', async () => {
    const store = createMemoryExpiringStore<string>();
    await store.add('once', 'v', 1000, 0);
    await expect(store.take('once', 10)).resolves.toBe('v');
    await expect(store.take('once', 10)).resolves.toBeUndefined();
    await store.add('late', 'v', 1000, 0);
    await expect(store.take('late', 1000)).resolves.toBeUndefined();
    await expect(store.take('never', 0)).resolves.toBeUndefined();
  });

  it('forgets the oldest entries past its bound', async () => {
    const store = createMemoryExpiringStore<number>(2);
    for (const [i, key] of ['a', 'b', 'c'].entries()) await store.add(key, i, 1000, 0);
    await expect(store.take('a', 0)).resolves.toBeUndefined();
    await expect(store.take('c', 0)).resolves.toBe(2);
  });
});
