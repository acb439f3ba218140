// Each storage interface's contract, run against the embedded implementation (SQLite, or memory
// for the single-use entries) and against Azure Blob Storage on Azurite, Microsoft's emulator
// (issue 14): the same answers, so the bot behaves the same whichever holds its state.
import { createBlobDraftLedger } from '../../src/storage/blob/blob-draft-ledger';
import { createBlobExpiringStore } from '../../src/storage/blob/blob-expiring-store';
import { createBlobPageCursorStore } from '../../src/storage/blob/blob-page-cursor-store';
import { createBlobRecentGroups } from '../../src/storage/blob/blob-recent-groups';
import { openBlobContainer } from '../../src/storage/blob/open-blob-container';
import { createMemoryExpiringStore } from '../../src/storage/expiring-store';
import { openDatabase } from '../../src/storage/open-database';
import { createSqlitePageCursorStore } from '../../src/storage/page-cursor-store';
import { createSqliteRecentGroups } from '../../src/storage/recent-groups';
import { createSqliteDraftLedger } from '../../src/storage/sqlite-draft-ledger';
import { describeDraftLedgerContract } from '../contract/draft-ledger.contract';
import { describeExpiringStoreContract } from '../contract/expiring-store.contract';
import { describePageCursorStoreContract } from '../contract/page-cursor-store.contract';
import { describeRecentGroupsContract } from '../contract/recent-groups.contract';
import { useAzurite } from '../helpers/azurite';

const azurite = useAzurite();
let containers = 0;
// A container per store made: no test sees another's documents.
const freshContainer = () =>
  openBlobContainer({ kind: 'blob', connectionString: azurite().connectionString, container: `c${++containers}-test` });
const memoryDb = () => openDatabase(undefined, 'contract');

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
