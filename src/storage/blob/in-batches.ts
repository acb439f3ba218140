// Small helpers the Blob stores that list and then read share.

/** Requests at once: a listing of hundreds does not open hundreds of sockets. */
export const BLOB_AT_ONCE = 8;

/** `work` on every item, `atOnce` at a time; the answers in the items' order. */
export async function inBatches<T, R>(
  items: readonly T[],
  work: (item: T) => Promise<R>,
  atOnce = BLOB_AT_ONCE
): Promise<R[]> {
  const answers: R[] = [];
  for (let i = 0; i < items.length; i += atOnce) {
    answers.push(...(await Promise.all(items.slice(i, i + atOnce).map(work))));
  }
  return answers;
}

/** Ordering as SQLite's default (BINARY) collation does: by UTF-16 code units, not by locale. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
