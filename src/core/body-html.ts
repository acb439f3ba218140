// The person types plain text; Graph takes HTML. Escape every markup character so typed
// `<script>` arrives as text, and keep line breaks as <br> so paragraphs survive.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function textToHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]).replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * The words of a post's HTML body, whitespace collapsed: tags dropped (line breaks and blocks
 * become spaces), entities decoded. Enough to recognise text the bot posted, whatever wrapping
 * (<html><body><div>…) Exchange added around it.
 */
export function htmlToText(html: string): string {
  return collapse(
    html
      .replace(/<(head|style|script)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/gi, ' ')
      .replace(/&lt;/gi, '<')
      .replace(/&gt;/gi, '>')
      .replace(/&quot;/gi, '"')
      .replace(/&#0*39;|&apos;/gi, "'")
      .replace(/&#(\d{1,7});/g, (m, n: string) => codePoint(Number(n), m))
      .replace(/&#x([0-9a-f]{1,6});/gi, (m, n: string) => codePoint(parseInt(n, 16), m))
      .replace(/&amp;/gi, '&')
  );
}

function codePoint(n: number, entity: string): string {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : entity;
}

/** Whitespace runs as one space, trimmed: how two renderings of the same text are compared. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A short single-line preview of what was posted, for the confirmation card. */
export function previewOf(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
