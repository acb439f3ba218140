// The person's own view of a shared card: when a slow action in a channel or group chat finishes,
// everyone there sees a neutral card and Teams asks the bot (a user-specific refresh) for the card
// of the one person who acted: their confirmation, or the form again with their text. That card
// is kept here, on the server, never in the shared message.
import type { AdaptiveCard } from '../cards/card-types';
import { setNewest } from '../core/bounded-map';

export interface OwnView {
  /** The Entra object id of the person who acted: only they are shown `card`. */
  aadObjectId: string;
  card: AdaptiveCard;
  /** What everyone else sees (the shared card, without its refresh). */
  shared: AdaptiveCard;
}

export interface OwnViewStore {
  save(viewId: string, view: OwnView): void;
  get(viewId: string): OwnView | undefined;
}

/**
 * Bounded in memory: the oldest views are forgotten first. A forgotten (or restarted) view still
 * refreshes to the confirmation from the ledger when the post went through, else to the neutral card.
 */
export function createMemoryOwnViewStore(maxViews = 20_000): OwnViewStore {
  const views = new Map<string, OwnView>();
  return {
    save(viewId, view) {
      setNewest(views, viewId, view, maxViews);
    },
    get(viewId) {
      return views.get(viewId);
    }
  };
}
