// What only the Blob follow store does (the shared contract is in storage-contracts.test.ts): the
// channel+group marker that makes one active follow, taken over only when it is stale (its follow
// stopped, or its create died between its two writes), never while a create may be under way.
import type { ContainerClient } from '@azure/storage-blob';
import { blobDocuments } from '../../src/storage/blob/blob-documents';
import { createBlobFollowStore, MARKER_GRACE_MS } from '../../src/storage/blob/blob-follow-store';
import { openBlobContainer } from '../../src/storage/blob/open-blob-container';
import { followRecord } from '../contract/follow-store.contract';
import { useAzurite } from '../helpers/azurite';

const azurite = useAzurite();
const T0 = 1_800_000_000_000;
let containers = 0;
const open = () =>
  openBlobContainer({ kind: 'blob', connectionString: azurite().connectionString, container: `fs${++containers}` });
const markersOf = (container: ContainerClient) =>
  blobDocuments<{ key: string; followId: string; at: number }>(container, 'follows-active');
const keyOf = (n: number) => `${followRecord(n).channelId}|${followRecord(n).groupId}`;

describe('Blob follows: the active marker', () => {
  it('waits out a marker with no record (a create under way), then takes it over (that create died)', async () => {
    const container = await open();
    let clock = T0;
    const store = createBlobFollowStore(container, { now: () => clock });
    // Another instance claimed the channel and group and has not written its record yet.
    await markersOf(container).create(keyOf(1), { key: keyOf(1), followId: 'f-dead', at: T0 });
    clock = T0 + MARKER_GRACE_MS - 1;
    expect(await store.create(followRecord(1))).toBe(false);
    clock = T0 + MARKER_GRACE_MS + 1;
    expect(await store.create(followRecord(1))).toBe(true);
    expect((await markersOf(container).read(keyOf(1)))?.value.followId).toBe(followRecord(1).followId);
  });

  it('takes over at once a marker whose follow stopped (its removal failed)', async () => {
    const container = await open();
    const store = createBlobFollowStore(container, { now: () => T0 });
    await store.create(followRecord(1));
    const marker = (await markersOf(container).read(keyOf(1)))?.value;
    if (!marker) throw new Error('no marker');
    await store.put(followRecord(1, { status: 'stopped' }));
    // As if the stop's removal of the marker never happened.
    await markersOf(container).put(keyOf(1), marker);
    expect(await store.create(followRecord(2))).toBe(true);
    expect((await store.ofChannel(followRecord(2).channelId)).map((r) => r.followId)).toEqual([
      followRecord(2).followId
    ]);
  });

  it('stores no clientState or id in a blob name, and the stop removes the marker', async () => {
    const container = await open();
    const store = createBlobFollowStore(container, { now: () => T0 });
    await store.create(followRecord(1));
    await store.putThread({
      followId: followRecord(1).followId,
      threadId: 'AAQkADAwATM0MDAAMS1iNTcwLWI2NTYtMDACLTAwCgAQAE',
      conversationId: 'c',
      postsAtStart: 1,
      postsSeen: 1,
      lastDeliveredAt: T0
    });
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) names.push(blob.name);
    expect(names.every((name) => /^[a-z-]+\/([0-9a-f]{64}\/)?[0-9a-f]{64}\.json$/.test(name))).toBe(true);
    expect(names).toHaveLength(4);
    await store.put(followRecord(1, { status: 'stopped' }));
    expect(await markersOf(container).read(keyOf(1))).toBeUndefined();
  });
});
