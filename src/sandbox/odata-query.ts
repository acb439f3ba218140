// The slice of OData's query language the sandbox understands: $select, $top, $skiptoken or $skip
// paging with absolute nextLinks, $count, and the directory's two $filter shapes (the mailbox's
// are in conversation-filter.ts and list-order.ts). Anything else is
// refused with a 400, as Entra ID refuses queries it does not support: a sandbox that silently
// ignored an option would let a client depend on behaviour the real service does not have.
import { GraphError } from './sandbox-http';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Graph caps `in (...)` (and `or` chains) at 15 values. */
export const MAX_IN_VALUES = 15;

export interface Query {
  params: URLSearchParams;
  /** Absolute URL of this request on the sandbox's own origin (nextLinks point back here). */
  selfUrl: URL;
}

const entraRefusal = (key: string) =>
  new GraphError(400, 'Request_UnsupportedQuery', `The query option '${key}' is not supported by this sandbox route.`);

/** Outlook's answer to a query option an API does not take (group mailbox routes). */
export const outlookRefusal = (key: string) =>
  new GraphError(400, 'ErrorInvalidUrlQuery', `The following parameters are not supported: '${key}'.`);

/** Rejects `$` options a route does not support: Entra ID's error unless `refuse` gives another. */
export function allowOptions(
  query: URLSearchParams,
  allowed: readonly string[],
  refuse: (key: string) => GraphError = entraRefusal
): void {
  for (const key of query.keys()) {
    if (key.startsWith('$') && !allowed.includes(key.toLowerCase())) throw refuse(key);
  }
}

/**
 * `$select=a,b`: only these properties (names checked against the entity type, as Graph does),
 * plus `id`, which the sandbox always keeps so list items stay addressable.
 */
export function parseSelect(query: URLSearchParams, known: readonly string[], typeName: string): string[] | undefined {
  const raw = query.get('$select');
  if (raw === null) return undefined;
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const canonical = names.map((name) => {
    const match = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!match)
      throw new GraphError(
        400,
        'Request_BadRequest',
        `Could not find a property named '${name}' on type '${typeName}'.`
      );
    return match;
  });
  return ['id', ...canonical.filter((n) => n !== 'id')];
}

export function project<T extends object>(entity: T, select: string[] | undefined): Partial<T> {
  if (!select) return entity;
  const out: Record<string, unknown> = {};
  for (const key of select) out[key] = (entity as Record<string, unknown>)[key] ?? null;
  return out as Partial<T>;
}

export function parseTop(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get('$top');
  if (raw === null) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= max)) {
    throw new GraphError(
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`
    );
  }
  return n;
}

export function parseCount(query: URLSearchParams): boolean {
  const raw = query.get('$count');
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new GraphError(400, 'Request_BadRequest', `Invalid value '${raw}' for $count: expected true or false.`);
}

/** Opaque to clients (they must follow nextLink as given); an offset inside. */
function encodeSkipToken(offset: number): string {
  return `RFNwdAIAAQ${Buffer.from(JSON.stringify({ o: offset })).toString('base64url')}`;
}

function decodeSkipToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token.replace(/^RFNwdAIAAQ/, ''), 'base64url').toString('utf8')) as {
      o?: unknown;
    };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through
  }
  throw new GraphError(400, 'Request_BadRequest', 'The specified page token value has expired or is invalid.');
}

/** `$skip=N` (only where nextLinks carry it): a non-negative integer. */
function parseSkip(raw: string): number {
  if (/^\d{1,9}$/.test(raw)) return Number(raw);
  throw new GraphError(
    400,
    'BadRequest',
    `The value '${raw}' of the query option '$skip' is not valid: it must be a non-negative integer.`
  );
}

/** How a list's nextLinks page (concepts/paging.md: "$skiptoken or $skip depending on the API"). */
export type PagingStyle = 'skiptoken' | 'skip';

/**
 * One page of `items` and, when more remain, an absolute nextLink with the same query (so $select,
 * $filter, $orderby and $top carry over) plus `$skiptoken` (opaque) or `$skip=N`.
 */
export function paginate<T>(
  items: readonly T[],
  top: number,
  q: Query,
  style: PagingStyle = 'skiptoken'
): { page: T[]; nextLink?: string } {
  const param = style === 'skip' ? '$skip' : '$skiptoken';
  const raw = q.params.get(param);
  let offset = 0;
  if (raw !== null) offset = style === 'skip' ? parseSkip(raw) : decodeSkipToken(raw);
  const page = items.slice(offset, offset + top);
  if (offset + top >= items.length) return { page };
  const next = new URL(q.selfUrl.href);
  next.searchParams.delete(param);
  next.searchParams.set(param, style === 'skip' ? String(offset + top) : encodeSkipToken(offset + top));
  // URLSearchParams encodes `$` as %24; Graph's links keep it literal.
  return { page, nextLink: next.href.replace(/%24/g, '$') };
}

/** `groupTypes/any(c:c eq 'Unified')`, with any lambda variable and spacing. */
export function isUnifiedFilter(filter: string): boolean {
  return /^groupTypes\/any\(\s*(\w+)\s*:\s*\1\s+eq\s+'Unified'\s*\)$/.test(filter.trim());
}

/** `id in ('a','b')` or `id eq 'a'` → the ids (lower-cased GUIDs). */
export function parseUserIdFilter(filter: string): string[] {
  const text = filter.trim();
  let values: string[];
  const inMatch = /^id\s+in\s*\((.*)\)$/i.exec(text);
  const eqMatch = /^id\s+eq\s+('(?:[^']|'')*')$/i.exec(text);
  if (inMatch) {
    values = splitQuotedList(inMatch[1] as string);
  } else if (eqMatch) {
    values = splitQuotedList(eqMatch[1] as string);
  } else if (/^\w+(\/\w+)?\s+(eq|ne|in|ge|le|gt|lt)\s|^(startswith|endswith)\(/i.test(text)) {
    throw new GraphError(
      400,
      'Request_UnsupportedQuery',
      'Unsupported query: the sandbox supports only id eq and id in filters on users.'
    );
  } else {
    throw new GraphError(400, 'BadRequest', `Invalid filter clause: Syntax error at position 0 in '${filter}'.`);
  }
  if (values.length > MAX_IN_VALUES) {
    throw new GraphError(
      400,
      'Request_UnsupportedQuery',
      [
        "Too many child clauses specified in search filter expression containing 'OR' operators:",
        `${values.length}. Max allowed: ${MAX_IN_VALUES}.`
      ].join(' ')
    );
  }
  for (const v of values) {
    if (!GUID.test(v)) throw new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${v}'.`);
  }
  return values.map((v) => v.toLowerCase());
}

/** `'a', 'b'` → ['a', 'b']; '' inside a literal is a quote. Anything else is a syntax error. */
function splitQuotedList(list: string): string[] {
  const values: string[] = [];
  const re = /\s*'((?:[^']|'')*)'\s*(,|$)/y;
  let last = '';
  while (re.lastIndex < list.length) {
    const m = re.exec(list);
    if (!m) throw new GraphError(400, 'BadRequest', `Invalid filter clause: Syntax error in '${list}'.`);
    values.push((m[1] as string).replace(/''/g, "'"));
    last = m[2] as string;
    if (last === '') break;
  }
  if (values.length === 0 || last === ',')
    throw new GraphError(400, 'BadRequest', `Invalid filter clause: Syntax error in '${list}'.`);
  return values;
}
