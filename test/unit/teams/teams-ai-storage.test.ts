// teams-ai's storage: its own token exchange dedupe never reaches the store (the bot dedupes
// before teams-ai); on Blob, hashed names and a BlobsStorage opened again after a failure.
import {
  blobTurnState,
  createTeamsAiStorage,
  turnStateBlobName,
  withoutTeamsAiDedupe
} from '../../../src/teams/app/teams-ai-storage';
import type { KeyValueStorage, StoreItems } from '../../../src/storage/sqlite-key-value-storage';
import { storageDown } from '../../helpers/state-storage';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e-graph';
const CONVERSATION = 'msteams/28:bot/conversations/a:1personal-chat-alice';

function recording(): KeyValueStorage & { writes: StoreItems[] } {
  const writes: StoreItems[] = [];
  return { writes, read: async () => ({}), write: async (c) => void writes.push(c), delete: async () => undefined };
}

describe('withoutTeamsAiDedupe', () => {
  it("skips teams-ai's dedupe record {channel/conversation/id: {eTag: id}}", async () => {
    const inner = recording();
    await withoutTeamsAiDedupe(inner).write({ [`msteams/a:1personal-chat-alice/${ID}`]: { eTag: ID } });
    expect(inner.writes).toEqual([]);
  });

  it.each([
    ['turn state', { [CONVERSATION]: { eTag: '"0x1"', x: 1 } }],
    ['a scope left with only its eTag', { [CONVERSATION]: { eTag: '"0x1"' } }],
    ['a record with more than the eTag', { [`msteams/a:1/${ID}`]: { eTag: ID, other: true } }],
    ['two records', { [`msteams/a:1/${ID}`]: { eTag: ID }, [CONVERSATION]: { y: 2 } }],
    ['an eTag that is not an exchange id', { 'msteams/a:1/abc': { eTag: 'abc' } }]
  ])('writes everything else: %s', async (_name, changes: StoreItems) => {
    const inner = recording();
    await withoutTeamsAiDedupe(inner).write(changes);
    expect(inner.writes).toEqual([changes]);
  });
});

describe('createTeamsAiStorage', () => {
  it('sqlite → the SQLite storage it is given; blob without pipeline options → refused at start', () => {
    const sqlite = recording();
    expect(createTeamsAiStorage({ kind: 'sqlite' }, { sqlite: () => sqlite })).toBe(sqlite);
    expect(() =>
      createTeamsAiStorage(
        { kind: 'blob', connectionString: 'UseDevelopmentStorage=true', container: 'c-1' },
        {
          sqlite: () => sqlite
        }
      )
    ).toThrow(/pipeline options/);
  });
});

describe('blobTurnState', () => {
  /** A BlobsStorage stand-in: a map by blob name; `fail` makes every call reject with it. */
  function fakeBlobs(opened: unknown[]) {
    const blobs = new Map<string, unknown>();
    const state = { fail: undefined as Error | undefined };
    const open = () => {
      const me = {
        read: async (names: string[]) => {
          if (state.fail) throw state.fail;
          return Object.fromEntries(names.filter((n) => blobs.has(n)).map((n) => [n, blobs.get(n)]));
        },
        write: async (changes: StoreItems) => {
          if (state.fail) throw state.fail;
          for (const [n, v] of Object.entries(changes)) blobs.set(n, v);
        },
        delete: async (names: string[]) => {
          for (const n of names) blobs.delete(n);
        }
      };
      opened.push(me);
      return me;
    };
    return { blobs, state, open };
  }

  it('keeps each key under a prefixed SHA-256 name (no user id in a blob name) and reads it back by key', async () => {
    const { blobs, open } = fakeBlobs([]);
    const storage = blobTurnState(open);
    await storage.write({ [CONVERSATION]: { a: 1 } });
    expect([...blobs.keys()]).toEqual([turnStateBlobName(CONVERSATION)]);
    expect(turnStateBlobName(CONVERSATION)).toMatch(/^teams-ai-state-[0-9a-f]{64}$/);
    expect(await storage.read([CONVERSATION, 'msteams/28:bot/users/29:x'])).toEqual({ [CONVERSATION]: { a: 1 } });
    await storage.delete([CONVERSATION]);
    expect(blobs.size).toBe(0);
  });

  it('opens BlobsStorage again after a failure (it keeps a failed first call), not after a lost race', async () => {
    const opened: unknown[] = [];
    const { state, open } = fakeBlobs(opened);
    const storage = blobTurnState(open);
    state.fail = new Error(`Storage: error writing "${CONVERSATION}" due to eTag conflict.`);
    await expect(storage.write({ [CONVERSATION]: { a: 1 } })).rejects.toThrow(/eTag conflict/);
    expect(opened).toHaveLength(1);
    state.fail = storageDown();
    await expect(storage.read([CONVERSATION])).rejects.toThrow(/ECONNREFUSED/);
    state.fail = undefined;
    await expect(storage.read([CONVERSATION])).resolves.toEqual({});
    expect(opened).toHaveLength(2);
  });
});
