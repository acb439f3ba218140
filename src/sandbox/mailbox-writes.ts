// The two writes into a group mailbox, shared by the Graph routes (./mailbox-routes) and the control
// API's "as another person" (./control-group-routes): one code path for the store rows, the sender
// and the change notification, so what a test makes someone else write is what Graph would store.
import { randomBytes } from 'node:crypto';
import type { GraphContext } from './graph-route';
import { GraphError, graphTimestamp } from './sandbox-http';
import type { GroupRow } from './sandbox-store';
import type { ValidConversation, ValidPost } from './validate-conversation';

/** Opaque, base64-looking ids like Outlook's (`AAQk…=`); URL-safe alphabet, padding kept. */
export function mintId(prefix: 'AAQk' | 'AAMk'): string {
  return prefix + randomBytes(40).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

export function itemNotFound(): GraphError {
  return new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}

/** What a mailbox write needs: the Graph routes pass their context, the control API its own parts. */
export type MailboxWriter = Pick<GraphContext, 'store' | 'subscriptions' | 'caller' | 'nowMs'>;

/**
 * A new conversation posted by `w.caller` into `group` (access already checked): stored with the
 * caller as every post's sender, then a `created` change notification. Shared by
 * `POST /groups/{id}/conversations` and the control API's "as another person", so both write alike.
 */
export function writeConversation(w: MailboxWriter, group: GroupRow, input: ValidConversation) {
  const conversationId = mintId('AAQk');
  const threads = input.threads.map((t) => ({
    id: mintId('AAQk'),
    posts: t.posts.map((p) => ({ id: mintId('AAMk'), post: { ...p, from: w.caller.id } }))
  }));
  w.store.createConversation(
    { id: conversationId, groupId: group.id, topic: input.topic, threads },
    graphTimestamp(w.nowMs)
  );
  w.subscriptions.conversationChanged(group.id, conversationId, 'created');
  return { conversationId, threads };
}

/** A reply by `w.caller` to a thread of `group` (404 when unknown), then an `updated` notification. */
export function writeReply(w: MailboxWriter, group: GroupRow, threadId: string, post: ValidPost): string {
  const thread = w.store.getThread(group.id, threadId);
  if (!thread) throw itemNotFound();
  const postId = mintId('AAMk');
  w.store.reply(thread, postId, { ...post, from: w.caller.id }, graphTimestamp(w.nowMs));
  w.subscriptions.conversationChanged(group.id, thread.conversationId, 'updated');
  return postId;
}
