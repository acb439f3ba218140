// The exactly-once ledger: claim before posting, remember the outcome, release on failure.
import { createMemoryDraftLedger, type PostedConversation } from '../../../src/storage/draft-ledger';

const D1 = 'd0000000-0000-4000-8000-000000000001';
const D2 = 'd0000000-0000-4000-8000-000000000002';
const ALICE = 'a11ce000-0000-4000-8000-00000000a11c';
const BOB = 'b0b00000-0000-4000-8000-000000000b0b';

const POSTED: PostedConversation = {
  groupId: 'c0ffee00-0000-4000-8000-000000000001',
  groupName: 'Marketing',
  conversationId: 'AAQkAGConversation1=',
  threadId: 'AAQkAGThread1=',
  topic: 'Quarterly plan',
  bodyPreview: 'Hello team',
  participants: [{ displayName: 'Bob Stone', address: 'bob@contoso.test' }],
  outlookUrl: 'https://outlook.office.com/mail/group/contoso.test/marketing/email'
};

describe('createMemoryDraftLedger', () => {
  it('claims an unknown draft and records it as pending', async () => {
    const ledger = createMemoryDraftLedger();
    await expect(ledger.get(D1)).resolves.toBeUndefined();

    await expect(ledger.claim(D1, ALICE, 1000)).resolves.toEqual({ claimed: true });

    await expect(ledger.get(D1)).resolves.toEqual({ draftId: D1, userId: ALICE, state: 'pending', claimedAt: 1000 });
  });

  it('refuses a second claim of a pending draft and shows the first claim', async () => {
    const ledger = createMemoryDraftLedger();
    await ledger.claim(D1, ALICE, 1000);

    await expect(ledger.claim(D1, ALICE, 1500)).resolves.toEqual({
      claimed: false,
      record: { draftId: D1, userId: ALICE, state: 'pending', claimedAt: 1000 }
    });
  });

  it('keeps drafts apart', async () => {
    const ledger = createMemoryDraftLedger();
    await ledger.claim(D1, ALICE, 1000);
    await expect(ledger.claim(D2, BOB, 1000)).resolves.toEqual({ claimed: true });
  });

  it('gives exactly one of two concurrent claims', async () => {
    const ledger = createMemoryDraftLedger();
    const results = await Promise.all([ledger.claim(D1, ALICE, 1000), ledger.claim(D1, ALICE, 1000)]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
  });

  it('markPosted records the outcome, and later claims return it', async () => {
    const ledger = createMemoryDraftLedger();
    await ledger.claim(D1, ALICE, 1000);

    await ledger.markPosted(D1, POSTED);

    const posted = { draftId: D1, userId: ALICE, state: 'posted', claimedAt: 1000, posted: POSTED };
    await expect(ledger.get(D1)).resolves.toEqual(posted);
    await expect(ledger.claim(D1, ALICE, 2000)).resolves.toEqual({ claimed: false, record: posted });
  });

  it('markPosted on an unknown draft records nothing', async () => {
    const ledger = createMemoryDraftLedger();
    await ledger.markPosted(D1, POSTED);
    await expect(ledger.get(D1)).resolves.toBeUndefined();
  });

  it('release frees a pending draft for the next claim', async () => {
    const ledger = createMemoryDraftLedger();
    await ledger.claim(D1, ALICE, 1000);

    await ledger.release(D1);

    await expect(ledger.get(D1)).resolves.toBeUndefined();
    await expect(ledger.claim(D1, ALICE, 1100)).resolves.toEqual({ claimed: true });
    await expect(ledger.get(D1)).resolves.toMatchObject({ state: 'pending', claimedAt: 1100 });
  });

  it('release never forgets a posted draft', async () => {
    const ledger = createMemoryDraftLedger();
    await ledger.claim(D1, ALICE, 1000);
    await ledger.markPosted(D1, POSTED);

    await ledger.release(D1);

    await expect(ledger.get(D1)).resolves.toMatchObject({ state: 'posted', posted: POSTED });
    await expect(ledger.claim(D1, ALICE, 1100)).resolves.toMatchObject({ claimed: false, record: { state: 'posted' } });
  });

  it('release of an unknown draft is harmless', async () => {
    const ledger = createMemoryDraftLedger();
    await expect(ledger.release(D1)).resolves.toBeUndefined();
    await expect(ledger.get(D1)).resolves.toBeUndefined();
  });

  it('lets a pending claim be taken over only after staleAfterMs has passed', async () => {
    const ledger = createMemoryDraftLedger({ staleAfterMs: 5000 });
    await ledger.claim(D1, ALICE, 1000);

    await expect(ledger.claim(D1, BOB, 6000)).resolves.toMatchObject({ claimed: false }); // exactly 5000 ms: not yet stale
    await expect(ledger.claim(D1, BOB, 6001)).resolves.toEqual({ claimed: true });
    await expect(ledger.get(D1)).resolves.toEqual({ draftId: D1, userId: BOB, state: 'pending', claimedAt: 6001 });
  });

  it('uses two minutes as the default stale age', async () => {
    const ledger = createMemoryDraftLedger();
    await ledger.claim(D1, ALICE, 0);
    await expect(ledger.claim(D1, ALICE, 120_000)).resolves.toMatchObject({ claimed: false });
    await expect(ledger.claim(D1, ALICE, 120_001)).resolves.toEqual({ claimed: true });
  });

  it('never lets a posted draft be claimed again, however old', async () => {
    const ledger = createMemoryDraftLedger({ staleAfterMs: 5000 });
    await ledger.claim(D1, ALICE, 1000);
    await ledger.markPosted(D1, POSTED);

    await expect(ledger.claim(D1, ALICE, 1000 + 10 * 24 * 3600_000)).resolves.toMatchObject({
      claimed: false,
      record: { state: 'posted', posted: POSTED }
    });
  });

  it('stays bounded: at capacity the oldest entry is forgotten first', async () => {
    const ledger = createMemoryDraftLedger({ maxEntries: 3 });
    const ids = ['d-1', 'd-2', 'd-3', 'd-4'];
    for (const [i, id] of ids.entries()) await ledger.claim(id, ALICE, 1000 + i);

    await expect(ledger.get('d-1')).resolves.toBeUndefined();
    for (const id of ids.slice(1)) await expect(ledger.get(id)).resolves.toMatchObject({ state: 'pending' });
  });
});
