// "Did my post go through?" After a write whose answer was lost, a post found in Graph counts as
// the attempt's only when the person sent it, no earlier than the attempt started, and it says
// what they typed. Sender and time alone would also match the person's own earlier post (the
// conversation they started a minute ago with the same topic, their previous reply in the thread)
// and report an unsent post as sent. One rule for new conversations and replies, so the two
// reconciliations cannot drift apart.
import { collapse, htmlToText } from './body-html';
import type { PostSummary, ResolvedUser } from '../graph/graph-client';

// Clocks differ between this machine and Exchange; a post up to this much "before" the attempt
// started still counts as the attempt's.
const CLOCK_SKEW_MS = 5 * 60_000;

/** What Graph shows of a post that may be the attempt's. */
export interface Sighting {
  /**
   * Who sent it, as Graph names them: display names (a conversation's `uniqueSenders`) or mail
   * addresses (a post's). A name must be the person's exactly; an address ignores case.
   */
  senders: readonly (string | null)[];
  /** When it arrived (ISO 8601); null when Graph does not say, which never matches. */
  at: string | null;
  /** What it says. Null (Graph gave no body) or absent (not read): the text cannot be compared. */
  body?: PostSummary['body'];
}

export interface Attempt {
  me: ResolvedUser;
  /** When the earliest attempt whose outcome is unknown started. */
  since: number;
  /** What the person typed, and the HTML posted instead of it when there is one (a message action). */
  body: string;
  bodyHtml?: string;
}

/** The earliest delivery time (ms) that can still be the attempt's. */
export function deliveredCutoff(attempt: Pick<Attempt, 'since'>): number {
  return attempt.since - CLOCK_SKEW_MS;
}

export function isOwnPost(seen: Sighting, attempt: Attempt): boolean {
  const address = attempt.me.address.toLowerCase();
  const byMe = seen.senders.some((s) => s !== null && (s === attempt.me.displayName || s.toLowerCase() === address));
  const inTime = seen.at !== null && Date.parse(seen.at) >= deliveredCutoff(attempt);
  if (!byMe || !inTime) return false;
  if (!seen.body) return true;
  const typed = attempt.bodyHtml ? htmlToText(attempt.bodyHtml) : collapse(attempt.body);
  return textOf(seen.body).includes(typed);
}

/** A post's words, whatever Exchange wrapped them in (HTML) or not (text). */
function textOf(body: { contentType: string; content: string }): string {
  return body.contentType.toLowerCase() === 'text' ? collapse(body.content) : htmlToText(body.content);
}
