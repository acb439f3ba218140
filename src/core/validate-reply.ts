// Server-side validation of a submitted reply form: the same rules as a new conversation for the
// message and the people (postFields), and the conversation ids checked like every card's.
import { z } from 'zod/v4';
import { refFields, type ConversationRef } from './conversation-ref';
import { objectOrEmpty, postFields, validationErrorOf } from './validate-draft';

export interface ValidReply extends ConversationRef {
  draftId: string;
  body: string;
  participantIds: string[];
  otherEmails: string[];
}

const replySchema = z.object({
  draftId: postFields.draftId,
  ...refFields,
  body: postFields.body,
  participants: postFields.participants,
  otherEmails: postFields.otherEmails
});

/** Returns the reply in canonical form, or throws ValidationError naming each bad field. */
export function validateReply(data: unknown): ValidReply {
  const parsed = replySchema.safeParse(objectOrEmpty(data));
  if (!parsed.success) throw validationErrorOf(parsed.error);
  const v = parsed.data;
  return {
    draftId: v.draftId,
    groupId: v.groupId,
    conversationId: v.conversationId,
    threadId: v.threadId,
    topic: v.topic,
    body: v.body,
    participantIds: v.participants,
    otherEmails: v.otherEmails
  };
}
