// The order of mailbox lists. Graph promises none for a group's conversations, threads or posts
// (api-reference/v1.0/api/group-list-conversations.md, group-list-threads.md,
// conversationthread-list-posts.md document no default order), so by default the sandbox answers in
// an order a client cannot mistake for one: neither newest- nor oldest-first. The one sort it
// honours when asked is the one the Office 365 Groups Mail connector polls with,
// `$orderby=lastDeliveredDateTime desc` (Azure/Connectors-NodeJS-SDK).
import { createHash } from 'node:crypto';
import { GraphError } from './sandbox-http';

/**
 * `items` (in chronological order, as newestFirst gives them) in a permutation fixed by `seed` and
 * the items' ids: sorted by sha256(`${seed}:${id}`), then rotated until it is monotone neither by
 * `timeOf` nor by position (times may tie). With 3 items or more such a rotation exists: of the
 * rotations of a sequence that is not constant, at most one is non-decreasing and one
 * non-increasing. The same items and seed give the same order, so paging through it by offset
 * sees every item once.
 */
export function unspecifiedOrder<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  timeOf: (item: T) => string,
  seed: number
): T[] {
  const position = new Map(items.map((item, i) => [item, i]));
  const hashed = items
    .map((item) => ({
      item,
      key: createHash('sha256')
        .update(`${seed}:${idOf(item)}`)
        .digest('hex')
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((h) => h.item);
  if (hashed.length < 3) return hashed;
  const times = new Set(items.map(timeOf));
  for (let k = 0; k < hashed.length; k++) {
    const candidate = [...hashed.slice(k), ...hashed.slice(0, k)];
    const byPosition = isMonotone(candidate.map((item) => position.get(item) as number));
    const byTime = times.size > 1 && isMonotone(candidate.map(timeOf));
    if (!byPosition && !byTime) return candidate;
  }
  return hashed; // unreachable for 3 items or more in chronological order (see above)
}

/** Non-decreasing or non-increasing. */
export function isMonotone<K extends string | number>(keys: readonly K[]): boolean {
  let up = true;
  let down = true;
  for (let i = 1; i < keys.length; i++) {
    const a = keys[i - 1] as K;
    const b = keys[i] as K;
    if (a > b) up = false;
    if (a < b) down = false;
  }
  return up || down;
}

/** Newest activity first (ISO times sort as text); ties keep their stored order. */
export function newestFirst<T>(items: readonly T[], timeOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ta = timeOf(a);
    const tb = timeOf(b);
    return ta < tb ? 1 : ta > tb ? -1 : 0;
  });
}

export interface OrderBy {
  descending: boolean;
}

/**
 * `$orderby` on a group's conversations or threads: only `lastDeliveredDateTime`, `asc`
 * (the default) or `desc`, any case and spacing. Another property, known or not, or several
 * clauses, are refused as Graph refuses an unsupported sort.
 */
export function parseOrderBy(raw: string, known: readonly string[], typeName: string): OrderBy {
  const clauses = raw.split(',').map((c) => c.trim());
  const parsed = clauses.map((clause) => {
    const m = /^([A-Za-z_][\w/]*)(?:\s+(asc|desc))?$/i.exec(clause);
    if (!m) {
      throw new GraphError(400, 'BadRequest', `Invalid $orderby expression '${raw}': syntax error in '${clause}'.`);
    }
    return { property: m[1] as string, descending: (m[2] ?? 'asc').toLowerCase() === 'desc' };
  });
  for (const { property } of parsed) {
    if (property.toLowerCase() === 'lastdelivereddatetime') continue;
    if (!known.some((k) => k.toLowerCase() === property.toLowerCase())) {
      throw new GraphError(
        400,
        'RequestBroker--ParseUri',
        `Could not find a property named '${property}' on type '${typeName}'.`
      );
    }
    throw new GraphError(400, 'ErrorInvalidProperty', `The property '${property}' does not support sorting.`);
  }
  if (parsed.length > 1) {
    throw new GraphError(400, 'ErrorInvalidUrlQuery', `Only one $orderby clause is supported here: '${raw}'.`);
  }
  return { descending: (parsed[0] as { descending: boolean }).descending };
}

/** The whole list sorted by its time (lastDeliveredDateTime), ties by id, before any paging. */
export function sortByTime<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  timeOf: (item: T) => string,
  order: OrderBy
): T[] {
  const sign = order.descending ? -1 : 1;
  return [...items].sort((a, b) => {
    const ta = timeOf(a);
    const tb = timeOf(b);
    if (ta !== tb) return ta < tb ? -sign : sign;
    return idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0;
  });
}
