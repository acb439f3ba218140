// The short-lived single-use store behind the pop-up's spent nonces and verification codes: the
// memory one's bound. What every store does: test/contract/expiring-store.contract.ts.
import { createMemoryExpiringStore } from '../../../src/storage/expiring-store';

describe('createMemoryExpiringStore', () => {
  it('forgets the oldest entries past its bound', async () => {
    const store = createMemoryExpiringStore<number>(2);
    for (const [i, key] of ['a', 'b', 'c'].entries()) await store.add(key, i, 1000, 0);
    await expect(store.take('a', 0)).resolves.toBeUndefined();
    await expect(store.take('c', 0)).resolves.toBe(2);
  });
});
