// Following a group (issue 16), the decisions that need no I/O: what to subscribe to, when it
// expires, whether a notification's resource is the followed group's, and what a thread's card
// should do when the thread changes. Pure: time and randomness are passed in.
import { randomBytes } from 'node:crypto';
import type { ThreadCard } from '../storage/follow-store';

/** Conversations of one group: every new conversation (created) and every new post in one (updated). */
export function subscriptionResource(groupId: string): string {
  return `groups('${groupId}')/conversations`;
}

export const SUBSCRIPTION_CHANGE_TYPES = 'created,updated';

/** A random secret per subscription (Graph allows 128 characters): 32 bytes, base64url. */
export function newClientState(random: (bytes: number) => Buffer = randomBytes): string {
  return random(32).toString('base64url');
}

/** The expiry to ask for, in Graph's ISO form. */
export function expiryFor(now: number, minutes: number): { iso: string; at: number } {
  const at = now + minutes * 60_000;
  return { iso: new Date(at).toISOString(), at };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The group and conversation a change notification's resource names, when it names one of the
 * followed group's conversations: `groups('{id}')/conversations('{id}')`, or the slash form
 * `Groups/{id}/Conversations/{id}` Graph also writes. Anything else (another group, another kind
 * of resource) is undefined: a notification is only trusted for what its subscription watches.
 */
export function conversationOfResource(
  resource: string | undefined
): { groupId: string; conversationId: string } | undefined {
  if (!resource || resource.length > 2048) return undefined;
  const m =
    /^\/?groups\('([^'/]+)'\)\/conversations\('([^']+)'\)$/i.exec(resource) ??
    /^\/?groups\/([^/]+)\/conversations\/([^/]+)$/i.exec(resource);
  if (!m || !GUID.test(m[1])) return undefined;
  let conversationId: string;
  try {
    conversationId = decodeURIComponent(m[2]);
  } catch (err) {
    void err; // a malformed escape: not a resource Graph wrote
    return undefined;
  }
  return conversationId ? { groupId: m[1].toLowerCase(), conversationId } : undefined;
}

export type ThreadStep = { kind: 'send' } | { kind: 'update'; newReplies: number } | { kind: 'none' };

/**
 * What a thread's card does now that the thread has `posts` posts: the first time, a card is sent
 * (or sent again, when the first send's id never came back); after that only more posts update it,
 * so a repeated or late notification changes nothing.
 */
export function threadStep(card: ThreadCard | undefined, posts: number): ThreadStep {
  if (!card || card.activityId === undefined) return { kind: 'send' };
  if (posts <= card.postsSeen) return { kind: 'none' };
  return { kind: 'update', newReplies: Math.max(0, posts - card.postsAtStart) };
}
