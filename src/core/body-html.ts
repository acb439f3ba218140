// The person types plain text; Graph takes HTML. Escape every markup character so typed
// `<script>` arrives as text, and keep line breaks as <br> so paragraphs survive. The way back
// (a post's HTML → its words, entities decoded) lives here too, so both directions agree.
import { dropElements, replaceTags } from './html-scan';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Every markup character as an entity: safe as element text and inside a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

export function textToHtml(text: string): string {
  return escapeHtml(text).replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * The words of a post's HTML body, whitespace collapsed: tags dropped (line breaks and blocks
 * become spaces), entities decoded. Enough to recognise text the bot posted, whatever wrapping
 * (<html><body><div>…) Exchange added around it.
 */
export function htmlToText(html: string): string {
  // Graph's HTML is anyone's (other people's posts): linear scans, no regex that rescans (html-scan.ts).
  return collapse(decodeEntities(replaceTags(dropElements(html, ['head', 'style', 'script'], ' '), () => ' ')));
}

/**
 * The entities Exchange and Teams write (the five of escapeHtml, &nbsp; as a space, decimal and
 * hex), decoded in one pass so `&amp;lt;` stays `&lt;`; any other, or a number that is no code
 * point, is left as it is.
 */
export function decodeEntities(text: string): string {
  // Bounded digits (no code point needs more than 7): a 100 KB run of digits is not read to its end.
  return text.replace(/&(#x[0-9a-f]{1,8}|#\d{1,8}|amp|lt|gt|quot|apos|nbsp);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return codePoint(parseInt(lower.slice(2), 16), whole);
    if (lower.startsWith('#')) return codePoint(parseInt(lower.slice(1), 10), whole);
    return NAMED[lower] ?? whole;
  });
}

function codePoint(n: number, entity: string): string {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : entity;
}

/** Whitespace runs as one space, trimmed: how two renderings of the same text are compared. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A short single-line preview of what was posted, for the confirmation card. */
export function previewOf(text: string, max = 200): string {
  const flat = collapse(text);
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
