// `POST /_sandbox/conversations`: many conversations in one group mailbox at once, delivered at
// times the test chooses, so a test can surround an attempt with conversations older and newer
// than it, or page through a long list. They are stored like any other conversation (one thread,
// one post from `senderId`): the state dump shows them, the Graph routes list them, reset removes them.
import { z } from 'zod';
import { mintId } from './mailbox-routes';
import { GraphError, graphTimestamp } from './sandbox-http';
import type { SandboxStore } from './sandbox-store';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MINUTE_MS = 60_000;
const MAX_COUNT = 500;
/** Stored times are compared as text: keep them four-digit years after the epoch. */
const EARLIEST_MS = Date.UTC(1970, 0, 1);
const LATEST_MS = Date.UTC(9999, 11, 31);

/**
 * `{groupId, count (1..500), senderId, topicPrefix? ("Conversation"), newestAt? (ISO, default now),
 * spacingMinutes? (60)}`: conversation n (from 1) is `"<topicPrefix> <nnn>"`, delivered at
 * `newestAt - (n - 1) * spacingMinutes`.
 */
export const addConversationsSchema = z
  .object({
    groupId: z.string().regex(GUID, 'must be a group id (GUID)'),
    count: z.number().int().min(1).max(MAX_COUNT),
    senderId: z.string().regex(GUID, 'must be a user id (GUID)'),
    topicPrefix: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')
      .default('Conversation'),
    newestAt: z.string().datetime({ offset: true }).optional(),
    spacingMinutes: z.number().int().min(0).max(10_080).default(60)
  })
  .strict();

export type AddConversations = z.infer<typeof addConversationsSchema>;

/** Adds them, all or none; answers `[{id, topic, lastDeliveredDateTime}]`, newest first. */
export function addConversations(store: SandboxStore, input: AddConversations, nowMs: number) {
  const group = store.getGroup(input.groupId);
  if (!group) throw new GraphError(404, 'NotFound', `groupId: no group ${input.groupId} in the sandbox.`);
  if (!group.groupTypes.includes('Unified'))
    throw new GraphError(404, 'NotFound', `groupId: ${group.id} is not a Microsoft 365 group (it has no mailbox).`);
  const sender = store.getUser(input.senderId);
  if (!sender) throw new GraphError(404, 'NotFound', `senderId: no user ${input.senderId} in the sandbox.`);

  const newestMs = input.newestAt === undefined ? nowMs : Date.parse(input.newestAt);
  const oldestMs = newestMs - (input.count - 1) * input.spacingMinutes * MINUTE_MS;
  if (oldestMs < EARLIEST_MS || newestMs > LATEST_MS)
    throw new GraphError(400, 'BadRequest', 'newestAt: the conversations would fall outside 1970..9999.');

  const width = String(MAX_COUNT).length; // topics sort in delivery order, newest first
  const added = Array.from({ length: input.count }, (_, i) => {
    const topic = `${input.topicPrefix} ${String(i + 1).padStart(width, '0')}`;
    const at = graphTimestamp(newestMs - i * input.spacingMinutes * MINUTE_MS);
    const post = {
      id: mintId('AAMk'),
      post: { body: { contentType: 'text' as const, content: `${topic}.` }, newParticipants: [], from: sender.id }
    };
    return {
      input: { id: mintId('AAQk'), groupId: group.id, topic, threads: [{ id: mintId('AAQk'), posts: [post] }] },
      at
    };
  });
  store.createConversations(added);
  return added.map(({ input: c, at }) => ({ id: c.id, topic: c.topic, lastDeliveredDateTime: at }));
}
