// Text helpers for cards that show what Graph holds (a followed thread, a found conversation).
// Everyone who reads such a card in a chat sees the same JSON, so a time is the card's own
// DATE/TIME function (each reader's Teams formats it in their locale and zone), never our string.

/** Cut at a code point, with an ellipsis, so a long mail never crowds the card. */
export function clipPoints(text: string, max: number): string {
  const points = [...text.trim()];
  return points.length <= max ? points.join('') : `${points.slice(0, max - 1).join('')}…`;
}

/**
 * The Adaptive Cards date functions want RFC 3339 without fractions (`2026-12-01T10:00:00Z`);
 * anything unreadable shows nothing rather than a raw string.
 */
export function cardTime(iso: string | null | undefined): string {
  const at = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(at)) return '';
  const stamp = `${new Date(at).toISOString().slice(0, 19)}Z`;
  return `{{DATE(${stamp}, SHORT)}} {{TIME(${stamp})}}`;
}
