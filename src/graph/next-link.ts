// Graph's paging, as its paging guide says to do it: follow `@odata.nextLink` exactly as given,
// never extract its `$skiptoken` or `$skip` into a URL of our own (lists page either way, and the
// token may only mean something together with the rest of that link). Following a link sends the
// person's bearer token to it, so it is checked first: the configured Graph origin, and the same
// collection the first page was read from.
import { GraphRequestError } from '../core/errors';

/**
 * `link` when it is a nextLink into `collection` (e.g. `/groups/{id}/conversations`, relative to
 * `base`); undefined when Graph gave none; graph_unavailable when it points anywhere else (ending
 * the paging there instead would make a search that has not seen everything look finished).
 */
export function checkedNextLink(link: unknown, base: string, collection: string): string | undefined {
  if (link === undefined || link === null || link === '') return undefined;
  if (typeof link !== 'string' || !isInto(link, base, collection)) {
    throw new GraphRequestError('graph_unavailable', {
      status: 200,
      message: 'Graph returned a nextLink outside the collection it pages'
    });
  }
  return link;
}

function isInto(link: string, base: string, collection: string): boolean {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  const expected = new URL(base);
  if (url.origin !== expected.origin || url.username !== '' || url.password !== '') return false;
  return samePath(url.pathname, `${expected.pathname.replace(/\/+$/, '')}${collection}`);
}

/**
 * Graph may write a key as a segment (`groups/{id}`) or in parentheses (`groups('{id}')`), and
 * ids and names ignore case; percent-encoding may differ. Both sides are decoded and compared in
 * one spelling.
 */
function samePath(actual: string, expected: string): boolean {
  const canonical = (path: string): string | undefined => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return undefined;
    }
    return decoded.replace(/\('([^'/]*)'\)/g, '/$1').toLowerCase();
  };
  const a = canonical(actual);
  return a !== undefined && a === canonical(expected);
}

/** The link asks for `$orderby=lastDeliveredDateTime desc` (Graph keeps the first request's options in it). */
export function asksNewestFirst(link: string): boolean {
  const value = [...new URL(link).searchParams].find(([k]) => k.toLowerCase() === '$orderby')?.[1];
  return value !== undefined && /^\s*lastDeliveredDateTime\s+desc\s*$/i.test(value);
}
