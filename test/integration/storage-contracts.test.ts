// Each storage interface's contract, run against the embedded implementation (SQLite, or memory
// for the single-use entries) and against Azure Blob Storage on Azurite, Microsoft's emulator
// (issue 14): the same answers, so the bot behaves the same whichever holds its state.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBlobBroadcastStore } from '../../src/storage/blob/blob-broadcast-store';
import { createBlobDraftLedger } from '../../src/storage/blob/blob-draft-ledger';
import { createBlobExpiringStore } from '../../src/storage/blob/blob-expiring-store';
import { createBlobFollowStore } from '../../src/storage/blob/blob-follow-store';
import { createBlobNotificationQueue } from '../../src/storage/blob/blob-notification-queue';
import { createBlobFormContextStore } from '../../src/storage/blob/blob-form-context-store';
import { createBlobKeptDraftStore } from '../../src/storage/blob/blob-kept-draft-store';
import { createBlobOwnViewStore } from '../../src/storage/blob/blob-own-view-store';
import type { BlobCacheOptions } from '../../src/storage/blob/blob-ttl-cache';
import { createBlobPageCursorStore } from '../../src/storage/blob/blob-page-cursor-store';
import { createBlobRecentGroups } from '../../src/storage/blob/blob-recent-groups';
import { createBlobTokenVault } from '../../src/storage/blob/blob-token-vault';
import type { ContainerClient } from '@azure/storage-blob';
import { openBlobContainer } from '../../src/storage/blob/open-blob-container';
import { createMemoryExpiringStore } from '../../src/storage/expiring-store';
import { createMemoryFormContextStore } from '../../src/storage/form-context-store';
import { createSqliteKeptDraftStore } from '../../src/storage/kept-draft-store';
import { createSqliteNotificationQueue } from '../../src/storage/notification-queue';
import { openDatabase } from '../../src/storage/open-database';
import { createMemoryOwnViewStore } from '../../src/storage/own-view-store';
import { createSqlitePageCursorStore } from '../../src/storage/page-cursor-store';
import { createSqliteRecentGroups } from '../../src/storage/recent-groups';
import { createSqliteBroadcastStore } from '../../src/storage/sqlite-broadcast-store';
import { createSqliteDraftLedger } from '../../src/storage/sqlite-draft-ledger';
import { createSqliteTokenVault } from '../../src/storage/sqlite-token-vault';
import { createSqliteFollowStore } from '../../src/storage/sqlite-follow-store';
import { describeBroadcastStoreContract } from '../contract/broadcast-store.contract';
import { describeDraftLedgerContract } from '../contract/draft-ledger.contract';
import { describeExpiringStoreContract } from '../contract/expiring-store.contract';
import { describeFollowStoreContract } from '../contract/follow-store.contract';
import { describeFormContextStoreContract } from '../contract/form-context-store.contract';
import { describeKeptDraftStoreContract } from '../contract/kept-draft-store.contract';
import { describeNotificationQueueContract } from '../contract/notification-queue.contract';
import { describeOwnViewStoreContract } from '../contract/own-view-store.contract';
import type { CacheBudget } from '../contract/server-kept-cache.contract';
import { describePageCursorStoreContract } from '../contract/page-cursor-store.contract';
import { describeRecentGroupsContract } from '../contract/recent-groups.contract';
import { describeTokenVaultContract } from '../contract/token-vault.contract';
import { useAzurite } from '../helpers/azurite';

const azurite = useAzurite();
let containers = 0;
// A container per store made: no test sees another's documents.
const newContainer = () =>
  ({ kind: 'blob', connectionString: azurite().connectionString, container: `c${++containers}-test` }) as const;
const freshContainer = () => openBlobContainer(newContainer());
const memoryDb = () => openDatabase(undefined, 'contract');
/** "Instance A" and "instance B": two clients (two pipelines, two connections) of one container. */
const both = async <S>(make: (container: ContainerClient) => S): Promise<[S, S]> => {
  const setting = newContainer();
  const [a, b] = await Promise.all([openBlobContainer(setting), openBlobContainer(setting)]);
  return [make(a), make(b)];
};
/**
 * A Blob cache's two factories: a store of its own, where the memory budget's maxBytes is one
 * entry's cap (the total is the storage account's), and two instances on one container.
 */
const onBlob = <S>(create: (container: ContainerClient, options?: BlobCacheOptions) => S) =>
  [
    async ({ maxBytes, ...budget }: CacheBudget = {}) =>
      create(await freshContainer(), { ...budget, maxEntryBytes: maxBytes }),
    () => both((container) => create(container))
  ] as const;
// SQLite's "several instances": two connections to one state file.
const opened: { folder: string; dbs: ReturnType<typeof openDatabase>[] }[] = [];
afterAll(() => {
  for (const { folder, dbs } of opened) {
    for (const db of dbs) db.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
const twoConnectionsOfOneFile = () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'contract-'));
  const dbs = [openDatabase(folder, 'bot-state.sqlite'), openDatabase(folder, 'bot-state.sqlite')] as const;
  opened.push({ folder, dbs: [...dbs] });
  return dbs;
};

describeDraftLedgerContract('SQLite', async (options) => createSqliteDraftLedger(memoryDb(), options));
describeDraftLedgerContract('Blob on Azurite', async (options) =>
  createBlobDraftLedger(await freshContainer(), options)
);

describePageCursorStoreContract('SQLite', async (options) => createSqlitePageCursorStore(memoryDb(), options));
describePageCursorStoreContract('Blob on Azurite', async (options) =>
  createBlobPageCursorStore(await freshContainer(), options)
);

describeRecentGroupsContract('SQLite', async (options) => createSqliteRecentGroups(memoryDb(), options));
describeRecentGroupsContract('Blob on Azurite', async (options) =>
  createBlobRecentGroups(await freshContainer(), options)
);

describeExpiringStoreContract('memory', async () => createMemoryExpiringStore<string>());
describeExpiringStoreContract('Blob on Azurite', async () =>
  createBlobExpiringStore<string>(await freshContainer(), 'codes')
);

describeFormContextStoreContract('memory', async (budget) => createMemoryFormContextStore(budget));
describeFormContextStoreContract('Blob on Azurite', ...onBlob(createBlobFormContextStore));

describeOwnViewStoreContract('memory', async (budget) => createMemoryOwnViewStore(budget));
describeOwnViewStoreContract('Blob on Azurite', ...onBlob(createBlobOwnViewStore));

describeKeptDraftStoreContract(
  'SQLite',
  async (ttlMs) => createSqliteKeptDraftStore(memoryDb(), ttlMs),
  async () => {
    const [a, b] = twoConnectionsOfOneFile();
    return [createSqliteKeptDraftStore(a), createSqliteKeptDraftStore(b)];
  }
);
describeKeptDraftStoreContract(
  'Blob on Azurite',
  async (ttlMs) => createBlobKeptDraftStore(await freshContainer(), { ttlMs }),
  () => both((container) => createBlobKeptDraftStore(container))
);

describeBroadcastStoreContract('SQLite', async () => createSqliteBroadcastStore(memoryDb()));
describeBroadcastStoreContract('Blob on Azurite', async () => createBlobBroadcastStore(await freshContainer()));

describeTokenVaultContract('SQLite', async () => createSqliteTokenVault(memoryDb()));
describeTokenVaultContract('Blob on Azurite', async () => createBlobTokenVault(await freshContainer()));

describe('Blob kept drafts: what only Blob does', () => {
  it('refuses (storage_unavailable) a message over its cap, never drops one the form says is kept', async () => {
    const kept = createBlobKeptDraftStore(await freshContainer(), { maxEntryBytes: 64 * 1024 });
    await kept.keep('d1', 'alice', 'small', 0);
    await expect(kept.keep('d1', 'alice', 'x'.repeat(40_000), 0)).rejects.toMatchObject({
      code: 'storage_unavailable'
    });
    await expect(kept.get('d1', 'alice', 1)).resolves.toBe('small');
  });
});

describeNotificationQueueContract('SQLite', async (options) => createSqliteNotificationQueue(memoryDb(), options));
describeNotificationQueueContract('Blob on Azurite', async (options) =>
  createBlobNotificationQueue(await freshContainer(), options)
);

describeFollowStoreContract(
  'SQLite',
  async () => createSqliteFollowStore(memoryDb()),
  async () => {
    const [a, b] = twoConnectionsOfOneFile();
    return [createSqliteFollowStore(a), createSqliteFollowStore(b)];
  }
);
describeFollowStoreContract(
  'Blob on Azurite',
  async () => createBlobFollowStore(await freshContainer()),
  () => both((container) => createBlobFollowStore(container))
);
