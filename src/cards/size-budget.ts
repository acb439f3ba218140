// Teams refuses a bot message over 100 KB, counted as UTF-16 (413 MessageSizeTooBig; msteams-docs
// bots/how-to/format-your-bot-messages.md). The bot aims lower (80 KB) so that the activity's own
// envelope and a longer translation of the words never push a card over the real limit.
import type { AdaptiveCard } from './card-types';

/** What Teams accepts for one bot message (the whole activity), in bytes of UTF-16. */
export const TEAMS_MESSAGE_LIMIT_BYTES = 100 * 1024;

/** What every card the bot builds stays under, in bytes of UTF-16. */
export const CARD_BUDGET_BYTES = 80 * 1024;

/** The size of `value` as JSON, in bytes of UTF-16 (two per code unit: JavaScript strings are UTF-16). */
export function utf16Bytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : text.length * 2;
}

/**
 * A retry form echoes what was typed only while the whole card stays within this: well under the
 * card budget, leaving room for the activity around the card; a longer message is kept on the
 * server instead (kept-draft-store.ts).
 */
export const ECHO_BUDGET_BYTES = 40 * 1024;

export function withinBudget(card: AdaptiveCard): boolean {
  return utf16Bytes(card) <= CARD_BUDGET_BYTES;
}

/**
 * Builds a card from a list that can be long (group choices), dropping entries from the end until
 * the card is within the budget: callers order the list most useful first. The first entry is
 * always kept (a card with one choice is small whatever its name).
 */
export function fitList<T>(items: readonly T[], build: (items: readonly T[]) => AdaptiveCard): AdaptiveCard {
  let count = items.length;
  let card = build(items);
  while (!withinBudget(card) && count > 1) {
    count = Math.max(1, Math.floor(count / 2));
    card = build(items.slice(0, count));
  }
  return card;
}

/** A text cut to `max` characters (with an ellipsis), for untrusted text of any length on a card. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
