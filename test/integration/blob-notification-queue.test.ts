// What only the Blob notification queue does (the shared contract is in storage-contracts.test.ts):
// two instances enqueueing and taking at once over one container, and what its documents hold.
import type { ContainerClient } from '@azure/storage-blob';
import { createBlobNotificationQueue } from '../../src/storage/blob/blob-notification-queue';
import { openBlobContainer } from '../../src/storage/blob/open-blob-container';
import type { NotificationItem } from '../../src/storage/notification-queue';
import { useAzurite } from '../helpers/azurite';

const azurite = useAzurite();
const T0 = 1_800_000_000_000;
let containers = 0;
const setting = () =>
  ({ kind: 'blob', connectionString: azurite().connectionString, container: `nq${++containers}` }) as const;
const item = (n: number): NotificationItem => ({
  key: `k${n}`,
  kind: 'change',
  subscriptionId: 's',
  tenantId: 't',
  resource: `groups('g')/conversations('c${n}')`,
  receivedAt: T0 + n
});
const namesUnder = async (container: ContainerClient, prefix: string) => {
  const names: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix })) names.push(blob.name);
  return names;
};

describe('Blob notification queue: several instances', () => {
  it('enqueues a key once when two instances receive it at once', async () => {
    const place = setting();
    const [a, b] = await Promise.all([openBlobContainer(place), openBlobContainer(place)]);
    const qa = createBlobNotificationQueue(a, { now: () => T0 });
    const qb = createBlobNotificationQueue(b, { now: () => T0 });
    const batch = [1, 2, 3, 4, 5].map(item);
    const added = await Promise.all([qa.enqueue(batch), qb.enqueue(batch)]);
    expect(added[0] + added[1]).toBe(5);
    expect((await qa.take(10)).map((t) => t.key)).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
  });

  it('never gives one item to two takes at once', async () => {
    const place = setting();
    const [a, b] = await Promise.all([openBlobContainer(place), openBlobContainer(place)]);
    const qa = createBlobNotificationQueue(a, { now: () => T0 });
    const qb = createBlobNotificationQueue(b, { now: () => T0 });
    await qa.enqueue([1, 2, 3, 4, 5, 6].map(item));
    const [ta, tb] = await Promise.all([qa.take(4), qb.take(4)]);
    const keys = [...ta, ...tb].map((t) => t.key).sort();
    expect(keys).toEqual(['k1', 'k2', 'k3', 'k4', 'k5', 'k6']);
    expect(await qa.take(10)).toEqual([]);
  });

  it('removes a done item; its key document stays, holding no body', async () => {
    const container = await openBlobContainer(setting());
    const queue = createBlobNotificationQueue(container, { now: () => T0 });
    await queue.enqueue([item(1)]);
    const [taken] = await queue.take(1);
    await queue.done([taken?.id ?? '']);
    expect(await namesUnder(container, 'notification-queue/')).toEqual([]);
    const keyNames = await namesUnder(container, 'notification-keys/');
    expect(keyNames).toHaveLength(1);
    const text = (await container.getBlockBlobClient(keyNames[0] ?? '').downloadToBuffer()).toString('utf8');
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(['at', 'item', 'key']);
  });
});
