// Text the bot did not write (Graph's topics, previews, sender and group names, a person's own
// typed text echoed back) goes into Adaptive Card TextBlocks and FactSets, which Teams renders as
// a Markdown subset: `[Reset your password](https://evil.example)` in a topic would be a live link
// with a hidden target in the bot's own card. markdownSafe makes such text read literally.
//
// How: CommonMark backslash escapes (a backslash before ASCII punctuation shows that character
// as itself), added only where the character could start or end markup. Teams' clients have not
// always honoured backslashes alike (some mobile builds showed them: AdaptiveCards #5590,
// Teams-AdaptiveCards-Mobile #58), so ordinary text — `C# 10`, `a_b`, a URL, `50% off!` — is
// left byte for byte as it was and only text that looks like markup carries a backslash.
// Whitespace is collapsed to single spaces: Markdown already shows a single line break as a
// space, and on one line the block-level constructs (headings, lists, quotes, code blocks)
// can only start at the very beginning, where they are escaped.
// (sanitize-teams-html.ts is the other direction: Teams HTML → safe HTML for Graph.)

import { withoutHalfPair } from './html-scan';

/**
 * Longer text is cut before any pattern reads it: nothing a card shows through here is longer than
 * a validated message (32,000 characters; previews, topics and names are far shorter).
 */
export const MARKDOWN_SAFE_MAX_CHARS = 32_000;

const ASCII_PUNCTUATION = '!-\\/:-@\\[-`{-~';

const INLINE: [RegExp, string][] = [
  // A backslash that would escape what follows: doubled, so it stays visible (C:\*.txt).
  [new RegExp(`\\\\(?=[${ASCII_PUNCTUATION}])`, 'g'), '\\\\'],
  // Emphasis with `*`, code spans: any of them can pair up, even inside a word (2*3*4).
  [/[*`]/g, '\\$&'],
  // `_` emphasises only at a word's edge (CommonMark): snake_case stays as it is.
  [/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_'],
  // Strikethrough (~~x~~) and ~~~ fences.
  [/~(?=~)|(?<=~)~/g, '\\~'],
  // A link or image needs `](` (or `][`, `]:` for references): the bracket no longer closes one.
  [/\](?= ?[([:])/g, '\\]'],
  // Raw HTML, autolinks and Teams' <at> mentions start with `<` and a letter, `/`, `!` or `?`.
  [/<(?=[A-Za-z/!?])/g, '\\<'],
  // Character references (&amp; &#42;) would be decoded: keep them as typed.
  [/&(?=#?\w+;)/g, '\\&'],
  // {{DATE(…)}} / {{TIME(…)}}: the card's own date functions.
  [/\{(?=\{)/g, '{\\']
];

/** A heading, quote, list item or thematic break at the start of the (single) line. */
const BLOCK_START: [RegExp, string][] = [
  [/^#{1,6}(?= |$)/, '\\$&'],
  [/^>/, '\\>'],
  [/^[-+](?=[ \-+]|$)/, '\\$&'],
  [/^(\d{1,9})([.)])(?= |$)/, '$1\\$2']
];

/** The text, shown literally in a TextBlock or Fact: Markdown neutralised, whitespace collapsed. */
export function markdownSafe(text: string): string {
  const bounded =
    text.length > MARKDOWN_SAFE_MAX_CHARS ? withoutHalfPair(text.slice(0, MARKDOWN_SAFE_MAX_CHARS)) : text;
  let out = bounded.replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of INLINE) out = out.replace(pattern, replacement);
  for (const [pattern, replacement] of BLOCK_START) out = out.replace(pattern, replacement);
  return out;
}
