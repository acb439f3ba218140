// The ids a card carries to name a group conversation (Reply buttons, More, the reply form).
// Card data can be edited by whoever sends the invoke, so each id is checked before it goes into
// a Graph path: a GUID for the group, Graph's id alphabet and a bound for conversation and thread.
import { z } from 'zod/v4';
import { isCursorId } from '../storage/page-cursor-store';
import { cardText, isGuid, LIMITS, objectOrEmpty } from './validate-draft';
import { say } from './words';

/** Outlook ids (conversations, threads, posts): base64 in either alphabet, padding kept. */
const GRAPH_ID = /^[A-Za-z0-9=_\-+/]{1,512}$/;
const DAMAGED = say('field.cardOutOfDate');

export function isGraphId(value: unknown): value is string {
  return typeof value === 'string' && GRAPH_ID.test(value);
}

export interface ConversationRef {
  groupId: string;
  conversationId: string;
  /** Known when the card was made from a post the bot saw (the confirmation); else looked up. */
  threadId?: string;
  /** For display only (the form's heading, "Reply sent to …"): never sent to Graph. */
  topic: string;
}

export const refFields = {
  groupId: cardText.pipe(z.string().refine(isGuid, DAMAGED)).transform((v) => v.toLowerCase()),
  conversationId: cardText.pipe(z.string().refine(isGraphId, DAMAGED)),
  threadId: cardText
    .pipe(z.string().refine((v) => v === '' || isGraphId(v), DAMAGED))
    .transform((v) => (v === '' ? undefined : v)),
  // Shown, not trusted: cut to the longest topic Graph allows so a tampered one cannot bloat a card.
  topic: cardText.transform((v) => v.slice(0, LIMITS.topic))
};

const refSchema = z.object(refFields);

export function parseConversationRef(data: unknown): ConversationRef | undefined {
  const parsed = refSchema.safeParse(objectOrEmpty(data));
  return parsed.success ? parsed.data : undefined;
}

export interface ListRequest {
  groupId: string;
  /** Absent for the first page. */
  cursor?: string;
}

const listSchema = z.object({
  groupId: refFields.groupId,
  cursor: cardText
    .pipe(z.string().refine((v) => v === '' || isCursorId(v)))
    .transform((v) => (v === '' ? undefined : v))
});

/** `More` and the group picker's `Show conversations`; undefined when the data is not usable. */
export function parseListRequest(data: unknown): ListRequest | undefined {
  const parsed = listSchema.safeParse(objectOrEmpty(data));
  return parsed.success ? parsed.data : undefined;
}
