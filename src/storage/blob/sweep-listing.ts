// A Blob store's sweep, bounded: a container cannot be asked "which are old", so a sweep lists
// documents (names and metadata, no bodies) a page at a time and asks `sweepOne` of each. At most
// `listMax` documents per call, going on where the previous call stopped (and once more from the
// start after the end): bounded work however many are kept, and every document reached in turn.
import type { BlobDocuments, ListedDocument } from './blob-documents';

const PAGE = 1000;
const MAX_REQUESTS = 10;
/** Documents handled at once: a big sweep does not open hundreds of sockets. */
const AT_ONCE = 8;

export interface SweepListing {
  /** How many `sweepOne` removed (it answers 1 for a removal, 0 otherwise). */
  sweep(sweepOne: (listed: ListedDocument) => Promise<number>): Promise<number>;
}

export function sweepListing(documents: Pick<BlobDocuments<unknown>, 'list'>, listMax: number): SweepListing {
  // Where the last sweep stopped listing: the next one goes on from there.
  let sweepFrom: string | undefined;
  return {
    async sweep(sweepOne) {
      let removed = 0;
      let listed = 0;
      let from = sweepFrom;
      // Started mid-way: after the end, once more from the start (within the same bound).
      let wrapped = from === undefined;
      // The service may answer a page with fewer names than asked (even none): requests are bounded too.
      for (let requests = 0; requests < MAX_REQUESTS && listed < listMax; requests++) {
        const page = await documents.list(Math.min(PAGE, listMax - listed), from);
        listed += page.documents.length;
        for (let i = 0; i < page.documents.length; i += AT_ONCE) {
          for (const n of await Promise.all(page.documents.slice(i, i + AT_ONCE).map(sweepOne))) removed += n;
        }
        from = page.next;
        if (!from) {
          if (wrapped) break;
          wrapped = true;
        }
      }
      sweepFrom = from;
      return removed;
    }
  };
}
