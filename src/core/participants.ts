// The people a post adds: picked user ids resolved to mail addresses (one Graph request per 15),
// plus typed addresses, without duplicates; and the Graph `post` that carries them.
import type { Post } from '@microsoft/microsoft-graph-types';
import type { GraphClient, ResolvedUser } from '../graph/graph-client';
import { textToHtml } from './body-html';

export interface Participant {
  displayName: string;
  address: string;
}

export async function resolveParticipants(
  graph: GraphClient,
  token: string,
  userIds: string[],
  otherEmails: string[]
): Promise<Participant[]> {
  const people = await graph.resolveUsers(token, userIds);
  return mergeParticipants(people, otherEmails);
}

/** One post as Graph takes it: the typed text as escaped HTML, and newParticipants when there are any. */
export function buildPost(text: string, participants: Participant[]): Post {
  const post: Post = { body: { contentType: 'html', content: textToHtml(text) } };
  if (participants.length > 0) {
    post.newParticipants = participants.map((p) => ({ emailAddress: { name: p.displayName, address: p.address } }));
  }
  return post;
}

function mergeParticipants(people: ResolvedUser[], otherEmails: string[]): Participant[] {
  const seen = new Set<string>();
  const out: Participant[] = [];
  for (const p of [
    ...people.map((u) => ({ displayName: u.displayName, address: u.address })),
    ...otherEmails.map((e) => ({ displayName: e, address: e }))
  ]) {
    const key = p.address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}
