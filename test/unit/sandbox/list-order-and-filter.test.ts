// The pure parts of the sandbox's mailbox lists: the `unspecified` order (a stable permutation that
// is never newest- nor oldest-first), $orderby parsing and sorting, the conversation $filter, the
// config's validation, and $skip paging.
import { matchesFilter, parseConversationFilter } from '../../../src/sandbox/conversation-filter';
import { isMonotone, newestFirst, parseOrderBy, sortByTime, unspecifiedOrder } from '../../../src/sandbox/list-order';
import { paginate } from '../../../src/sandbox/odata-query';
import { DEFAULT_CONFIG, initialConfig } from '../../../src/sandbox/sandbox-config';
import { codeOf } from '../../helpers/graph-error-code';

interface Item {
  id: string;
  at: string;
}
const idOf = (i: Item) => i.id;
const timeOf = (i: Item) => i.at;

/** A small deterministic PRNG, so a failure names a reproducible case. */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function items(n: number, random: () => number, distinctTimes = true): Item[] {
  const base = Date.UTC(2026, 0, 1);
  const list = Array.from({ length: n }, (_, i) => ({
    id: `AAQk${Math.floor(random() * 1e12).toString(36)}${i}=`,
    at: new Date(base + (distinctTimes ? i * 60_000 : Math.floor(random() * 3) * 60_000)).toISOString()
  }));
  return newestFirst(list, timeOf);
}

describe('the unspecified order', () => {
  it('is a permutation that is neither newest- nor oldest-first, for 3..40 items and many seeds', () => {
    const random = prng(12);
    for (let n = 3; n <= 40; n++) {
      for (let seed = 0; seed < 8; seed++) {
        const list = items(n, random);
        const out = unspecifiedOrder(list, idOf, timeOf, seed);
        expect([...out].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
          [...list].sort((a, b) => a.id.localeCompare(b.id))
        );
        expect({ n, seed, monotone: isMonotone(out.map(timeOf)) }).toEqual({ n, seed, monotone: false });
      }
    }
  });

  it('with tied times: never the stored order nor its reverse, and not monotone by time when times differ', () => {
    const random = prng(7);
    for (let n = 3; n <= 12; n++) {
      for (let seed = 0; seed < 20; seed++) {
        const list = items(n, random, false);
        const out = unspecifiedOrder(list, idOf, timeOf, seed);
        const positions = out.map((item) => list.indexOf(item));
        expect(isMonotone(positions)).toBe(false);
        if (new Set(list.map(timeOf)).size > 1) expect(isMonotone(out.map(timeOf))).toBe(false);
      }
    }
  });

  it('is stable for the same items and seed, whatever order they come in; the seed changes it', () => {
    const list = items(10, prng(3));
    const once = unspecifiedOrder(list, idOf, timeOf, 1);
    expect(unspecifiedOrder(list, idOf, timeOf, 1)).toEqual(once);
    expect(unspecifiedOrder([...list].reverse(), idOf, timeOf, 1).map(idOf)).toEqual(once.map(idOf));
    const orders = new Set(
      Array.from({ length: 10 }, (_, s) => unspecifiedOrder(list, idOf, timeOf, s).map(idOf).join())
    );
    expect(orders.size).toBeGreaterThan(1);
  });

  it('two items or fewer: any permutation (nothing else is possible)', () => {
    const list = items(2, prng(5));
    expect(unspecifiedOrder(list, idOf, timeOf, 1)).toHaveLength(2);
    expect(unspecifiedOrder([], idOf, timeOf, 1)).toEqual([]);
  });

  it('newestFirst sorts by time, newest first, ties in their given order', () => {
    const list = [
      { id: 'a', at: '2026-01-01T00:00:00Z' },
      { id: 'b', at: '2026-01-02T00:00:00Z' },
      { id: 'c', at: '2026-01-01T00:00:00Z' }
    ];
    expect(newestFirst(list, timeOf).map(idOf)).toEqual(['b', 'a', 'c']);
  });
});

describe('$orderby', () => {
  const known = ['id', 'topic', 'lastDeliveredDateTime', 'preview'];
  const t = 'microsoft.graph.conversation';

  it.each([
    ['lastDeliveredDateTime desc', true],
    ['LASTDELIVEREDDATETIME DESC', true],
    ['  lastDeliveredDateTime    desc  ', true],
    ['lastDeliveredDateTime asc', false],
    ['lastDeliveredDateTime', false]
  ])('accepts %j (descending: %s)', (raw, descending) => {
    expect(parseOrderBy(raw, known, t)).toEqual({ descending });
  });

  it.each([
    ['topic', '400 ErrorInvalidProperty'],
    ['preview desc', '400 ErrorInvalidProperty'],
    ['nope desc', '400 RequestBroker--ParseUri'],
    ['lastDeliveredDateTime sideways', '400 BadRequest'],
    ['lastDeliveredDateTime desc,topic asc', '400 ErrorInvalidProperty'],
    ['lastDeliveredDateTime desc,lastDeliveredDateTime asc', '400 ErrorInvalidUrlQuery'],
    ['', '400 BadRequest']
  ])('refuses %j', (raw, code) => {
    expect(codeOf(() => parseOrderBy(raw, known, t))).toBe(code);
  });

  it('sortByTime sorts the whole list, ties by id, both ways', () => {
    const list = [
      { id: 'b', at: '2026-01-01T00:00:00Z' },
      { id: 'c', at: '2026-01-03T00:00:00Z' },
      { id: 'a', at: '2026-01-01T00:00:00Z' }
    ];
    expect(sortByTime(list, idOf, timeOf, { descending: true }).map(idOf)).toEqual(['c', 'a', 'b']);
    expect(sortByTime(list, idOf, timeOf, { descending: false }).map(idOf)).toEqual(['a', 'b', 'c']);
  });
});

describe('the conversation $filter', () => {
  const known = ['id', 'topic', 'hasAttachments', 'lastDeliveredDateTime', 'uniqueSenders', 'preview'];

  it('parses the documented comparisons, `and`, parentheses and quote escaping', () => {
    expect(parseConversationFilter('hasAttachments eq false', known)).toEqual([
      { property: 'hasAttachments', op: 'eq', value: false }
    ]);
    expect(parseConversationFilter("HasAttachments NE true and (preview ge 'It''s')", known)).toEqual([
      { property: 'hasAttachments', op: 'ne', value: true },
      { property: 'preview', op: 'ge', value: "It's" }
    ]);
    expect(parseConversationFilter("preview le ''", known)).toEqual([{ property: 'preview', op: 'le', value: '' }]);
  });

  it.each([
    ["topic eq 'Launch'", '400 ErrorInvalidProperty'],
    ['lastDeliveredDateTime ge 2026-01-01T00:00:00Z', '400 ErrorInvalidProperty'],
    ["uniqueSenders/any(s:s eq 'Alex Wilber')", '400 ErrorInvalidProperty'],
    ["id eq 'AAQk='", '400 ErrorInvalidProperty'],
    ["preview gt 'a'", '400 ErrorInvalidProperty'],
    ['hasAttachments le true', '400 ErrorInvalidProperty'],
    ['nope eq 1', '400 RequestBroker--ParseUri'],
    ["contains(preview,'x')", '400 ErrorInvalidUrlQueryFilter'],
    ["startswith(topic,'x')", '400 ErrorInvalidUrlQueryFilter'],
    ["hasAttachments eq 'no'", '400 ErrorInvalidUrlQueryFilter'],
    ['preview eq unquoted', '400 ErrorInvalidUrlQueryFilter'],
    ["preview eq 'a' or preview eq 'b'", '400 ErrorInvalidUrlQueryFilter'],
    ['not hasAttachments eq true', '400 ErrorInvalidUrlQueryFilter'],
    ["preview eq 'unterminated", '400 ErrorInvalidUrlQueryFilter'],
    ['(hasAttachments eq true', '400 ErrorInvalidUrlQueryFilter'],
    ['', '400 ErrorInvalidUrlQueryFilter']
  ])('refuses %j', (filter, code) => {
    expect(codeOf(() => parseConversationFilter(filter, known))).toBe(code);
  });

  it("names the property Graph's way", () => {
    try {
      parseConversationFilter("topic eq 'x'", known);
    } catch (err) {
      expect((err as Error).message).toBe("The property 'topic' does not support filtering.");
    }
    expect.assertions(1);
  });

  it('matches without regard to case; le/ge compare the text', () => {
    const item = { hasAttachments: false, preview: 'Conversation 002.' };
    const matches = (f: string) => matchesFilter(item, parseConversationFilter(f, known));
    expect(matches("preview eq 'conversation 002.'")).toBe(true);
    expect(matches("preview ne 'conversation 002.'")).toBe(false);
    expect(matches("preview ge 'Conversation 002'")).toBe(true);
    expect(matches("preview le 'Conversation 001.'")).toBe(false);
    expect(matches('hasAttachments eq false')).toBe(true);
    expect(matches("hasAttachments ne false and preview eq 'Conversation 002.'")).toBe(false);
  });
});

describe('config', () => {
  it('defaults to the strict variant; legacy options and `config` override in that order', () => {
    expect(DEFAULT_CONFIG).toEqual({
      latencyMs: 0,
      mailboxConcurrency: 4,
      concurrencyScope: 'mailbox',
      order: 'unspecified',
      orderSeed: 1,
      orderby: true,
      paging: 'skiptoken',
      pageSize: 10
    });
    expect(initialConfig({ latencyMs: 5, config: { order: 'newest', latencyMs: 7 } })).toMatchObject({
      latencyMs: 7,
      order: 'newest',
      paging: 'skiptoken'
    });
    expect(initialConfig({ mailboxConcurrency: 2 })).toMatchObject({ mailboxConcurrency: 2 });
  });

  it('refuses unknown fields and bad values, naming them', () => {
    expect(() => initialConfig({ config: { pageSize: 0 } })).toThrow(/pageSize/);
    expect(() => initialConfig({ config: { colour: 'red' } as never })).toThrow(/invalid Graph sandbox config/);
  });
});

describe('$skip paging', () => {
  it('nextLinks carry $skip=N, keep the query; $skip must be a non-negative integer', () => {
    const selfUrl = new URL('http://127.0.0.1:1/v1.0/x?$select=id&$orderby=lastDeliveredDateTime+desc&$top=2');
    const first = paginate([1, 2, 3, 4, 5], 2, { params: selfUrl.searchParams, selfUrl }, 'skip');
    expect(first.page).toEqual([1, 2]);
    expect(first.nextLink).toBe(
      'http://127.0.0.1:1/v1.0/x?$select=id&$orderby=lastDeliveredDateTime+desc&$top=2&$skip=2'
    );
    const next = new URL(first.nextLink as string);
    const second = paginate([1, 2, 3, 4, 5], 2, { params: next.searchParams, selfUrl: next }, 'skip');
    expect(second.page).toEqual([3, 4]);
    expect(second.nextLink).toMatch(/\$skip=4$/);
    for (const bad of ['-1', '1.5', 'x', '']) {
      const url = new URL(`http://127.0.0.1:1/v1.0/x?$skip=${bad}`);
      expect(codeOf(() => paginate([1], 1, { params: url.searchParams, selfUrl: url }, 'skip'))).toBe('400 BadRequest');
    }
  });
});
