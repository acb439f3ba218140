// What every NotificationQueue must do (SQLite, Blob): each key
// enqueued once within the TTL (done or not), taken oldest first and leased, taken again when a
// lease runs out, never again once done. Run by test/integration/storage-contracts.test.ts.
import type { NotificationItem, NotificationQueue } from '../../src/storage/notification-queue';

/** A queue reading the clock `now()` the test moves, with these windows. */
export type MakeNotificationQueue = (options: {
  now: () => number;
  dedupeTtlMs: number;
  leaseMs: number;
}) => Promise<NotificationQueue>;

const T0 = 1_800_000_000_000;
const TTL = 60 * 60_000;
const LEASE = 5 * 60_000;

function item(n: number, changes: Partial<NotificationItem> = {}): NotificationItem {
  return {
    key: `key-${n}`,
    kind: 'change',
    subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
    tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
    resource: `groups('g1')/conversations('c${n}')`,
    resourceId: `c${n}`,
    changeType: 'created',
    receivedAt: T0,
    ...changes
  };
}

const keysOf = (items: NotificationItem[]) => items.map((i) => i.key);

export function describeNotificationQueueContract(name: string, make: MakeNotificationQueue): void {
  describe(`notification queue contract: ${name}`, () => {
    let clock = T0;
    const open = () => make({ now: () => clock, dedupeTtlMs: TTL, leaseMs: LEASE });
    beforeEach(() => {
      clock = T0;
    });

    it('enqueues each key once, in one batch and across batches, and says how many were new', async () => {
      const queue = await open();
      expect(await queue.enqueue([item(1), item(2), item(1)])).toBe(2);
      expect(await queue.enqueue([item(2), item(3)])).toBe(1);
      expect(await queue.enqueue([])).toBe(0);
      const taken = await queue.take(10);
      expect(keysOf(taken)).toEqual(['key-1', 'key-2', 'key-3']);
      // Given back as enqueued, with an id of the queue's own.
      expect(taken[0]).toEqual({ ...item(1), id: expect.any(String) });
      expect(new Set(taken.map((t) => t.id)).size).toBe(3);
    });

    it('keeps a lifecycle item and a lone surrogate exactly', async () => {
      const queue = await open();
      const lifecycle: NotificationItem = {
        key: 'life-1',
        kind: 'lifecycle',
        subscriptionId: 's',
        tenantId: 't',
        lifecycleEvent: 'missed',
        receivedAt: T0
      };
      await queue.enqueue([lifecycle, item(2, { resourceId: 'odd \uD800 id' })]);
      const [first, second] = await queue.take(2);
      expect(first).toEqual({ ...lifecycle, id: expect.any(String) });
      expect(second?.resourceId).toBe('odd \uD800 id');
    });

    it('takes at most `limit`, oldest first, and leases what it took', async () => {
      const queue = await open();
      await queue.enqueue([item(1), item(2), item(3)]);
      expect(keysOf(await queue.take(2))).toEqual(['key-1', 'key-2']);
      expect(keysOf(await queue.take(2))).toEqual(['key-3']);
      expect(await queue.take(2)).toEqual([]);
      expect(await queue.take(0)).toEqual([]);
    });

    it('gives a leased item to another take once its lease runs out (its worker died)', async () => {
      const queue = await open();
      await queue.enqueue([item(1)]);
      const [first] = await queue.take(1);
      clock += LEASE - 1;
      expect(await queue.take(1)).toEqual([]);
      clock += 1;
      const [again] = await queue.take(1);
      expect(again?.id).toBe(first?.id);
    });

    it('never gives a done item again, and its key still blocks a repeat until the TTL', async () => {
      const queue = await open();
      await queue.enqueue([item(1), item(2)]);
      const taken = await queue.take(10);
      await queue.done(taken.map((t) => t.id));
      clock += LEASE;
      expect(await queue.take(10)).toEqual([]);
      expect(await queue.enqueue([item(1)])).toBe(0);
      clock = T0 + TTL - 1;
      expect(await queue.enqueue([item(1)])).toBe(0);
      clock = T0 + TTL;
      expect(await queue.enqueue([item(1)])).toBe(1);
      expect(keysOf(await queue.take(10))).toEqual(['key-1']);
    });

    it('keeps a pending item past the TTL: work still owed is never dropped, nor enqueued twice', async () => {
      const queue = await open();
      await queue.enqueue([item(1)]);
      clock += 2 * TTL;
      expect(await queue.enqueue([item(1), item(2)])).toBe(1);
      expect(keysOf(await queue.take(10))).toEqual(['key-1', 'key-2']);
    });

    it('ignores ids it never gave out', async () => {
      const queue = await open();
      await queue.enqueue([item(1)]);
      await queue.done(['not-an-id', '999999', '']);
      expect(keysOf(await queue.take(10))).toEqual(['key-1']);
    });
  });
}
