// What only the Blob broadcast store does (the shared contract is in storage-contracts.test.ts):
// the running-marker's cost and upkeep, resuming without reading settled broadcasts, a bounded
// sweep, another instance resuming, and an outage answered as storage_unavailable by every method.
import net from 'node:net';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { AppError } from '../../src/core/errors';
import { createBlobBroadcastStore } from '../../src/storage/blob/blob-broadcast-store';
import { blobDocuments } from '../../src/storage/blob/blob-documents';
import { BLOB_PIPELINE_OPTIONS, openBlobContainer } from '../../src/storage/blob/open-blob-container';
import type { BroadcastRecord } from '../../src/storage/broadcast-store';
import { broadcastIdOf, broadcastRecord } from '../contract/broadcast-store.contract';
import { useAzurite } from '../helpers/azurite';
import { countedContainer } from '../helpers/counted-blob-container';

const azurite = useAzurite();
const T0 = 1_800_000_000_000;
let containers = 0;
const open = () =>
  openBlobContainer({ kind: 'blob', connectionString: azurite().connectionString, container: `bc${++containers}` });
/** The broadcasts' own documents, written around the store (a crash, another version). */
const recordsOf = (container: ContainerClient) => blobDocuments<BroadcastRecord>(container, 'broadcasts');
const markerCount = async (container: ContainerClient) =>
  (await blobDocuments(container, 'broadcasts-running').list(100)).documents.length;
const settled = (n: number, at: number) => broadcastRecord(n, at, { status: 'settled' });

describe('Blob broadcasts: the running marker', () => {
  it('a put while running is one write; the marker is written once, and removed by the put that settles', async () => {
    const base = await open();
    const a = countedContainer(base);
    const store = createBlobBroadcastStore(a.container);
    await store.create(broadcastRecord(1));
    for (const at of [1, 2, 3]) await store.put(broadcastRecord(1, at));
    await store.put(settled(1, 4));
    expect(a.calls).toEqual(['upload', 'upload', 'upload', 'upload', 'upload', 'upload', 'delete']);
    expect(a.names.map((name) => name.split('/')[0])).toEqual([
      'broadcasts-running',
      ...Array(5).fill('broadcasts'),
      'broadcasts-running'
    ]);
    expect(await markerCount(base)).toBe(0);

    // Another instance carrying a broadcast on ("Retry the failed ones"): its marker once, then one write a put.
    const b = countedContainer(base);
    const other = createBlobBroadcastStore(b.container);
    await other.put(broadcastRecord(1, 5));
    await other.put(broadcastRecord(1, 6));
    expect(b.calls).toEqual(['upload', 'upload', 'upload']);
    expect(await markerCount(base)).toBe(1);
  });

  it('resuming lists the markers and reads only the running broadcasts, never the settled ones kept', async () => {
    const base = await open();
    const writer = createBlobBroadcastStore(base);
    for (let n = 1; n <= 6; n++) await writer.create(settled(n, n));
    await writer.create(broadcastRecord(7, 7));
    await writer.create(broadcastRecord(8, 8));
    const counted = countedContainer(base);
    const resumed = await createBlobBroadcastStore(counted.container).unfinished(10);
    expect(resumed.map((r) => r.broadcastId)).toEqual([broadcastIdOf(7), broadcastIdOf(8)]);
    expect(counted.calls).toEqual(['list', 'download', 'download']);
    expect(counted.names[0]).toBe('broadcasts-running/');
  });

  it('one instance resumes what another started, and settles it for both', async () => {
    const setting = { kind: 'blob', connectionString: azurite().connectionString, container: 'shared' } as const;
    const a = createBlobBroadcastStore(await openBlobContainer(setting));
    const b = createBlobBroadcastStore(await openBlobContainer(setting));
    await a.create(broadcastRecord(1, 10));
    expect(await b.unfinished(10)).toEqual([broadcastRecord(1, 10)]);
    await b.put(settled(1, 20));
    expect(await a.unfinished(10)).toEqual([]);
    expect(await a.get(broadcastIdOf(1))).toEqual(settled(1, 20));
  });

  it('a marker whose record is missing or settled is ignored; removed only once past its grace', async () => {
    const base = await open();
    const store = createBlobBroadcastStore(base);
    await store.create(broadcastRecord(1));
    await store.create(broadcastRecord(2));
    // A crash between a marker and its record; a settled record whose marker was left behind.
    await recordsOf(base).remove(broadcastIdOf(1));
    await recordsOf(base).put(broadcastIdOf(2), settled(2, 1));
    expect(await store.unfinished(10)).toEqual([]);
    // Young: its record may be on its way (a create, or a retry making a settled one run again).
    expect(await markerCount(base)).toBe(2);
    const later = createBlobBroadcastStore(base, { now: () => Date.now() + 11 * 60 * 1000 });
    expect(await later.unfinished(10)).toEqual([]);
    expect(await markerCount(base)).toBe(0);
  });
});

describe('Blob broadcasts: sweeping', () => {
  it('removes the markers of the running ones it sweeps, and, bounded, goes on where it stopped', async () => {
    const base = await open();
    const store = createBlobBroadcastStore(base, { sweepListMax: 2 });
    for (let n = 1; n <= 5; n++) await store.create(broadcastRecord(n, n));
    await store.create(broadcastRecord(6, 100));
    const counts: number[] = [];
    for (let call = 0; call < 4; call++) counts.push(await store.sweep(T0 + 50));
    // At most 2 listed a call, so at most 2 removed; 3 calls reach all 6 (5 old ones), the 4th finds none.
    for (const count of counts) expect(count).toBeLessThanOrEqual(2);
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(5);
    expect(counts[3]).toBe(0);
    expect((await store.unfinished(10)).map((r) => r.broadcastId)).toEqual([broadcastIdOf(6)]);
    expect(await markerCount(base)).toBe(1);
  });

  it('dates a record written without its metadata by when the storage last wrote it', async () => {
    const base = await open();
    await recordsOf(base).put(broadcastIdOf(1), settled(1, 0));
    const store = createBlobBroadcastStore(base);
    expect(await store.sweep(Date.now() - 60_000)).toBe(0);
    expect(await store.sweep(Date.now() + 60_000)).toBe(1);
  });
});

describe('Blob broadcasts when the storage is not there', () => {
  it('every method rejects with storage_unavailable, within the call deadline', async () => {
    // A port nothing listens on (taken, then closed): refused at once, as a storage that went away.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const connection = azurite().connectionString.replace(/:\d+\//, `:${port}/`);
    const container = BlobServiceClient.fromConnectionString(connection, BLOB_PIPELINE_OPTIONS).getContainerClient('x');
    const store = createBlobBroadcastStore(container);
    const started = Date.now();
    const settledCalls = await Promise.allSettled([
      store.create(broadcastRecord(1)),
      store.get(broadcastIdOf(1)),
      store.put(broadcastRecord(1, 1)),
      store.put(settled(1, 2)),
      store.unfinished(10),
      store.sweep(T0)
    ]);
    expect(Date.now() - started).toBeLessThan(6000);
    for (const result of settledCalls) {
      expect(result.status).toBe('rejected');
      const reason = result.status === 'rejected' ? result.reason : undefined;
      expect(reason).toBeInstanceOf(AppError);
      expect(reason).toMatchObject({ code: 'storage_unavailable' });
    }
  });
});
