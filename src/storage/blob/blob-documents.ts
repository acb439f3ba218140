// The one thin layer every Blob store uses: small JSON documents by key, each with its eTag, and
// the two conditions the exactly-once rules rest on: create only if absent (If-None-Match: *) and
// replace or remove only if unchanged (If-Match: eTag). A lost condition is an answer ('exists',
// 'changed', false); every other failure (network, timeout, 403, 5xx) is storage_unavailable,
// never mistaken for "someone else has it" (which would be read as a repeat, or a duplicate).
import { createHash } from 'node:crypto';
import type { BlobRequestConditions, ContainerClient } from '@azure/storage-blob';
import { AppError } from '../../core/errors';

/**
 * The longest one call (all its tries) may take: well inside Teams' invoke deadline (~7 s) even
 * when a storage accepts connections and never answers (see BLOB_PIPELINE_OPTIONS for why the
 * SDK's own retry options cannot promise that).
 */
export const BLOB_CALL_DEADLINE_MS = 3000;

export interface StoredDocument<T> {
  value: T;
  etag: string;
}

export interface BlobDocuments<T> {
  /** The document and its eTag; undefined when there is none. */
  read(key: string): Promise<StoredDocument<T> | undefined>;
  /** Writes `value` only if there is no document yet: its eTag, or 'exists'. */
  create(key: string, value: T): Promise<string | 'exists'>;
  /** Writes `value` only over the document whose eTag is `etag`: the new eTag, or 'changed' (or gone). */
  replace(key: string, value: T, etag: string): Promise<string | 'changed'>;
  /**
   * Writes `value` whatever is there (last writer wins): its eTag. Only for caches whose save
   * replaces, as a memory map's set or SQLite's upsert; never for the ledger's transitions.
   */
  put(key: string, value: T): Promise<string>;
  /** Removes the document (only if its eTag is still `etag`, when given): false when it was not removed. */
  remove(key: string, etag?: string): Promise<boolean>;
}

/**
 * Documents of one store, under `prefix/`. A blob's name is the SHA-256 (hex) of its key, not the
 * key: keys hold user ids (kept out of names, which storage logs and lifecycle rules show) and any
 * characters; a hash is short and always a valid name. Each store keeps its key inside the document.
 */
export function blobDocuments<T>(
  container: ContainerClient,
  prefix: string,
  deadlineMs = BLOB_CALL_DEADLINE_MS
): BlobDocuments<T> {
  const blob = (key: string) =>
    container.getBlockBlobClient(`${prefix}/${createHash('sha256').update(key, 'utf8').digest('hex')}.json`);
  const failed = (what: string, err: unknown) =>
    new AppError('storage_unavailable', `Blob storage: ${what} in ${prefix}/ failed`, { cause: err });
  // An aborted call rejects with an AbortError, not a RestError: storage_unavailable like the rest.
  const deadline = () => AbortSignal.timeout(deadlineMs);
  const upload = async (key: string, value: T, conditions: BlobRequestConditions) => {
    const body = JSON.stringify(value);
    const answer = await blob(key).upload(body, Buffer.byteLength(body), {
      abortSignal: deadline(),
      conditions,
      blobHTTPHeaders: { blobContentType: 'application/json' }
    });
    return answer.etag ?? '';
  };

  return {
    async read(key) {
      let text: string;
      let etag: string | undefined;
      try {
        const answer = await blob(key).download(0, undefined, { abortSignal: deadline() });
        etag = answer.etag;
        text = await readAll(answer.readableStreamBody);
      } catch (err) {
        if (blobNotFound(err)) return undefined;
        throw failed('a read', err);
      }
      if (!etag) throw failed('a read (no eTag)', undefined);
      try {
        return { value: JSON.parse(text) as T, etag };
      } catch (err) {
        // Not ours, or cut short: reading it as absent could let a posted draft be posted again.
        throw failed('a read (not JSON)', err);
      }
    },
    async create(key, value) {
      try {
        return await upload(key, value, { ifNoneMatch: '*' });
      } catch (err) {
        // Put Blob answers 409 BlobAlreadyExists; 412 is the generic "condition not met" for the same.
        const status = statusOf(err);
        if ((status === 409 && codeOf(err) === 'BlobAlreadyExists') || status === 412) return 'exists';
        throw failed('a create', err);
      }
    },
    async replace(key, value, etag) {
      try {
        return await upload(key, value, { ifMatch: etag });
      } catch (err) {
        if (statusOf(err) === 412 || blobNotFound(err)) return 'changed';
        throw failed('a replace', err);
      }
    },
    async put(key, value) {
      try {
        return await upload(key, value, {});
      } catch (err) {
        throw failed('a write', err);
      }
    },
    async remove(key, etag) {
      try {
        await blob(key).delete({ abortSignal: deadline(), ...(etag ? { conditions: { ifMatch: etag } } : {}) });
        return true;
      } catch (err) {
        if (statusOf(err) === 412 || blobNotFound(err)) return false;
        throw failed('a remove', err);
      }
    }
  };
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// Read from the error's shape, not `instanceof RestError`: the SDK's packages may be installed twice.
function statusOf(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** No such blob. A missing container is not "no document": it is storage that is not there. */
function blobNotFound(err: unknown): boolean {
  return statusOf(err) === 404 && codeOf(err) !== 'ContainerNotFound';
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** What a read-modify-write round returns when it lost a race and must read again. */
export const AGAIN = Symbol('again');

/**
 * Runs `round` until it returns something other than AGAIN, at most `rounds` times, a few
 * random milliseconds apart (so racing writers do not collide in step). Each round reads afresh.
 * A document that never stops changing is a storage that cannot be used right now, not a silent skip.
 */
export async function untilSettled<T>(what: string, round: () => Promise<T | typeof AGAIN>, rounds = 8): Promise<T> {
  for (let i = 0; i < rounds; i++) {
    const result = await round();
    if (result !== AGAIN) return result;
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (i + 1)));
  }
  throw new AppError('storage_unavailable', `Blob storage: ${what} kept changing under ${rounds} attempts`);
}
