// Server-side validation of a submitted form. Card data comes from the client and is never
// trusted: Teams' client-side checks (isRequired, maxLength) can be bypassed by anyone who
// can post an invoke, so every rule is enforced again here.
import { z } from 'zod/v4';
import { ValidationError, type FieldName } from './errors';
import { markdownSafe } from './markdown-safe';
import { say } from './words';

export const LIMITS = Object.freeze({ topic: 255, body: 32_000, participants: 100, otherEmails: 100, email: 254 });

// A list longer than its most items could be (each at full length, a separator and a few spaces)
// is refused as too many before it is split: the split is never asked to cut 256 KB of commas.
const MAX_PARTICIPANTS_CHARS = LIMITS.participants * 40;
const MAX_OTHER_EMAILS_CHARS = LIMITS.otherEmails * (LIMITS.email + 4);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Practical address syntax (what Exchange accepts in newParticipants): no spaces or angle
// brackets, one @, a dotted domain. Full RFC 5322 allows more than any mailbox here uses.
const EMAIL_LOCAL_PART = "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+";
/** One label of the domain: letters, digits and inner hyphens, at most 63 characters. */
const EMAIL_DOMAIN_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const EMAIL = new RegExp(`^${EMAIL_LOCAL_PART}@${EMAIL_DOMAIN_LABEL}(?:\\.${EMAIL_DOMAIN_LABEL})+$`);

export interface ValidDraft {
  draftId: string;
  groupId: string;
  topic: string;
  body: string;
  participantIds: string[];
  otherEmails: string[];
  /**
   * Sanitized HTML to post instead of `body` (a message action's unchanged message). Never read
   * from card data: validateDraft does not set it; the Teams layer adds it from the server's store.
   */
  bodyHtml?: string;
  /**
   * A message action's files the person kept, linked after the message (issue 17). Like bodyHtml,
   * never read from card data: the Teams layer maps the card's toggles to the links it saved.
   */
  files?: { name: string; url: string }[];
}

/** A card input as text: missing or null reads as empty; any other type fails as the wrong type. */
export const cardText = z.union([z.string(), z.undefined(), z.null()]).transform((v) => v ?? '');
const text = cardText;

/** Card data to parse: anything but an object reads as empty, so each field says what is missing. */
export function objectOrEmpty(data: unknown): object {
  return typeof data === 'object' && data !== null ? data : {};
}

/**
 * The rules every posting form shares (new conversation, reply): one definition, enforced alike.
 * Ids come out in lower case (Graph's own), whatever case the card sent.
 */
export const postFields = {
  draftId: text.pipe(z.string().regex(GUID, say('field.draftId.damaged'))).transform(lower),
  groupId: text
    .pipe(z.string().trim().min(1, say('field.group.missing')).regex(GUID, say('field.group.notInList')))
    .transform(lower),
  body: text.pipe(
    z
      .string()
      .refine((v) => v.trim().length > 0, say('field.message.missing'))
      // Worded when it fails: its number is formatted with Intl, whose first use costs a start ~25 ms.
      .refine((v) => v.length <= LIMITS.body, { error: () => say('field.message.tooLong', { max: LIMITS.body }) })
  ),
  participants: text.transform((v, ctx) => {
    const ids = v.length > MAX_PARTICIPANTS_CHARS ? [] : unique(splitList(v, /,/));
    if (ids.length > LIMITS.participants || v.length > MAX_PARTICIPANTS_CHARS) {
      ctx.addIssue({ code: 'custom', message: say('field.participants.tooMany', { max: LIMITS.participants }) });
    } else if (ids.some((id) => !GUID.test(id))) {
      ctx.addIssue({ code: 'custom', message: say('field.participants.notPicked') });
    }
    return ids.map(lower);
  }),
  otherEmails: text.transform((v, ctx) => {
    if (v.length > MAX_OTHER_EMAILS_CHARS) {
      ctx.addIssue({ code: 'custom', message: say('field.otherEmails.tooMany', { max: LIMITS.otherEmails }) });
      return [];
    }
    const emails = unique(splitList(v, /[,;]/), (e) => e.toLowerCase());
    const bad = emails.filter((e) => e.length > LIMITS.email || !EMAIL.test(e));
    if (bad.length > 0) {
      // Name at most three, each cut to 60 characters: the message sits under a small input, in a
      // TextBlock, so what was typed is shown literally (markdownSafe).
      const addresses = bad.slice(0, 3).map((e) => markdownSafe(e.length > 60 ? `${e.slice(0, 59)}…` : e));
      ctx.addIssue({ code: 'custom', message: say('field.otherEmails.invalid', { addresses, more: bad.length > 3 }) });
    } else if (emails.length > LIMITS.otherEmails) {
      ctx.addIssue({ code: 'custom', message: say('field.otherEmails.tooMany', { max: LIMITS.otherEmails }) });
    }
    return emails;
  })
};

// Keys in form order: zod reports issues in this order, and so does ValidationError.
const draftSchema = z.object({
  draftId: postFields.draftId,
  groupId: postFields.groupId,
  topic: text.pipe(
    z
      .string()
      .trim()
      .min(1, say('field.topic.missing'))
      .max(LIMITS.topic, say('field.topic.tooLong', { max: LIMITS.topic }))
  ),
  body: postFields.body,
  participants: postFields.participants,
  otherEmails: postFields.otherEmails
});

/** Returns the draft in canonical form, or throws ValidationError naming each bad field. */
export function validateDraft(data: unknown): ValidDraft {
  const parsed = draftSchema.safeParse(objectOrEmpty(data));
  if (!parsed.success) throw validationErrorOf(parsed.error);
  const v = parsed.data;
  return {
    draftId: v.draftId,
    groupId: v.groupId,
    topic: v.topic,
    body: v.body,
    participantIds: v.participants,
    otherEmails: v.otherEmails
  };
}

/** The first message for each field, keyed by the input it belongs to. */
export function validationErrorOf(error: z.ZodError): ValidationError {
  const fields: Partial<Record<FieldName, string>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'draftId') as FieldName;
    fields[field] ??=
      issue.code === 'invalid_type' || issue.code === 'invalid_union' ? say('field.wrongType') : issue.message;
  }
  return new ValidationError(fields);
}

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

function lower(value: string): string {
  return value.toLowerCase();
}

function splitList(value: string, separator: RegExp): string[] {
  return value
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function unique(values: string[], key: (v: string) => string = (v) => v.toLowerCase()): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = key(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
