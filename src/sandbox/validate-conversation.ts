// Request-body validation for `POST /groups/{id}/conversations` and `POST .../threads/{id}/reply`,
// modelled on how Graph reads them: OData's reader refuses unknown properties and values of the
// wrong type (400 RequestBodyRead), then Outlook refuses a conversation it cannot create (400
// ErrorInvalidRequest), or a recipient it cannot address (400 ErrorInvalidRecipients). The
// sandbox is deliberately at least as strict as Graph, so a bot that passes here passes there.
import { z } from 'zod';
import { GraphError } from './sandbox-http';
import type { ItemBody, Recipient } from './sandbox-store';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Known read-only properties are accepted and ignored, as OData accepts any declared property.
const emailAddress = z.object({ name: z.string().nullable().optional(), address: z.string() }).strict();
const recipient = z.object({ emailAddress }).strict();
const itemBody = z.object({ contentType: z.enum(['text', 'html']), content: z.string() }).strict();

const post = z
  .object({
    '@odata.type': z.literal('#microsoft.graph.post').optional(),
    body: itemBody,
    newParticipants: z.array(recipient).optional(),
    categories: z.array(z.string()).optional(),
    hasAttachments: z.boolean().optional()
  })
  .strict();

const thread = z
  .object({
    '@odata.type': z.literal('#microsoft.graph.conversationThread').optional(),
    topic: z.string().optional(),
    posts: z.array(post).min(1, 'A thread needs at least one post.'),
    toRecipients: z.array(recipient).optional(),
    ccRecipients: z.array(recipient).optional(),
    hasAttachments: z.boolean().optional(),
    isLocked: z.boolean().optional()
  })
  .strict();

const conversation = z
  .object({
    '@odata.type': z.literal('#microsoft.graph.conversation').optional(),
    topic: z.string().refine((t) => t.trim() !== '', 'The conversation topic is required.'),
    threads: z.array(thread).min(1, 'A new conversation needs a thread with a post.'),
    hasAttachments: z.boolean().optional(),
    preview: z.string().optional(),
    uniqueSenders: z.array(z.string()).optional()
  })
  .strict();

const reply = z.object({ post }).strict();

export interface ValidPost {
  body: ItemBody;
  newParticipants: Recipient[];
}

export interface ValidConversation {
  topic: string;
  threads: Array<{ posts: ValidPost[] }>;
}

export function validateNewConversation(body: unknown): ValidConversation {
  const parsed = check(conversation, body, 'Microsoft.OutlookServices.Conversation');
  return { topic: parsed.topic, threads: parsed.threads.map((t) => ({ posts: t.posts.map(normalisePost) })) };
}

export function validateReply(body: unknown): ValidPost {
  return normalisePost(check(reply, body, 'Microsoft.OutlookServices.Post').post);
}

function normalisePost(p: z.infer<typeof post>): ValidPost {
  const newParticipants = (p.newParticipants ?? []).map(({ emailAddress: e }) => ({
    emailAddress: e.name == null ? { address: e.address } : { name: e.name, address: e.address }
  }));
  const bad = newParticipants.find((r) => !EMAIL.test(r.emailAddress.address));
  if (bad) {
    throw new GraphError(
      400,
      'ErrorInvalidRecipients',
      `At least one recipient isn't valid: '${bad.emailAddress.address}'.`
    );
  }
  return { body: p.body, newParticipants };
}

function check<T extends z.ZodTypeAny>(schema: T, body: unknown, typeName: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data as z.infer<T>;
  throw toGraphError(result.error, typeName);
}

/** One issue decides the answer; the message names where it is, never echoes the content. */
function toGraphError(error: z.ZodError, typeName: string): GraphError {
  // OData's reader runs before Outlook looks at the content: its complaints come first.
  const readerError = (i: z.ZodIssue) =>
    i.code === 'unrecognized_keys' ||
    i.code === 'invalid_enum_value' ||
    i.code === 'invalid_literal' ||
    (i.code === 'invalid_type' && i.received !== 'undefined');
  const issue = error.issues.find(readerError) ?? (error.issues[0] as z.ZodIssue);
  const where = issue.path.length > 0 ? issue.path.join('.') : '(body)';
  switch (issue.code) {
    case 'unrecognized_keys':
      return new GraphError(
        400,
        'RequestBodyRead',
        [
          `The property '${issue.keys[0]}' does not exist on type '${typeName}' (at ${where}).`,
          'Make sure to only use property names that are defined by the type.'
        ].join(' ')
      );
    case 'invalid_type':
      if (issue.received === 'undefined')
        return new GraphError(400, 'ErrorInvalidRequest', `The property '${where}' is required.`);
      return new GraphError(
        400,
        'RequestBodyRead',
        `Cannot convert the value at '${where}' to the expected type (${issue.expected}, got ${issue.received}).`
      );
    case 'invalid_enum_value':
    case 'invalid_literal':
      return new GraphError(400, 'RequestBodyRead', `The value at '${where}' is not a valid value for its type.`);
    default:
      return new GraphError(400, 'ErrorInvalidRequest', `${issue.message} (at ${where})`);
  }
}
