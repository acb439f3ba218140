import { markdownSafe } from '../core/markdown-safe';

/** Participants as FactSet facts: Teams renders Markdown in facts too, so names and addresses are made literal. */
export function safeParticipants(participants: { displayName: string; address: string }[]) {
  return participants.map((p) => ({
    displayName: markdownSafe(p.displayName || p.address || ''),
    address: markdownSafe(p.address ?? '')
  }));
}
