// The storage teams-ai 1.7.4 is given (Application option `storage`). It holds teams-ai's turn
// state only: the conversation and user scopes, keyed `{channel}/{bot}/conversations/{id}` and
// `{channel}/{bot}/users/{id}` (TurnState.js onComputeStorageKeys), read at the start of every
// turn and written back when they changed (load/save). The bot keeps nothing of its own there;
// teams-ai keeps its Teams SSO sign-in: the SSO prompt's dialog state and the message to answer
// after it (conversation scope, BotAuthenticationBase.js getUser*StatePropertyName), and "in a
// sign-in flow" (user scope, IS_SIGNED_IN_KEY). All of it lives minutes.
//
// On several instances this must be shared: the OAuth card is sent by one instance and its
// signin/tokenExchange may reach another, which needs the dialog state to finish the sign-in.
import { createHash } from 'node:crypto';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import type { StoragePipelineOptions } from '@azure/storage-blob';
import type { BlobsStorage } from 'botbuilder-azure-blobs';
import type { StorageSetting } from '../../config-storage';
import type { KeyValueStorage, StoreItems } from '../../storage/sqlite-key-value-storage';

// teams-ai's token exchange ids: `{uuid}-{setting name}` (TeamsSsoBotAuthentication.js line 32).
const EXCHANGE_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}-[^/]+$/;

/** teams-ai's dedupe record: `{channelId}/{conversationId}/{id}: {eTag: id}` and nothing else (line 106-110). */
function isTeamsAiDedupeWrite(changes: StoreItems): boolean {
  const entries = Object.entries(changes);
  if (entries.length !== 1) return false;
  const [key, item] = entries[0];
  const id = item.eTag;
  return typeof id === 'string' && EXCHANGE_ID.test(id) && key.endsWith(`/${id}`) && Object.keys(item).length === 1;
}

/**
 * The storage as teams-ai must see it: its own dedupe of signin/tokenExchange always passes.
 * teams-ai writes `{[key]: {eTag: id}}` after its exchange and takes ANY failure of that write for a
 * duplicate, `err.message.indexOf('eTag conflict')` being truthy when the words are absent (-1)
 * (TeamsSsoBotAuthentication.js shouldDedup, lines 105-121; teams-sdk #1457, #1897): a storage
 * error dropped the person's command after answering 200. And on Blob every exchange failed it:
 * botbuilder-azure-blobs sends If-Match with that eTag for a blob that does not exist yet
 * (blobsStorage.js line 156), which is a 412, reported as an "eTag conflict" (checked on Azurite).
 * The bot has already claimed the id, once across instances, before anything was exchanged
 * (token-exchange-once.ts), so the write would say nothing new: it succeeds without being made.
 */
export function withoutTeamsAiDedupe(storage: KeyValueStorage): KeyValueStorage {
  return {
    read: (keys) => storage.read(keys),
    write: async (changes) => (isTeamsAiDedupeWrite(changes) ? undefined : storage.write(changes)),
    delete: (keys) => storage.delete(keys)
  };
}

export interface TeamsAiStorageOptions {
  /** The embedded default (kind 'sqlite'): the SQLite key-value storage in DATA_DIR. */
  sqlite: () => KeyValueStorage;
  /**
   * Kind 'blob': the same pipeline options and credential as the other Blob stores, so a dead storage
   * fails every call within the invoke deadline (open-blob-container.ts's BLOB_PIPELINE_OPTIONS).
   */
  blob?: { pipeline: StoragePipelineOptions; credential?: TokenCredential };
}

/**
 * teams-ai's storage for `config.storage`. The composition root (create-bot.ts) calls it once and
 * passes the result as BotDeps.storage (or BuildOptions.storage):
 *
 *   storage: createTeamsAiStorage(config.storage, {
 *     sqlite: () => createSqliteKeyValueStorage(db),
 *     blob: { pipeline: BLOB_PIPELINE_OPTIONS, credential }   // the credential the Blob stores use
 *   })
 *
 * Blob: botbuilder's own BlobsStorage in the shared container (created if missing), with its
 * optimistic concurrency (If-Match on the eTag read; no eTag: a new scope, written as is).
 */
export function createTeamsAiStorage(setting: StorageSetting, options: TeamsAiStorageOptions): KeyValueStorage {
  if (setting.kind === 'sqlite') return options.sqlite();
  // A programming error, found at start: the SDK's default retries outlast Teams' invoke deadline.
  if (!options.blob) throw new Error('createTeamsAiStorage: Blob storage needs its pipeline options');
  const storagePipelineOptions = options.blob.pipeline;
  let credential = options.blob.credential;
  // Loaded here, not at start: it brings the Blob SDK, which a bot on SQLite never needs (open-blob-container.ts).
  const { BlobsStorage } = require('botbuilder-azure-blobs') as typeof import('botbuilder-azure-blobs');
  const open = (): BlobsStorage => {
    if (setting.connectionString)
      return new BlobsStorage(setting.connectionString, setting.container, { storagePipelineOptions });
    // accountUrl: the container's URL and a token credential (the managed identity by default).
    const url = `${String(setting.accountUrl).replace(/\/+$/, '')}/${setting.container}`;
    credential ??= new DefaultAzureCredential();
    return new BlobsStorage('', setting.container, { storagePipelineOptions }, url, credential);
  };
  return blobTurnState(open);
}

/** A lost optimistic-concurrency race, as MemoryStorage, the SQLite storage and BlobsStorage word it: not an outage. */
export function isETagConflict(err: unknown): boolean {
  return err instanceof Error && /eTag conflict/i.test(err.message);
}

/** Blob names: a prefix (for the lifecycle rule that deletes old blobs) and the key's SHA-256, no user id. */
export function turnStateBlobName(key: string): string {
  return `teams-ai-state-${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * BlobsStorage under hashed names, re-opened after a failure: it remembers its first
 * createIfNotExists() promise, a rejected one too (blobsStorage.js _initialize, lines 106-110), so
 * a first call during an outage would fail every later call until the process restarts (checked
 * on Azurite: a fresh instance answers once the storage is back). Exported for its unit test.
 */
export function blobTurnState(open: () => Pick<BlobsStorage, 'read' | 'write' | 'delete'>): KeyValueStorage {
  type Blobs = ReturnType<typeof open>;
  let blobs: Blobs | undefined;
  const run = async <T>(call: (b: Blobs) => Promise<T>): Promise<T> => {
    const current = blobs ?? open();
    blobs = current;
    try {
      return await call(current);
    } catch (err) {
      if (!isETagConflict(err) && blobs === current) blobs = undefined;
      throw err;
    }
  };
  return {
    async read(keys) {
      const items = await run((b) => b.read(keys.map(turnStateBlobName)));
      const found: StoreItems = {};
      for (const key of keys) {
        const item = items[turnStateBlobName(key)];
        if (item) found[key] = item;
      }
      return found;
    },
    async write(changes) {
      const named = Object.fromEntries(Object.entries(changes).map(([key, item]) => [turnStateBlobName(key), item]));
      await run((b) => b.write(named));
    },
    async delete(keys) {
      await run((b) => b.delete(keys.map(turnStateBlobName)));
    }
  };
}
