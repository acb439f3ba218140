// Linear-time building blocks for reading HTML and text that people or Graph wrote (issue 13).
// A backtracking regex such as /[ \t]+$/ or /<[^>]*>/g rescans the rest of the input from every
// start position that fails, so one 100 KB run of spaces (or of '<') froze the event loop for
// seconds. Each function here looks at every character a bounded number of times, with index
// loops and searches for literals; none of them parses HTML: the sanitizer does that, on input
// already cut to its limits (boundMarkup).

/** `line` without the spaces and tabs at its end (what /[ \t]+$/ removed, without the rescans). */
export function trimEndSpaceTab(line: string): string {
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c !== 0x20 && c !== 0x09) break;
    end--;
  }
  return end === line.length ? line : line.slice(0, end);
}

/**
 * Every `<…>` replaced by what `replacement` returns for it: the same matches as
 * `html.replace(/<[^>]*>/g, …)`. Once a '<' has no '>' after it, no later '<' has one either, so
 * the rest stays as it is and the search ends (the regex tried again from every later '<').
 */
export function replaceTags(html: string, replacement: (tag: string) => string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = html.indexOf('<', at);
    if (open < 0) break;
    const close = html.indexOf('>', open + 1);
    if (close < 0) break;
    out += html.slice(at, open) + replacement(html.slice(open, close + 1));
    at = close + 1;
  }
  return at === 0 ? html : out + html.slice(at);
}

/** A literal found case-insensitively from `from` on (a fresh sticky-free search, linear). */
function findIgnoringCase(text: string, literal: RegExp, from: number): RegExpExecArray | null {
  literal.lastIndex = from;
  return literal.exec(text);
}

/**
 * The text split around each `<name…>…</name>` element, as `text.split(/(<name>[\s\S]*?<\/name>)/i)`
 * splits it (elements at odd indexes), with `opening` the element's opening pattern (global flag).
 * The lazy regex scanned to the end from every opening with no closing after it; here the first
 * opening without a closing ends the search, since no later opening can have one.
 */
export function splitElements(text: string, opening: RegExp, name: string): string[] {
  const closing = new RegExp(`</${name}>`, 'gi');
  const parts: string[] = [];
  let at = 0;
  for (;;) {
    const open = findIgnoringCase(text, opening, at);
    if (!open) break;
    const close = findIgnoringCase(text, closing, open.index + open[0].length);
    if (!close) break;
    const end = close.index + close[0].length;
    parts.push(text.slice(at, open.index), text.slice(open.index, end));
    at = end;
  }
  parts.push(text.slice(at));
  return parts;
}

/**
 * Each element `<name …>…</name>` of the given names (any case) replaced by `replacement`, as
 * `/<(names)\b[^>]*>[\s\S]*?<\/\1>/gi` did. A name whose closing tag is missing after some point
 * is remembered, so each name's closing is looked for past any position at most once.
 */
export function dropElements(html: string, names: readonly string[], replacement: string): string {
  const opening = new RegExp(`<(${names.join('|')})\\b`, 'gi');
  const unclosedAfter = new Map<string, number>();
  let out = '';
  let at = 0;
  let from = 0;
  // The next '>' once found serves every opening before it (`<script<script…>` is one scan).
  let tagEnd = -1;
  for (;;) {
    const open = findIgnoringCase(html, opening, from);
    if (!open) break;
    const name = (open[1] as string).toLowerCase();
    if (tagEnd < open.index) tagEnd = html.indexOf('>', open.index + open[0].length);
    // No '>' left: no later element can open either.
    if (tagEnd < 0) break;
    const close =
      (unclosedAfter.get(name) ?? Number.POSITIVE_INFINITY) <= tagEnd
        ? null
        : findIgnoringCase(html, new RegExp(`</${name}>`, 'gi'), tagEnd + 1);
    if (!close) {
      unclosedAfter.set(name, Math.min(unclosedAfter.get(name) ?? tagEnd, tagEnd));
      from = open.index + 1;
      continue;
    }
    out += html.slice(at, open.index) + replacement;
    at = close.index + close[0].length;
    from = at;
  }
  return at === 0 ? html : out + html.slice(at);
}

/**
 * HTML cut, before any parser sees it, to at most `maxChars` characters and `maxTags` '<'
 * characters (at the last '<' allowed, so no tag is cut in half). A parser's work grows with the
 * tags, and htmlparser2's with their nesting too (its open-element stack is shifted at the
 * front), so a bound in characters alone still let 10,000 nested tags through.
 */
export function boundMarkup(
  html: string,
  maxChars: number,
  maxTags: number,
  maxEntities = Number.POSITIVE_INFINITY
): { html: string; cut: boolean } {
  // Tags and entities are what the parser spends its time on (each `&` starts an entity match):
  // both are counted in one pass over at most maxChars characters.
  let end = Math.min(html.length, maxChars);
  let tags = 0;
  let entities = 0;
  for (let at = 0; at < end; at++) {
    const c = html.charCodeAt(at);
    if ((c === 60 && ++tags > maxTags) || (c === 38 && ++entities > maxEntities)) {
      end = at;
      break;
    }
  }
  return end === html.length ? { html, cut: false } : { html: withoutHalfPair(html.slice(0, end)), cut: true };
}

/** A cut text without a lone high surrogate at its end (half of a character). */
export function withoutHalfPair(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}
