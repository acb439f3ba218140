// The control API's routes under one group (issue 16), so tests and local mode can make "someone
// else" act in a group the bot follows, without that person's token:
//   DELETE /_sandbox/groups/{groupId}/members/{userId}          → 204 (404: unknown group, user or membership)
//   POST   /_sandbox/groups/{groupId}/conversations             {as, topic, body} → 201 {conversationId, threadId}
//   POST   /_sandbox/groups/{groupId}/threads/{threadId}/reply  {as, body} → 201 {postId}
//   PATCH  /_sandbox/groups/{groupId}                            {hideFromOutlookClients} → 204 (issue 17)
// The two posts go through the Graph routes' own writes (./mailbox-writes) and access rule
// (openMailboxFor): same rows, same sender, same change notification as if that person had called Graph.
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { parseControlBody as parse } from './control-body';
import { findGroup, openMailboxFor } from './graph-route';
import { writeConversation, writeReply, type MailboxWriter } from './mailbox-writes';
import { GraphError } from './sandbox-http';
import type { SandboxStore } from './sandbox-store';
import type { SubscriptionHub } from './subscription-hub';
import { validateNewConversation, validateReply } from './validate-conversation';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MEMBER = /^\/_sandbox\/groups\/([^/]+)\/members\/([^/]+)$/;
const CONVERSATIONS = /^\/_sandbox\/groups\/([^/]+)\/conversations$/;
const REPLY = /^\/_sandbox\/groups\/([^/]+)\/threads\/([^/]+)\/reply$/;
const GROUP = /^\/_sandbox\/groups\/([^/]+)$/;

/** A post's body: plain text, or Graph's itemBody when a test wants html. */
const body = z.union([
  z.string().min(1).max(100_000),
  z.object({ contentType: z.enum(['text', 'html']), content: z.string().min(1).max(100_000) }).strict()
]);
const person = z.string().regex(GUID, 'must be a user id (GUID)');
const conversationSchema = z.object({ as: person, topic: z.string().min(1).max(255), body }).strict();
const replySchema = z.object({ as: person, body }).strict();
const groupPatchSchema = z.object({ hideFromOutlookClients: z.boolean() }).strict();

export interface GroupControlDeps {
  store: SandboxStore;
  subscriptions: SubscriptionHub;
  now(): number;
}

const itemBody = (b: z.infer<typeof body>) => (typeof b === 'string' ? { contentType: 'text', content: b } : b);

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GraphError(400, 'BadRequest', 'Malformed percent-encoding in the request path.');
  }
}

/** The person a post is written as: they must exist; the mailbox rule decides if they may post. */
function writerAs(deps: GroupControlDeps, userId: string): MailboxWriter {
  const caller = deps.store.getUser(userId);
  if (!caller) throw new GraphError(404, 'NotFound', `as: no user ${userId} in the sandbox.`);
  return { store: deps.store, subscriptions: deps.subscriptions, caller, nowMs: deps.now() };
}

/** The answer `{status, body}` when `method path` is one of these routes, undefined otherwise. */
export async function handleGroupControl(
  req: IncomingMessage,
  method: string,
  path: string,
  deps: GroupControlDeps
): Promise<{ status: number; body?: unknown } | undefined> {
  const member = method === 'DELETE' ? MEMBER.exec(path) : null;
  if (member) {
    const group = findGroup(deps.store, decode(member[1] as string));
    const user = deps.store.getUser(decode(member[2] as string));
    if (!user || !deps.store.removeMember(group.id, user.id)) {
      throw new GraphError(404, 'NotFound', `No such member of group ${group.id}.`);
    }
    return { status: 204 };
  }
  const patch = method === 'PATCH' ? GROUP.exec(path) : null;
  if (patch) {
    const group = findGroup(deps.store, decode(patch[1] as string));
    const input = await parse(req, groupPatchSchema);
    deps.store.setHiddenFromOutlook(group.id, input.hideFromOutlookClients);
    return { status: 204 };
  }
  if (method !== 'POST') return undefined;
  const conversation = CONVERSATIONS.exec(path);
  if (conversation) {
    const input = await parse(req, conversationSchema);
    const w = writerAs(deps, input.as);
    const group = openMailboxFor(deps.store, w.caller, decode(conversation[1] as string));
    const valid = validateNewConversation({
      topic: input.topic,
      threads: [{ posts: [{ body: itemBody(input.body) }] }]
    });
    const { conversationId, threads } = writeConversation(w, group, valid);
    return { status: 201, body: { conversationId, threadId: threads[0]?.id } };
  }
  const reply = REPLY.exec(path);
  if (!reply) return undefined;
  const input = await parse(req, replySchema);
  const w = writerAs(deps, input.as);
  const group = openMailboxFor(deps.store, w.caller, decode(reply[1] as string));
  const postId = writeReply(
    w,
    group,
    decode(reply[2] as string),
    validateReply({ post: { body: itemBody(input.body) } })
  );
  return { status: 201, body: { postId } };
}
