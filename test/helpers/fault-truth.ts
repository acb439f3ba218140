// The faults suite's bookkeeping: what each person was told about each draft, checked against
// what the Graph sandbox actually holds (GET /_sandbox/state) right after each answer and at the
// end of the scenario. Three figures come out of it:
//   duplicates — drafts stored more than once (ever);
//   lost drafts — drafts that did not end stored exactly once after the person pressed Try again
//                 as they were told to, or that were confirmed while absent;
//   untruths   — answers that contradict the store: a confirmation ("Posted to …", "Reply sent
//                 to …") while the draft is not stored once, or a definite failure (anything but
//                 "couldn't confirm" / "not answering" / "still posting") while it is stored.
import { banner, buttonsFor, cardTexts, matchesWord } from './card-readers';
import { notice, say } from '../../src/core/words';

export type Told = 'posted' | 'unknown' | 'failed';

/** Failure banners that say "it may or may not have been posted": true whether or not it was. */
export const UNKNOWN_TITLES: ReadonlySet<string> = new Set([
  notice('error.post_status_unknown', {}).title,
  notice('error.graph_unavailable').title,
  notice('error.draft_in_progress').title
]);

export interface FaultDraft {
  scenario: string;
  kind: 'conversation' | 'reply';
  draftId: string;
  /** A conversation's topic, or the text of a reply: unique per draft, so it finds the draft in the store. */
  marker: string;
  answers: { told: Told; title: string; stored: number }[];
}

export interface SandboxState {
  conversations: {
    id: string;
    groupId: string;
    topic: string;
    threads: { id: string; posts: { id: string; body: { content: string }; from: string }[] }[];
  }[];
}

export interface Classified {
  told: Told;
  title: string;
  /** The draftId that the card's Post / Try again action sends (undefined on a confirmation). */
  retryDraftId?: string;
}

/** Whether a confirmation names this conversation: its "Conversation ID" line, or what its Reply button sends. */
function namesConversation(card: unknown, id: string): boolean {
  return (
    cardTexts(card).includes(say('confirmation.conversationId', { id })) ||
    buttonsFor(card, 'openReply').some((a) => a.data?.conversationId === id)
  );
}

/** What an invoke answer's card tells the person. Throws on anything that is not one of the known cards. */
export function classifyCard(card: unknown): Classified {
  const texts = cardTexts(card);
  const first = texts[0] ?? '';
  if (
    matchesWord(first, (group) => say('confirmation.title', { group })) ||
    matchesWord(first, (topic) => say('replySent.title', { topic }))
  )
    return { told: 'posted', title: first };
  const box = banner(card);
  const post = [...buttonsFor(card, 'createConversation'), ...buttonsFor(card, 'replyToThread')].find(
    (a) => a.type === 'Action.Execute'
  );
  if (box) {
    const title = box.title ?? '';
    return { told: UNKNOWN_TITLES.has(title) ? 'unknown' : 'failed', title, retryDraftId: post?.data?.draftId };
  }
  // A "Posting…" card (the invoke deadline passed): the outcome is still open.
  if (texts.includes(say('posting.title'))) return { told: 'unknown', title: first, retryDraftId: post?.data?.draftId };
  throw new Error(`not a confirmation, a retry form or a "Posting…" card: ${JSON.stringify(card).slice(0, 400)}`);
}

export function storedCount(state: SandboxState, draft: Pick<FaultDraft, 'kind' | 'marker'>): number {
  if (draft.kind === 'conversation') return state.conversations.filter((c) => c.topic === draft.marker).length;
  return state.conversations
    .flatMap((c) => c.threads.flatMap((t) => t.posts))
    .filter((p) => p.body.content.includes(draft.marker)).length;
}

/** The conversation the draft is stored in (for a confirmation's ids), if any. */
export function storedConversation(state: SandboxState, draft: Pick<FaultDraft, 'kind' | 'marker'>) {
  return state.conversations.find((c) =>
    draft.kind === 'conversation'
      ? c.topic === draft.marker
      : c.threads.some((t) => t.posts.some((p) => p.body.content.includes(draft.marker)))
  );
}

export class FaultLedger {
  faults = 0;
  readonly drafts: FaultDraft[] = [];
  readonly problems: string[] = [];
  readonly faultsByScenario: Record<string, number> = {};
  private duplicated = new Set<FaultDraft>();
  private lost = new Set<FaultDraft>();
  untruths = 0;

  countFault(scenario: string, n = 1): void {
    this.faults += n;
    this.faultsByScenario[scenario] = (this.faultsByScenario[scenario] ?? 0) + n;
  }

  draft(scenario: string, kind: FaultDraft['kind'], draftId: string, marker: string): FaultDraft {
    const d: FaultDraft = { scenario, kind, draftId, marker, answers: [] };
    this.drafts.push(d);
    return d;
  }

  /** One answer the person got, checked against the store as it is now. */
  answer(draft: FaultDraft, card: unknown, state: SandboxState): Classified {
    let c: Classified;
    try {
      c = classifyCard(card);
    } catch (err) {
      this.untruths += 1;
      this.problems.push(`${draft.scenario}: ${(err as Error).message}`);
      return { told: 'failed', title: '(unreadable)' };
    }
    const stored = storedCount(state, draft);
    draft.answers.push({ told: c.told, title: c.title, stored });
    if (stored > 1) this.duplicate(draft, stored);
    if (c.told === 'posted') {
      if (stored !== 1) this.untrue(draft, `told "${c.title}" while the store holds it ${stored} time(s)`);
      const conversation = storedConversation(state, draft);
      if (conversation && !namesConversation(card, conversation.id))
        this.untrue(draft, `the confirmation does not name the stored conversation ${conversation.id}`);
    } else {
      if (c.told === 'failed' && stored !== 0)
        this.untrue(draft, `told "${c.title}" (a definite failure) while the store holds it ${stored} time(s)`);
      // Try again must retry THIS draft: a fresh draftId would post a second copy after an unknown outcome.
      if (c.retryDraftId?.toLowerCase() !== draft.draftId.toLowerCase()) {
        this.untrue(draft, `the "${c.title}" card's Try again sends draft ${c.retryDraftId}, not ${draft.draftId}`);
      }
    }
    return c;
  }

  /**
   * The scenario is over: the person pressed Try again as told; the draft must be stored exactly
   * once and confirmed.
   */
  finish(draft: FaultDraft, state: SandboxState): void {
    const stored = storedCount(state, draft);
    if (stored > 1) this.duplicate(draft, stored);
    const last = draft.answers[draft.answers.length - 1];
    // Stored more than once is a duplicate (counted above), not a loss.
    if (stored === 0 || last?.told !== 'posted') {
      this.lost.add(draft);
      this.problems.push(
        `${draft.scenario}: lost draft: stored ${stored} time(s), last told ${last ? `"${last.title}"` : 'nothing'}`
      );
    }
  }

  get duplicates(): number {
    return this.duplicated.size;
  }

  get lostDrafts(): number {
    return this.lost.size;
  }

  private duplicate(draft: FaultDraft, stored: number): void {
    if (!this.duplicated.has(draft))
      this.problems.push(`${draft.scenario}: DUPLICATE: the draft is stored ${stored} times`);
    this.duplicated.add(draft);
  }

  private untrue(draft: FaultDraft, what: string): void {
    this.untruths += 1;
    this.problems.push(`${draft.scenario}: UNTRUE: ${what}`);
  }
}
