import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteDraftLedger } from '../../../src/storage/sqlite-draft-ledger';
import { createSqliteKeyValueStorage } from '../../../src/storage/sqlite-key-value-storage';
import type { PostedConversation } from '../../../src/storage/draft-ledger';

const POSTED: PostedConversation = {
  groupId: 'g',
  groupName: 'Marketing',
  conversationId: 'c1',
  threadId: 't1',
  topic: 'Topic',
  bodyPreview: 'Hello',
  participants: [{ displayName: 'Bob', address: 'bob@contoso.test' }]
};

describe('SQLite draft ledger', () => {
  it('claims once, answers the posted outcome after, and survives reopening the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-'));
    try {
      const db = openDatabase(dir, 'bot-state.sqlite');
      const ledger = createSqliteDraftLedger(db);
      expect(await ledger.claim('alice:d1', 'alice', 1000)).toEqual({ claimed: true });
      expect(await ledger.claim('alice:d1', 'alice', 1001)).toEqual({
        claimed: false,
        record: { draftId: 'alice:d1', userId: 'alice', state: 'pending', claimedAt: 1000 }
      });
      await ledger.markPosted('alice:d1', POSTED);
      db.close();

      const reopened = createSqliteDraftLedger(openDatabase(dir, 'bot-state.sqlite'));
      expect(await reopened.claim('alice:d1', 'alice', 999_999_999)).toEqual({
        claimed: false,
        record: { draftId: 'alice:d1', userId: 'alice', state: 'posted', claimedAt: 1000, posted: POSTED }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('release lets the draft be claimed again; a stale pending claim is taken over by one caller only', async () => {
    const ledger = createSqliteDraftLedger(openDatabase(undefined, 'x'), { staleAfterMs: 100 });
    await ledger.claim('k', 'u', 0);
    await ledger.release('k');
    expect(await ledger.claim('k', 'u', 1)).toEqual({ claimed: true });
    expect((await ledger.claim('k', 'u', 50)).claimed).toBe(false);
    expect(await ledger.claim('k', 'u', 500)).toEqual({ claimed: true });
    expect((await ledger.claim('k', 'u', 501)).claimed).toBe(false);
  });

  it('never releases or takes over a posted draft', async () => {
    const ledger = createSqliteDraftLedger(openDatabase(undefined, 'x'), { staleAfterMs: 1 });
    await ledger.claim('k', 'u', 0);
    await ledger.markPosted('k', POSTED);
    await ledger.release('k');
    const again = await ledger.claim('k', 'u', 10_000);
    expect(again.claimed).toBe(false);
    expect(again.claimed === false && again.record.state).toBe('posted');
  });
});

describe('SQLite key-value storage (bot state)', () => {
  it('reads back what was written with an eTag, and refuses a stale eTag like MemoryStorage', async () => {
    const storage = createSqliteKeyValueStorage(openDatabase(undefined, 'x'));
    await storage.write({ a: { n: 1 } });
    const first = await storage.read(['a', 'missing']);
    expect(first).toEqual({ a: { n: 1, eTag: '1' } });
    await storage.write({ a: { n: 2, eTag: '1' } });
    expect(await storage.read(['a'])).toEqual({ a: { n: 2, eTag: '2' } });
    await expect(storage.write({ a: { n: 3, eTag: '1' } })).rejects.toThrow('eTag conflict');
    await storage.write({ a: { n: 4, eTag: '*' } });
    expect((await storage.read(['a'])).a.n).toBe(4);
    await storage.delete(['a']);
    expect(await storage.read(['a'])).toEqual({});
  });

  it('a first write carrying an eTag (teams-ai token-exchange dedupe) succeeds, the second conflicts', async () => {
    const storage = createSqliteKeyValueStorage(openDatabase(undefined, 'x'));
    await storage.write({ 'msteams/conv/exchange-1': { eTag: 'exchange-1' } });
    await expect(storage.write({ 'msteams/conv/exchange-1': { eTag: 'exchange-1' } })).rejects.toThrow('eTag conflict');
  });
});
