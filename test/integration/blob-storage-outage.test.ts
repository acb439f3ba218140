// Blob Storage that stops, dies or hangs (issue 14): every call of every Blob store fails with
// storage_unavailable within a few seconds, never a hang past Teams' invoke deadline and never an
// answer that means something ('exists', a repeat, "in progress"); once it is back, the same
// clients work again (the follows and the notification queue of issue 16 too). Also: two instances
// on one container share one ledger.
import net from 'node:net';
import { BlobServiceClient } from '@azure/storage-blob';
import { AppError } from '../../src/core/errors';
import { BLOB_CALL_DEADLINE_MS } from '../../src/storage/blob/blob-documents';
import { createBlobDraftLedger } from '../../src/storage/blob/blob-draft-ledger';
import { createBlobExpiringStore } from '../../src/storage/blob/blob-expiring-store';
import { createBlobFollowStore } from '../../src/storage/blob/blob-follow-store';
import { createBlobFormContextStore } from '../../src/storage/blob/blob-form-context-store';
import { createBlobKeptDraftStore } from '../../src/storage/blob/blob-kept-draft-store';
import { createBlobNotificationQueue } from '../../src/storage/blob/blob-notification-queue';
import { createBlobOwnViewStore } from '../../src/storage/blob/blob-own-view-store';
import { createBlobPageCursorStore } from '../../src/storage/blob/blob-page-cursor-store';
import { createBlobRecentGroups } from '../../src/storage/blob/blob-recent-groups';
import { BLOB_PIPELINE_OPTIONS, openBlobContainer } from '../../src/storage/blob/open-blob-container';
import { POSTED } from '../contract/draft-ledger.contract';
import { followRecord } from '../contract/follow-store.contract';
import { useAzurite } from '../helpers/azurite';

const azurite = useAzurite();
const GROUP = 'c0ffee00-0000-4000-8000-000000000001';
const CURSOR = { person: 'alice', groupId: GROUP, skip: 0 };
const FORM = { openedBy: 'alice', groups: [{ id: GROUP, displayName: 'Sales' }] };
const CARD = { type: 'AdaptiveCard' as const, version: '1.5', body: [] };
const VIEW = { aadObjectId: 'alice', card: CARD, shared: CARD };
const THREAD = { threadId: 'thread-1', conversationId: 'c', postsAtStart: 1, postsSeen: 1, lastDeliveredAt: 0 };

async function openStores(container: string) {
  const client = await openBlobContainer({ kind: 'blob', connectionString: azurite().connectionString, container });
  return {
    client,
    ledger: createBlobDraftLedger(client),
    cursors: createBlobPageCursorStore(client),
    recent: createBlobRecentGroups(client),
    codes: createBlobExpiringStore<string>(client, 'codes'),
    forms: createBlobFormContextStore(client),
    kept: createBlobKeptDraftStore(client),
    views: createBlobOwnViewStore(client),
    follows: createBlobFollowStore(client),
    queue: createBlobNotificationQueue(client)
  };
}

type Stores = Awaited<ReturnType<typeof openStores>>;

/** One call of each kind, on data written before the outage (`cursorId`) and on new keys. */
const everyCall = (s: Stores, cursorId: string, now: number) => [
  s.ledger.claim('alice:new', 'alice', now),
  s.ledger.claim('alice:d1', 'alice', now),
  s.ledger.get('alice:d1'),
  s.ledger.markPosted('alice:d1', POSTED),
  s.ledger.markUnknown('alice:d1', 'graph_unavailable'),
  s.ledger.markFailed('alice:d1', 'access_denied'),
  s.cursors.save(CURSOR, now),
  s.cursors.load(cursorId, now),
  s.recent.used('alice', GROUP, now),
  s.recent.recent('alice', now),
  s.codes.add('code-2', 'bob', now + 60_000, now),
  s.codes.take('code-1', now),
  s.forms.save('d2', FORM),
  s.forms.get('d1'),
  s.kept.keep('d2', 'alice', 'long text', now),
  s.kept.get('d1', 'alice', now),
  s.kept.expireBy('d1', 'alice', now),
  s.kept.forget('d1', 'alice'),
  s.views.save('v2', VIEW),
  s.views.get('v1'),
  s.follows.create(followRecord(1)),
  s.follows.get(followRecord(1).followId),
  s.follows.bySubscription('sub-1'),
  s.follows.ofChannel(followRecord(1).channelId),
  s.follows.due(now, 10),
  s.follows.put(followRecord(1)),
  s.follows.getThread(followRecord(1).followId, 'thread-1'),
  s.follows.putThread({ ...THREAD, followId: followRecord(1).followId }),
  s.follows.sweep(now),
  s.queue.enqueue([{ key: 'k1', kind: 'change', subscriptionId: 's', tenantId: 't', receivedAt: now }]),
  s.queue.take(10),
  s.queue.done([`${'0'.repeat(15)}-${'0'.repeat(9)}-${'a'.repeat(64)}`])
];

async function expectAllUnavailable(calls: Promise<unknown>[], withinMs: number): Promise<void> {
  const started = Date.now();
  const settled = await Promise.allSettled(calls);
  expect(Date.now() - started).toBeLessThan(withinMs);
  for (const result of settled) {
    expect(result.status).toBe('rejected');
    const reason = result.status === 'rejected' ? result.reason : undefined;
    expect(reason).toBeInstanceOf(AppError);
    expect((reason as AppError).code).toBe('storage_unavailable');
  }
}

describe('Blob stores when the storage goes away', () => {
  it('stopped: every call rejects with storage_unavailable; restarted: the same clients work, data kept', async () => {
    const stores = await openStores('stopped');
    await stores.ledger.claim('alice:d1', 'alice', 1000);
    const cursorId = await stores.cursors.save(CURSOR, 1000);
    await stores.codes.add('code-1', 'alice', 60_000, 1000);
    await stores.forms.save('d1', FORM);
    await stores.kept.keep('d1', 'alice', 'long text', 1000);
    await stores.views.save('v1', VIEW);

    await azurite().stop();
    await expectAllUnavailable(everyCall(stores, cursorId, 2000), 6000);
    // An instance starting now does not start half-working: it is refused at once.
    await expect(
      openBlobContainer({ kind: 'blob', connectionString: azurite().connectionString, container: 'stopped' })
    ).rejects.toMatchObject({ code: 'storage_unavailable' });

    await azurite().restart();
    // Still pending (nothing above reached it), the cursor and the code still there.
    expect(await stores.ledger.claim('alice:d1', 'alice', 3000)).toMatchObject({
      claimed: false,
      record: { state: 'pending', claimedAt: 1000 }
    });
    await expect(stores.cursors.load(cursorId, 3000)).resolves.toMatchObject({ groupId: GROUP });
    await expect(stores.codes.take('code-1', 3000)).resolves.toBe('alice');
    await expect(stores.forms.get('d1')).resolves.toEqual(FORM);
    await expect(stores.kept.get('d1', 'alice', 3000)).resolves.toBe('long text');
    await expect(stores.views.get('v1')).resolves.toEqual(VIEW);
    expect(await stores.ledger.claim('alice:d2', 'alice', 3000)).toEqual({ claimed: true });
  });

  it('killed mid-run: every call rejects with storage_unavailable; back again: new calls work', async () => {
    const stores = await openStores('killed');
    const cursorId = await stores.cursors.save(CURSOR, 1000);
    await azurite().kill();
    await expectAllUnavailable(everyCall(stores, cursorId, 2000), 6000);
    await azurite().restart();
    // Azurite saves its metadata every 5 s, so a kill forgets what came since, the container
    // too: the test makes it again (the stores never would: a missing container is an outage,
    // not an empty ledger). Only new writes are checked; a real account keeps acknowledged ones.
    await stores.client.createIfNotExists();
    expect(await stores.ledger.claim('alice:after', 'alice', 3000)).toEqual({ claimed: true });
    await stores.recent.used('alice', GROUP, 3000);
    await expect(stores.recent.recent('alice', 3000)).resolves.toEqual([GROUP]);
  });

  it('hanging (accepts, never answers): a claim fails within its deadline, before the invoke deadline', async () => {
    // A listener that takes the connection and says nothing: the worst case, a storage that stalls.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const connection = azurite().connectionString.replace(/:\d+\//, `:${port}/`);
      const client = BlobServiceClient.fromConnectionString(connection, BLOB_PIPELINE_OPTIONS).getContainerClient('x');
      const started = Date.now();
      await expect(createBlobDraftLedger(client).claim('alice:d1', 'alice', 0)).rejects.toMatchObject({
        code: 'storage_unavailable'
      });
      // BLOB_CALL_DEADLINE_MS (3 s) for the whole call: well within config.invokeDeadlineMs (7 s).
      expect(Date.now() - started).toBeLessThan(BLOB_CALL_DEADLINE_MS + 1500);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('Blob stores shared by two instances', () => {
  it('a draft claimed on one instance is in progress, then posted, on the other', async () => {
    const first = await openStores('shared');
    const second = await openStores('shared');
    expect(await first.ledger.claim('alice:d1', 'alice', 1000)).toEqual({ claimed: true });
    expect(await second.ledger.claim('alice:d1', 'alice', 1001)).toMatchObject({
      claimed: false,
      record: { state: 'pending' }
    });
    await first.ledger.markPosted('alice:d1', POSTED);
    await expect(second.ledger.get('alice:d1')).resolves.toMatchObject({ state: 'posted', posted: POSTED });
    // recoverInterrupted at a start never touches the other instance's live claims.
    await first.ledger.claim('alice:d2', 'alice', 2000);
    await expect(second.ledger.recoverInterrupted()).resolves.toBe(0);
    await expect(first.ledger.get('alice:d2')).resolves.toMatchObject({ state: 'pending' });
  });
});
