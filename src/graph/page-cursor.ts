// Paging through a group's conversations from a card. A card's data comes back from the client
// and can be edited, so it never holds a URL: a tampered nextLink would send the person's token
// wherever it points. It holds only a cursor (the nextLink's $skiptoken value, or its $skip
// offset), checked here and put back into a URL the bot builds itself from the validated group id.

/** Opaque skiptoken values: URL-safe characters only, bounded (directory tokens run to a few hundred). */
const SKIPTOKEN = /^[A-Za-z0-9\-._~'()*!+=/,]{1,2048}$/;
/**
 * Outlook-backed collections may page with `$skip=N` instead of a skiptoken; such a cursor is
 * `skip:N`. The colon is not in the skiptoken alphabet, so the two forms cannot be confused.
 */
const SKIP = /^skip:(\d{1,6})$/;

export function isPageCursor(value: unknown): value is string {
  return typeof value === 'string' && (SKIPTOKEN.test(value) || SKIP.test(value));
}

/** The cursor for the page a nextLink points to; undefined when there is none this bot can carry. */
export function cursorFromNextLink(nextLink: unknown): string | undefined {
  if (typeof nextLink !== 'string' || nextLink === '') return undefined;
  let params: URLSearchParams;
  try {
    params = new URL(nextLink, 'https://graph.invalid/').searchParams;
  } catch {
    return undefined;
  }
  const get = (name: string) => [...params.entries()].find(([k]) => k.toLowerCase() === name)?.[1];
  const token = get('$skiptoken');
  if (token !== undefined) return SKIPTOKEN.test(token) ? token : undefined;
  const skip = get('$skip');
  return skip !== undefined && /^\d{1,6}$/.test(skip) ? `skip:${skip}` : undefined;
}

/** The query parameters that ask Graph for the cursor's page (none for the first page). */
export function cursorQuery(cursor: string | undefined): Record<string, string> {
  if (cursor === undefined) return {};
  if (!isPageCursor(cursor)) throw new Error('not a page cursor');
  const skip = SKIP.exec(cursor);
  return skip ? { $skip: skip[1] as string } : { $skiptoken: cursor };
}
