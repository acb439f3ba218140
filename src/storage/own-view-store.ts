// The person's own view of a shared card: when a slow action in a channel or group chat finishes,
// everyone there sees a neutral card and Teams asks the bot (a user-specific refresh) for the card
// of the one person who acted: their confirmation, or the form again with their text. That card
// is kept here, on the server, never in the shared message.
//
// Bounded three ways (issue 13), as the form-context store: a view holds two cards, and the form
// again with a long message is ~30 KB, so the 20,000 views a count allowed could hold ~1 GB. By
// bytes (all views together), by views per person (`aadObjectId`: one person acting again and
// again only pushes out their own oldest), and by age: Teams asks for the refresh when someone
// opens the chat, so a day covers the person coming back to it. Async by contract (issue 14: several
// instances keep views in Azure Blob Storage, so the refresh finds a view another instance saved).
import type { AdaptiveCard } from '../cards/card-types';
import { createPerPersonMemoryStore, type MemoryFigures, type PerPersonBudget } from './budgeted-memory-map';

export interface OwnView {
  /** The Entra object id of the person who acted: only they are shown `card`. */
  aadObjectId: string;
  card: AdaptiveCard;
  /** What everyone else sees (the shared card, without its refresh). */
  shared: AdaptiveCard;
}

export interface OwnViewStore {
  save(viewId: string, view: OwnView): Promise<void>;
  get(viewId: string): Promise<OwnView | undefined>;
}

/** All views' bytes, views per person (`aadObjectId`), and how long one is kept after it was saved. */
export type OwnViewBudget = PerPersonBudget;

export const OWN_VIEW_DEFAULTS: Readonly<Omit<OwnViewBudget, 'now'>> = Object.freeze({
  maxBytes: 32 * 1024 * 1024,
  perPerson: 20,
  ttlMs: 24 * 60 * 60_000
});

/** The memory store, with what it holds right now (for tests and the memory figures). */
export interface MemoryOwnViewStore extends OwnViewStore, MemoryFigures {}

/**
 * Bounded in memory; a forgotten (or restarted) view still refreshes to the confirmation from the
 * ledger when the post went through, else to the neutral card.
 */
export function createMemoryOwnViewStore(budget: Partial<OwnViewBudget> = {}): MemoryOwnViewStore {
  return createPerPersonMemoryStore<OwnView>(OWN_VIEW_DEFAULTS, budget, (view) => view.aadObjectId);
}
