// The one thin layer every Blob store uses: small JSON documents by key, each with its eTag, and
// the two conditions the exactly-once rules rest on: create only if absent (If-None-Match: *) and
// replace or remove only if unchanged (If-Match: eTag). A lost condition is an answer ('exists',
// 'changed', false); every other failure (network, timeout, 403, 5xx) is storage_unavailable,
// never mistaken for "someone else has it" (which would be read as a repeat, or a duplicate).
// A store that must find some documents among many (the old ones to sweep, issue 15) lists them a
// page at a time, by id and metadata, without reading a body.
import { createHash } from 'node:crypto';
import type { BlobRequestConditions, ContainerClient, ListBlobsFlatSegmentResponse } from '@azure/storage-blob';
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

/**
 * A blob's name-value pairs, listed with its name (no read of its body): what a store that must
 * find some documents among many (old ones to sweep) writes beside each. ASCII names and values.
 */
export type DocumentMetadata = Record<string, string>;

/** One document as a listing sees it: its id (idOf its key), never its key or its value. */
export interface ListedDocument {
  id: string;
  etag: string;
  lastModified: Date;
  metadata: DocumentMetadata;
}

export interface BlobDocuments<T> {
  /** The document and its eTag; undefined when there is none. */
  read(key: string): Promise<StoredDocument<T> | undefined>;
  /** Writes `value` only if there is no document yet: its eTag, or 'exists'. */
  create(key: string, value: T, metadata?: DocumentMetadata): Promise<string | 'exists'>;
  /**
   * Writes `value` only over the document whose eTag is `etag`: the new eTag, or 'changed' (or gone).
   * A write replaces the blob's metadata too: a store that lists by metadata passes it again.
   */
  replace(key: string, value: T, etag: string, metadata?: DocumentMetadata): Promise<string | 'changed'>;
  /**
   * Writes `value` whatever is there (last writer wins): its eTag. Only for caches whose save
   * replaces, as a memory map's set or SQLite's upsert; never for the ledger's transitions.
   */
  put(key: string, value: T, metadata?: DocumentMetadata): Promise<string>;
  /** Removes the document (only if its eTag is still `etag`, when given): false when it was not removed. */
  remove(key: string, etag?: string): Promise<boolean>;
  /**
   * The id a listing gives the document of `key` (its SHA-256): the same in every store, so two
   * stores can keep documents of one key under two prefixes and pair them from a listing.
   */
  idOf(key: string): string;
  /** read and remove by a listed id (the store checks the key inside the document). */
  readId(id: string): Promise<StoredDocument<T> | undefined>;
  removeId(id: string, etag?: string): Promise<boolean>;
  /**
   * One page of the documents (name order, with their metadata), at most `max` (the service caps
   * a page at 5,000), from where the previous page's `next` said; `next` undefined at the end.
   */
  list(max: number, from?: string): Promise<{ documents: ListedDocument[]; next?: string }>;
}

/**
 * 'hashed' (the default): a blob is named by its key's SHA-256. 'key': by the key itself, for a store
 * whose listing order is its meaning (a queue, oldest first); its keys are the store's own, never a
 * user's, and only [A-Za-z0-9-] (checked).
 */
export type BlobNaming = 'hashed' | 'key';

/**
 * Documents of one store, under `prefix/`. A blob's name is the SHA-256 (hex) of its key, not the
 * key: keys hold user ids (kept out of names, which storage logs and lifecycle rules show) and any
 * characters; a hash is short and always a valid name. Each store keeps its key inside the document.
 */
export function blobDocuments<T>(
  container: ContainerClient,
  prefix: string,
  deadlineMs = BLOB_CALL_DEADLINE_MS,
  naming: BlobNaming = 'hashed'
): BlobDocuments<T> {
  const idOf = (key: string) => (naming === 'key' ? key : createHash('sha256').update(key, 'utf8').digest('hex'));
  const named = (id: string) => {
    if (naming === 'key' && !/^[A-Za-z0-9-]{1,200}$/.test(id)) {
      throw new AppError('storage_unavailable', `Blob storage: a document name in ${prefix}/ is not its own`);
    }
    return container.getBlockBlobClient(`${prefix}/${id}.json`);
  };
  const blob = (key: string) => named(idOf(key));
  const failed = (what: string, err: unknown) =>
    new AppError('storage_unavailable', `Blob storage: ${what} in ${prefix}/ failed`, { cause: err });
  // An aborted call rejects with an AbortError, not a RestError: storage_unavailable like the rest.
  const deadline = () => AbortSignal.timeout(deadlineMs);
  const upload = async (key: string, value: T, conditions: BlobRequestConditions, metadata?: DocumentMetadata) => {
    const body = JSON.stringify(value);
    const answer = await blob(key).upload(body, Buffer.byteLength(body), {
      abortSignal: deadline(),
      conditions,
      ...(metadata ? { metadata } : {}),
      blobHTTPHeaders: { blobContentType: 'application/json' }
    });
    return answer.etag ?? '';
  };
  const readId = async (id: string): Promise<StoredDocument<T> | undefined> => {
    let text: string;
    let etag: string | undefined;
    try {
      const answer = await named(id).download(0, undefined, { abortSignal: deadline() });
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
  };
  const removeId = async (id: string, etag?: string) => {
    try {
      await named(id).delete({ abortSignal: deadline(), ...(etag ? { conditions: { ifMatch: etag } } : {}) });
      return true;
    } catch (err) {
      if (statusOf(err) === 412 || blobNotFound(err)) return false;
      throw failed('a remove', err);
    }
  };

  return {
    read: (key) => readId(idOf(key)),
    async create(key, value, metadata) {
      try {
        return await upload(key, value, { ifNoneMatch: '*' }, metadata);
      } catch (err) {
        // Put Blob answers 409 BlobAlreadyExists; 412 is the generic "condition not met" for the same.
        const status = statusOf(err);
        if ((status === 409 && codeOf(err) === 'BlobAlreadyExists') || status === 412) return 'exists';
        throw failed('a create', err);
      }
    },
    async replace(key, value, etag, metadata) {
      try {
        return await upload(key, value, { ifMatch: etag }, metadata);
      } catch (err) {
        if (statusOf(err) === 412 || blobNotFound(err)) return 'changed';
        throw failed('a replace', err);
      }
    },
    async put(key, value, metadata) {
      try {
        return await upload(key, value, {}, metadata);
      } catch (err) {
        throw failed('a write', err);
      }
    },
    remove: (key, etag) => removeId(idOf(key), etag),
    idOf,
    readId,
    removeId,
    async list(max, from) {
      let page: ListBlobsFlatSegmentResponse | undefined;
      try {
        // One page, one request, under its own deadline (the iterator is made for this page only).
        const pages = container
          .listBlobsFlat({ prefix: `${prefix}/`, includeMetadata: true, abortSignal: deadline() })
          .byPage({ maxPageSize: max, ...(from ? { continuationToken: from } : {}) });
        page = (await pages.next()).value;
      } catch (err) {
        throw failed('a listing', err);
      }
      const documents = (page?.segment.blobItems ?? []).map(({ name, properties, metadata }): ListedDocument => {
        // The service always lists one; without it nothing could be removed only-if-unchanged.
        if (!properties.etag) throw failed('a listing (no eTag)', undefined);
        const id = name.slice(prefix.length + 1).replace(/\.json$/, '');
        return { id, etag: properties.etag, lastModified: properties.lastModified, metadata: metadata ?? {} };
      });
      return page?.continuationToken ? { documents, next: page.continuationToken } : { documents };
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
