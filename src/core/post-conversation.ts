// The heart of the product: post one validated draft as the person, exactly once.
// Framework-free: the Teams layer passes the person's token in and renders the outcome.
import { AppError } from './errors';
import { textToHtml, previewOf } from './body-html';
import { outlookGroupUrl } from './outlook-link';
import type { ValidDraft } from './validate-draft';
import type { GroupDirectory } from './group-directory';
import type { Post } from '@microsoft/microsoft-graph-types';
import type { GraphClient, NewConversationBody, ResolvedUser } from '../graph/graph-client';
import type { DraftLedger, PostedConversation } from '../storage/draft-ledger';

export interface PostConversationDeps {
  graph: GraphClient;
  groups: GroupDirectory;
  ledger: DraftLedger;
  now: () => number;
}

export interface PostOutcome {
  posted: PostedConversation;
  /** True when this draft had already been posted and nothing new was sent to Graph. */
  repeated: boolean;
}

export async function postConversation(
  deps: PostConversationDeps,
  userId: string,
  token: string,
  draft: ValidDraft
): Promise<PostOutcome> {
  // Per person: in a chat or channel several people can press Post on the same form; each posts
  // as themselves, and nobody is shown another person's outcome for it.
  const key = `${userId.toLowerCase()}:${draft.draftId}`;
  const claim = await deps.ledger.claim(key, userId, deps.now());
  if (!claim.claimed) {
    if (claim.record.state === 'posted') return { posted: claim.record.posted, repeated: true };
    throw new AppError('draft_in_progress', 'this draft is already being posted');
  }
  try {
    const group = await deps.groups.describe(token, userId, draft.groupId);
    const people = await deps.graph.resolveUsers(token, draft.participantIds);
    const participants = mergeParticipants(people, draft.otherEmails);
    const created = await deps.graph.createConversation(token, draft.groupId, buildConversationBody(draft, participants));
    const posted: PostedConversation = {
      groupId: draft.groupId,
      groupName: group.displayName,
      conversationId: created.conversationId,
      threadId: created.threadId,
      topic: draft.topic,
      bodyPreview: previewOf(draft.body),
      participants,
      outlookUrl: outlookGroupUrl(group.mail)
    };
    await deps.ledger.markPosted(key, posted);
    return { posted, repeated: false };
  } catch (err) {
    // Nothing was recorded as posted, so the person may try the same form again.
    await deps.ledger.release(key);
    throw err;
  }
}

/** Exactly the shape of Graph's "Create conversation" example: one thread, one post. */
export function buildConversationBody(
  draft: Pick<ValidDraft, 'topic' | 'body'>,
  participants: { displayName: string; address: string }[]
): NewConversationBody {
  const post: Post = {
    body: { contentType: 'html', content: textToHtml(draft.body) }
  };
  if (participants.length > 0) {
    post.newParticipants = participants.map((p) => ({ emailAddress: { name: p.displayName, address: p.address } }));
  }
  return { topic: draft.topic, threads: [{ posts: [post] }] };
}

function mergeParticipants(people: ResolvedUser[], otherEmails: string[]): { displayName: string; address: string }[] {
  const seen = new Set<string>();
  const out: { displayName: string; address: string }[] = [];
  for (const p of [...people.map((u) => ({ displayName: u.displayName, address: u.address })), ...otherEmails.map((e) => ({ displayName: e, address: e }))]) {
    const key = p.address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}
