// `$filter` on a group's conversations, exactly where Graph documents it: the conversation
// resource (api-reference/v1.0/resources/conversation.md) lists `hasAttachments` as filterable
// with `eq`, `ne` and `preview` with `eq`, `ne`, `le`, `ge`; group-list-conversations.md supports
// `$filter` and nothing else filters (filtering on `topic` fails). Clauses may be joined with `and`
// and parenthesised. Everything else is refused the way Outlook refuses it, so a client cannot come
// to rely on a filter the real service does not run.
import { GraphError } from './sandbox-http';

export interface FilterableConversation {
  hasAttachments: boolean;
  preview: string;
}

type Op = 'eq' | 'ne' | 'le' | 'ge' | 'lt' | 'gt';
export type Comparison =
  | { property: 'hasAttachments'; op: 'eq' | 'ne'; value: boolean }
  | { property: 'preview'; op: 'eq' | 'ne' | 'le' | 'ge'; value: string };

const OPS: readonly Op[] = ['eq', 'ne', 'le', 'ge', 'lt', 'gt'];
const SUPPORTED: Record<string, readonly Op[]> = { hasAttachments: ['eq', 'ne'], preview: ['eq', 'ne', 'le', 'ge'] };
const TYPE_NAME = 'microsoft.graph.conversation';

type Token = { kind: 'name'; text: string } | { kind: 'string'; text: string } | { kind: '(' | ')' | ',' };

function invalidNodes(): GraphError {
  return new GraphError(400, 'ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.');
}

/** Names, `'…'` literals (`''` is a quote), parentheses and commas; anything else is a syntax error. */
function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  // Names and bare literals (true, 42, 2024-01-01T00:00:00Z, a/b paths) are one token kind.
  const re = /\s*(?:(\w[\w.:/+-]*)|'((?:[^']|'')*)'|([(),]))/y;
  let at = 0;
  while (at < filter.length) {
    if (/^\s*$/.test(filter.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(filter);
    if (!m) throw invalidNodes();
    at = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'name', text: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'string', text: m[2].replace(/''/g, "'") });
    else tokens.push({ kind: m[3] as '(' | ')' | ',' });
  }
  return tokens;
}

/**
 * Parses a conversation filter into the comparisons it `and`s together. Unknown properties answer
 * Graph's RequestBroker--ParseUri, known ones that do not filter (or not with that operator)
 * ErrorInvalidProperty, functions, `or`, `not` and syntax errors ErrorInvalidUrlQueryFilter.
 */
export function parseConversationFilter(filter: string, known: readonly string[]): Comparison[] {
  const tokens = tokenize(filter);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];

  function comparison(): Comparison[] {
    const first = next();
    if (first?.kind === '(') {
      const inner = conjunction();
      if (next()?.kind !== ')') throw invalidNodes();
      return inner;
    }
    if (first?.kind !== 'name' || first.text.toLowerCase() === 'not') throw invalidNodes();
    const [name, ...path] = first.text.split('/');
    const call = peek()?.kind === '(';
    if (call && path.length === 0) throw invalidNodes(); // a function: contains(...), startswith(...)
    const property = canonicalProperty(name as string, known);
    const supported = SUPPORTED[property];
    // A lambda on a known property (uniqueSenders/any(...)) is refused for the property's sake.
    if (!supported)
      throw new GraphError(400, 'ErrorInvalidProperty', `The property '${property}' does not support filtering.`);
    if (call || path.length > 0) throw invalidNodes();
    const opToken = next();
    const op = opToken?.kind === 'name' ? (opToken.text.toLowerCase() as Op) : undefined;
    if (op === undefined || !OPS.includes(op)) throw invalidNodes();
    if (!supported.includes(op)) {
      throw new GraphError(
        400,
        'ErrorInvalidProperty',
        `The property '${property}' does not support filtering with the '${op}' operator.`
      );
    }
    const literal = next();
    if (property === 'hasAttachments') {
      if (literal?.kind !== 'name' || !/^(true|false)$/i.test(literal.text)) throw incompatible('Edm.Boolean', literal);
      return [{ property, op: op as 'eq' | 'ne', value: literal.text.toLowerCase() === 'true' }];
    }
    if (literal?.kind !== 'string') throw incompatible('Edm.String', literal);
    return [{ property: 'preview', op: op as 'eq' | 'ne' | 'le' | 'ge', value: literal.text }];
  }

  function conjunction(): Comparison[] {
    const all = comparison();
    while (peek()?.kind === 'name' && (peek() as { text: string }).text.toLowerCase() === 'and') {
      i++;
      all.push(...comparison());
    }
    return all;
  }

  const result = conjunction();
  if (i !== tokens.length) throw invalidNodes(); // `or`, `not`, a dangling token
  return result;
}

function canonicalProperty(name: string, known: readonly string[]): string {
  const match = known.find((k) => k.toLowerCase() === name.toLowerCase());
  if (!match) {
    throw new GraphError(
      400,
      'RequestBroker--ParseUri',
      `Could not find a property named '${name}' on type '${TYPE_NAME}'.`
    );
  }
  return match;
}

function incompatible(expected: string, got: Token | undefined): GraphError {
  let found = 'nothing';
  if (got?.kind === 'string') found = 'Edm.String';
  else if (got?.kind === 'name') found = /^(true|false)$/i.test(got.text) ? 'Edm.Boolean' : 'Edm.Untyped';
  return new GraphError(
    400,
    'ErrorInvalidUrlQueryFilter',
    `A binary operator with incompatible types was detected. Found operand types '${expected}' and '${found}'.`
  );
}

/**
 * Outlook compares strings without regard to case; `le`/`ge` are ordinal on the lower-cased text
 * (a sandbox choice: Graph does not document the collation).
 */
export function matchesFilter(item: FilterableConversation, comparisons: readonly Comparison[]): boolean {
  return comparisons.every((c) => {
    if (c.property === 'hasAttachments')
      return c.op === 'eq' ? item.hasAttachments === c.value : item.hasAttachments !== c.value;
    const a = item.preview.toLowerCase();
    const b = c.value.toLowerCase();
    if (c.op === 'eq') return a === b;
    if (c.op === 'ne') return a !== b;
    return c.op === 'le' ? a <= b : a >= b;
  });
}
