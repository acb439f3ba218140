// The container that holds the bot's shared state on Azure Blob Storage (issue 14): every bot
// instance opens the same one. A connection string (an account key or SAS; Azurite in the tests)
// or, in Azure, the account URL and the instance's managed identity (DefaultAzureCredential).
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import type { ContainerClient, StoragePipelineOptions } from '@azure/storage-blob';
import type { StorageSetting } from '../../config-storage';
import { AppError } from '../../core/errors';

/**
 * @azure/storage-blob is loaded on first use: about 0.15 s of a start (a require timer, issue 18)
 * that a bot on the embedded default (SQLite) never needs. Its types come from `import type`,
 * which TypeScript erases. (@azure/identity is loaded at start anyway, by botframework-connector.)
 */
function storageBlob(): typeof import('@azure/storage-blob') {
  return require('@azure/storage-blob') as typeof import('@azure/storage-blob');
}

export type BlobStorageSetting = Extract<StorageSetting, { kind: 'blob' }>;

/**
 * Short on purpose. Every storage call runs inside a Teams invoke that must be answered within
 * config.invokeDeadlineMs (~7 s): the SDK's defaults (4 tries, 4 s between them growing to 2 min)
 * would keep a post waiting on a dead storage long after Teams gave up, and the person would see
 * a spinner, then nothing. Two tries 200 ms apart; tryTimeoutInMs only asks the service to give up
 * (the SDK sends it as `timeout=`, it does not abort anything), so each call also carries its own
 * deadline (BLOB_CALL_DEADLINE_MS in blob-documents.ts) against a storage that accepts and stalls.
 * Either way the bot still answers in time: "Can't post right now … nothing was sent".
 */
export const BLOB_PIPELINE_OPTIONS: StoragePipelineOptions = {
  retryOptions: { maxTries: 2, tryTimeoutInMs: 2500, retryDelayInMs: 200, maxRetryDelayInMs: 1000 }
};

/** At start there is no invoke waiting, but a start must not hang on a storage that stalls either. */
const OPEN_DEADLINE_MS = 15_000;

export interface OpenBlobContainerOptions {
  /** For `accountUrl`: the identity to use; default a DefaultAzureCredential (the managed identity in Azure). */
  credential?: TokenCredential;
  /** Replaces BLOB_PIPELINE_OPTIONS (tests that need other limits). */
  pipeline?: StoragePipelineOptions;
}

/**
 * The container client, made at once (no network): the composition root stays synchronous, and
 * ensureBlobContainer creates the container when missing, at start and again until it succeeds.
 */
export function blobContainerClient(
  setting: BlobStorageSetting,
  options: OpenBlobContainerOptions = {}
): ContainerClient {
  const pipeline = options.pipeline ?? BLOB_PIPELINE_OPTIONS;
  const { BlobServiceClient } = storageBlob();
  let service: InstanceType<typeof BlobServiceClient>;
  if (setting.connectionString) {
    service = BlobServiceClient.fromConnectionString(setting.connectionString, pipeline);
  } else if (setting.accountUrl) {
    service = new BlobServiceClient(setting.accountUrl, options.credential ?? new DefaultAzureCredential(), pipeline);
  } else {
    throw new AppError('bot_misconfigured', 'Blob storage needs a connection string or an account URL');
  }
  return service.getContainerClient(setting.container);
}

/** Creates the container when it is missing; storage_unavailable when the storage cannot be reached. */
export async function ensureBlobContainer(container: ContainerClient): Promise<void> {
  try {
    // Once, at start: no store has to wonder later whether its container is there.
    await container.createIfNotExists({ abortSignal: AbortSignal.timeout(OPEN_DEADLINE_MS) });
  } catch (err) {
    throw new AppError('storage_unavailable', `Blob storage: cannot open container ${container.containerName}`, {
      cause: err
    });
  }
}

/** The container client, once the container exists (created when missing). */
export async function openBlobContainer(
  setting: BlobStorageSetting,
  options: OpenBlobContainerOptions = {}
): Promise<ContainerClient> {
  const container = blobContainerClient(setting, options);
  await ensureBlobContainer(container);
  return container;
}
