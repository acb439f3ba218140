// Teams message HTML → a small, safe HTML subset (for the group post) and → plain text (for the
// form). The HTML comes from the client (the message action's payload), so it is hostile until
// sanitized: only formatting tags survive, links keep nothing but an http/https/mailto href.
import sanitizeHtml from 'sanitize-html';
import { decodeEntities } from './body-html';

/** Longer input is cut before parsing: a Teams message is at most about 28 KB. */
const MAX_INPUT = 100_000;

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

/** The message's HTML reduced to the allowlist above; safe to send to Graph as a post body. */
export function sanitizeTeamsHtml(html: string): string {
  return sanitizeHtml(html.slice(0, MAX_INPUT), OPTIONS).trim();
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
  const parts = hasMarkup(safeHtml) ? safeHtml.split(/(<pre>[\s\S]*?<\/pre>)/i) : [`<pre>${safeHtml}</pre>`];
  const text = parts
    .map((part) => (/^<pre>/i.test(part) ? part : part.replace(/[ \t\r\n\f]+/g, ' '))) // HTML whitespace: not &nbsp;
    .join('')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the block mark below; input NULs go first.
    .replace(/\u0000/g, '')
    // A link keeps its address in the text, so editing the text does not lose where it pointed.
    .replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/gi, (_m, href: string, inner: string) =>
      linkText(decodeEntities(href), inner)
    )
    .replace(/<li>/gi, `${BLOCK_MARK}- `)
    .replace(/<\/t[dh]>/gi, ' ')
    .replace(/<(?:br|hr)\s*\/?>/gi, '\n')
    .replace(BLOCK_TAG, BLOCK_MARK)
    .replace(/<[^>]*>/g, '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: runs of the NUL block mark become one line break.
    .replace(/\u0000(?:[ \t]*\u0000)*/g, '\n');
  return decodeEntities(text)
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, '').replace(/^ (?=\S)/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** True when the (sanitized) HTML has any element at all; plain typed text has none. */
export function hasMarkup(html: string): boolean {
  return /<[a-z]/i.test(html);
}

function linkText(href: string, inner: string): string {
  const label = decodeEntities(inner.replace(/<[^>]*>/g, '')).trim();
  const shown = href.startsWith('mailto:') ? href.slice('mailto:'.length) : href;
  return !label || label === href || label === shown ? inner || shown : `${inner} (${shown})`;
}

/** Teams message HTML → plain text, sanitizing first so no markup can reach the text step. */
export function teamsHtmlToText(html: string): string {
  return safeHtmlToText(sanitizeTeamsHtml(html));
}
