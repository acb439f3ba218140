// The person types plain text; Graph takes HTML. Escape every markup character so typed
// `<script>` arrives as text, and keep line breaks as <br> so paragraphs survive.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function textToHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]).replace(/\r\n|\r|\n/g, '<br>');
}

/** A short single-line preview of what was posted, for the confirmation card. */
export function previewOf(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
