// The Blob ledger's storage round trips on the post path (issue 14's bench counted 8 per Post, one
// after another). A claim's own transition uses the eTag its write returned: claim then posted is
// two writes and no read; a lost race still reads the record again and ends right. Counted at the
// blob client, on Azurite.
import { createBlobDraftLedger } from '../../src/storage/blob/blob-draft-ledger';
import { openBlobContainer } from '../../src/storage/blob/open-blob-container';
import type { PostedRecord } from '../../src/storage/draft-ledger';
import { useAzurite } from '../helpers/azurite';
import { countedContainer as counted } from '../helpers/counted-blob-container';

const azurite = useAzurite();
const POSTED: PostedRecord = {
  groupId: 'c0ffee00-0000-4000-8000-000000000001',
  groupName: 'Marketing',
  conversationId: 'conv-1',
  threadId: 'thread-1',
  topic: 'Launch',
  participants: [],
  bodySha256: 'ab'
};

let containers = 0;
const open = () =>
  openBlobContainer({ kind: 'blob', connectionString: azurite().connectionString, container: `rt${++containers}` });

describe('Blob ledger: round trips of a claim and its outcome', () => {
  it('claim → posted: two conditional writes, no read', async () => {
    const { container, calls } = counted(await open());
    const ledger = createBlobDraftLedger(container);
    expect(await ledger.claim('alice:d1', 'alice', 1_000)).toEqual({ claimed: true });
    await ledger.markPosted('alice:d1', POSTED);
    expect(calls).toEqual(['upload', 'upload']);
    expect(await ledger.get('alice:d1')).toMatchObject({ state: 'posted', posted: POSTED });
  });

  it('claim → failed: a write and a conditional delete; claim → unknown: two writes', async () => {
    const { container, calls } = counted(await open());
    const ledger = createBlobDraftLedger(container);
    await ledger.claim('alice:d2', 'alice', 1_000);
    await ledger.markFailed('alice:d2', 'access_denied');
    await ledger.claim('alice:d3', 'alice', 1_000);
    await ledger.markUnknown('alice:d3', 'graph_unavailable');
    expect(calls).toEqual(['upload', 'delete', 'upload', 'upload']);
    expect(await ledger.get('alice:d2')).toBeUndefined();
    expect(await ledger.get('alice:d3')).toMatchObject({ state: 'unknown', claimedAt: 1_000 });
  });

  it("another instance took the stale claim over: this one's outcome reads again and lands on the new record", async () => {
    const base = await open();
    const a = counted(base);
    const ledgerA = createBlobDraftLedger(a.container, { staleAfterMs: 100 });
    const ledgerB = createBlobDraftLedger(base, { staleAfterMs: 100 });
    await ledgerA.claim('alice:d4', 'alice', 1_000);
    // B, later, takes the stale pending claim over (A is presumed dead).
    expect(await ledgerB.claim('alice:d4', 'alice', 5_000)).toEqual({ claimed: true, inDoubtSince: 1_000 });
    // A was alive after all: its "posted" (the post exists) is kept, through a fresh read.
    await ledgerA.markPosted('alice:d4', POSTED);
    expect(a.calls).toEqual(['upload', 'upload', 'download', 'upload']);
    expect(await ledgerB.get('alice:d4')).toMatchObject({ state: 'posted', claimedAt: 5_000 });
  });
});
