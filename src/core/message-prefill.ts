// "Post to a group" starts from a Teams message: its subject (or first line) becomes the topic,
// its text the message, its author a participant. The payload comes from the client, so every
// field is read defensively and the HTML is sanitized before anything else sees it.
//
// How the message's formatting reaches Graph: the form's Message input is plain text (the post
// path HTML-escapes whatever is typed), so the form shows the message as text. The sanitized HTML
// is kept on the server, with the form, and used as the post's body only when the submitted text
// is still exactly the text the form showed. Edit one character and the typed text is posted,
// escaped, as from the chat form. HTML from card data is never used.
import { collapse, previewOf } from './body-html';
import { isRecord } from './is-record';
import { LIMITS, isGuid } from './validate-draft';
import { hasMarkup, safeHtmlToText, sanitizeBounded } from './sanitize-teams-html';

/** Teams caps a message at about 28 KB; bigger HTML is not kept with the form (it posts as text). */
const MAX_HTML = 40_000;

export interface MessagePrefill {
  topic: string;
  /** The message as plain text, for the form's Message input. */
  body: string;
  /** The message's sanitized HTML, when it has formatting worth keeping; stays on the server. */
  html?: string;
  /** The message's author when Teams names an Entra user; offered as a participant. */
  author?: { id: string; displayName: string };
}

/** Reads `activity.value.messagePayload` of a message action. Anything unexpected reads as empty. */
export function prefillFromMessage(payload: unknown): MessagePrefill {
  const message = record(payload);
  const body = record(message.body);
  const content = str(body.content);
  let text: string;
  let html: string | undefined;
  if (str(body.contentType).toLowerCase() === 'html') {
    const safe = sanitizeBounded(content);
    text = safeHtmlToText(safe.html);
    // Tagless content is typed text: the escaped-text path keeps its line breaks better. HTML cut
    // to its limits is not the whole message: its text (all the form shows) is posted instead.
    html = hasMarkup(safe.html) && !safe.cut ? safe.html : undefined;
  } else {
    // Cut before anything reads it: the form holds at most LIMITS.body characters.
    text = normalizeNewlines(content.slice(0, LIMITS.body * 2)).trim();
  }
  if (html && html.length > MAX_HTML) html = undefined;
  if (text.length > LIMITS.body) {
    // The form cannot hold it all; what is posted must be what the person saw, so no HTML.
    text = text.slice(0, LIMITS.body);
    html = undefined;
  }
  const subject = collapse(str(message.subject).slice(0, LIMITS.topic * 4));
  const firstLine = text.split('\n').find((line) => line.trim()) ?? '';
  return {
    // One line, cut to the longest topic Graph takes, as a preview is.
    topic: previewOf(subject || firstLine, LIMITS.topic),
    body: text,
    ...(html && text ? { html } : {}),
    ...authorOf(message.from)
  };
}

/** The sanitized HTML to post instead of the typed text, when the person left the text as shown. */
export function messageHtmlFor(
  original: { text: string; html: string } | undefined,
  submittedBody: string
): string | undefined {
  if (!original?.html) return undefined;
  return comparable(original.text) === comparable(submittedBody) ? original.html : undefined;
}

function authorOf(from: unknown): { author?: { id: string; displayName: string } } {
  const user = record(record(from).user);
  // Teams' message payload names an Entra user by `id` (userIdentityType aadUser); accept an
  // explicit aadObjectId too. Guests of other kinds have ids Graph cannot resolve here.
  const kind = str(user.userIdentityType);
  const id = isGuid(user.aadObjectId)
    ? user.aadObjectId
    : isGuid(user.id) && (!kind || kind === 'aadUser' || kind === 'onPremiseAadUser')
      ? user.id
      : undefined;
  if (!id) return {};
  return { author: { id: id.toLowerCase(), displayName: collapse(str(user.displayName)) } };
}

// Clients may send \r\n for the text they were given and trim trailing spaces: neither is an edit.
function comparable(text: string): string {
  return normalizeNewlines(text)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
