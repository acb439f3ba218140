import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteKeyValueStorage } from '../../../src/storage/sqlite-key-value-storage';

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
