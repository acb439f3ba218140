// Teams message HTML → a small, safe HTML subset (for the group post) and → plain text (for the
// form). The HTML comes from the client (the message action's payload), so it is hostile until
// sanitized: only formatting tags survive, links keep nothing but an http/https/mailto href.
import type sanitizeHtml from 'sanitize-html';
import { decodeEntities } from './body-html';
import { boundMarkup, replaceTags, splitElements, trimEndSpaceTab } from './html-scan';

/**
 * Longer input is cut before parsing: a Teams message is at most about 28 KB (markup included),
 * and message-prefill keeps no HTML over 40,000 characters anyway.
 */
export const MAX_INPUT_CHARS = 40_000;
/**
 * At most this many '<' reach the parser (a long table's cells are a few thousand tags). Without
 * it 20,000 unclosed tags cost the parser alone 70 ms: its work grows with the nesting depth.
 */
export const MAX_INPUT_TAGS = 3_000;
/** Likewise `&`: 40,000 bare ampersands cost the parser about 50 ms; real messages hold a few. */
export const MAX_INPUT_ENTITIES = 5_000;

const ALLOWED_TAGS = [
  'p',
  'br',
  'div',
  'span',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'strike',
  'del',
  'sub',
  'sup',
  'ul',
  'ol',
  'li',
  'a',
  'blockquote',
  'code',
  'pre',
  'h1',
  'h2',
  'h3',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td'
];

// Elements whose content is not message text: dropped with everything inside them.
const DROPPED_WITH_CONTENT = [
  'script',
  'style',
  'textarea',
  'option',
  'select',
  'noscript',
  'iframe',
  'object',
  'embed',
  'template',
  'title',
  'head',
  'svg',
  'math'
];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  // No class, style or id anywhere (no CSS tricks, no event handlers): only a link's target.
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Unknown tags (Teams' <at> mentions, <attachment>, <img>) go; their text stays.
  disallowedTagsMode: 'discard',
  nonTextTags: DROPPED_WITH_CONTENT,
  transformTags: {
    // Teams' code block element; Outlook knows <pre>.
    codeblock: 'pre',
    // Teams emoji are empty elements carrying the character in `alt`: keep the character.
    emoji: (_tag, attribs) => ({ tagName: 'span', attribs: {}, text: attribs.alt ?? '' })
  }
};

/**
 * sanitize-html (with htmlparser2 and postcss) is loaded on first use, not at start: only the
 * message action and the reply to a message read HTML, and loading it cost every start ~0.08 s.
 */
let sanitizer: typeof sanitizeHtml | undefined;
function sanitize(html: string): string {
  sanitizer ??= require('sanitize-html') as typeof sanitizeHtml;
  return sanitizer(html, OPTIONS);
}

/** The message's HTML reduced to the allowlist above; safe to send to Graph as a post body. */
export function sanitizeTeamsHtml(html: string): string {
  return sanitizeBounded(html).html;
}

/** sanitizeTeamsHtml, saying whether the input was cut to its limits first (then it is not all there). */
export function sanitizeBounded(html: string): { html: string; cut: boolean } {
  const bounded = boundMarkup(html, MAX_INPUT_CHARS, MAX_INPUT_TAGS, MAX_INPUT_ENTITIES);
  return { html: sanitize(bounded.html).trim(), cut: bounded.cut };
}

// Block elements start and end a line; a run of them is one line break (a marker first, so an
// empty <p>&nbsp;</p>, which Teams writes for a blank line, still makes one).
const BLOCK_TAG = /<\/?(?:p|div|ul|ol|li|h[1-3]|blockquote|pre|table|thead|tbody|tr)>/gi;
const BLOCK_MARK = '\u0000';

/**
 * Plain text of HTML that went through sanitizeTeamsHtml: paragraphs and line breaks become
 * newlines, list items get "- ", every tag goes, entities are decoded. Only for showing in the
 * form's text input (which the post path escapes again), never for markup.
 */
export function safeHtmlToText(safeHtml: string): string {
  // Tagless "HTML" (some clients send typed text as it is): its line breaks are the text's own.
  const parts = hasMarkup(safeHtml) ? splitElements(safeHtml, /<pre>/gi, 'pre') : ['', `<pre>${safeHtml}</pre>`];
  // Every step below is one linear pass (html-scan.ts): no pattern here can rescan a long run.
  let text = parts
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[ \t\r\n\f]+/g, ' '))) // HTML whitespace: not &nbsp;
    .join('')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the block mark below; input NULs go first.
    .replace(/\u0000/g, '');
  // A link keeps its address in the text, so editing the text does not lose where it pointed.
  text = replaceLinks(text)
    .replace(/<li>/gi, `${BLOCK_MARK}- `)
    .replace(/<\/t[dh]>/gi, ' ')
    .replace(/<(?:br|hr)\s*\/?>/gi, '\n')
    .replace(BLOCK_TAG, BLOCK_MARK);
  text = joinMarks(replaceTags(text, () => ''));
  return decodeEntities(text)
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => trimEndSpaceTab(line).replace(/^ (?=\S)/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// Runs of the NUL block mark (with spaces or tabs between them) become one line break; spaces
// after the run's last mark stay. One class, one greedy quantifier: each character is read once.
function joinMarks(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the block mark.
  return text.replace(/\u0000[\u0000 \t]*/g, (run) => `\n${run.slice(run.lastIndexOf(BLOCK_MARK) + 1)}`);
}

/** `<a href="…">…</a>` → its text with the address, each link once (no rescans of unclosed ones). */
function replaceLinks(html: string): string {
  const parts = splitElements(html, /<a href="[^"]*">/gi, 'a');
  for (let i = 1; i < parts.length; i += 2) {
    const link = parts[i] as string;
    const hrefEnd = link.indexOf('">');
    parts[i] = linkText(
      decodeEntities(link.slice('<a href="'.length, hrefEnd)),
      link.slice(hrefEnd + 2, -'</a>'.length)
    );
  }
  return parts.join('');
}

/** True when the (sanitized) HTML has any element at all; plain typed text has none. */
export function hasMarkup(html: string): boolean {
  return /<[a-z]/i.test(html);
}

function linkText(href: string, inner: string): string {
  const label = decodeEntities(replaceTags(inner, () => '')).trim();
  const shown = href.startsWith('mailto:') ? href.slice('mailto:'.length) : href;
  return !label || label === href || label === shown ? inner || shown : `${inner} (${shown})`;
}

/** Teams message HTML → plain text, sanitizing first so no markup can reach the text step. */
export function teamsHtmlToText(html: string): string {
  return safeHtmlToText(sanitizeTeamsHtml(html));
}
