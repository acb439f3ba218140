// adaptivecards-templating evaluates every `${…}` of a template on every expansion: the
// new-conversation form, with its words, its $when branches and its group picker, costs about
// 0.3 ms of CPU each time (bench, issue 18), the largest share of answering `new`. Yet a person
// who opens the form again gets the same card but for its new draftId. So a card builder can be
// remembered by its data, with the fields that are new on every call (the draftId) left out of
// the key: the card is built once with a stand-in for each, and every call gets a copy with the
// stand-ins replaced. The templating library has no cache of its own, hence this one.
import { randomUUID } from 'node:crypto';
import { setNewest } from '../core/bounded-map';
import type { AdaptiveCard } from './card-types';

/** Data over this many characters of JSON (a retry form with a long message) is built each time. */
const MAX_KEY_CHARS = 16 * 1024;

export interface CardMemoOptions<K extends string> {
  /**
   * Top-level string fields new on every call. The template must use each only as a whole value
   * ("${draftId}"), never inside another string: a copy replaces whole strings only (and a
   * stand-in found inside another string throws as the card is built: such a template fails its tests).
   */
  fresh: readonly K[];
  /** Cards remembered, the least recently used forgotten first. */
  max: number;
}

/**
 * `build`, remembered: the same data (but for `fresh`) gives a copy of the card built the first
 * time. A stand-in is a random UUID per process: it cannot come from a person's text, and it is as
 * long as a draftId, so a card built with it has the size the real one will have (the size budget).
 */
export function memoCard<D extends Record<K, string>, K extends string>(
  build: (data: D) => AdaptiveCard,
  options: CardMemoOptions<K>
): (data: D) => AdaptiveCard {
  const standIns = new Map(options.fresh.map((field) => [field, randomUUID()] as const));
  const cards = new Map<string, AdaptiveCard>();
  return (data) => {
    const rest: Record<string, unknown> = { ...data };
    for (const field of options.fresh) {
      // A longer value would make a card larger than the one measured: built as it is.
      if (data[field].length > (standIns.get(field) ?? '').length) return build(data);
      delete rest[field];
    }
    const key = JSON.stringify(rest);
    if (key.length > MAX_KEY_CHARS) return build(data);
    let card = cards.get(key);
    if (card) {
      setNewest(cards, key, card, options.max);
    } else {
      const withStandIns = { ...data };
      for (const [field, standIn] of standIns) (withStandIns as Record<string, string>)[field] = standIn;
      card = build(withStandIns);
      refuseStandInsInside(card, new Set(standIns.values()));
      setNewest(cards, key, card, options.max);
    }
    const values = new Map([...standIns].map(([field, standIn]) => [standIn, data[field]]));
    return copyReplacing(card, values) as AdaptiveCard;
  };
}

/** A deep copy of JSON `node` in which every string equal to a key of `values` is that value. */
function copyReplacing(node: unknown, values: ReadonlyMap<string, string>): unknown {
  if (typeof node === 'string') return values.get(node) ?? node;
  if (Array.isArray(node)) return node.map((item) => copyReplacing(item, values));
  if (node && typeof node === 'object') {
    const copy: Record<string, unknown> = {};
    for (const k in node) copy[k] = copyReplacing((node as Record<string, unknown>)[k], values);
    return copy;
  }
  return node;
}

/** Checked once per card built: a stand-in inside a longer string would stay in every copy. */
function refuseStandInsInside(node: unknown, standIns: ReadonlySet<string>): void {
  if (typeof node === 'string') {
    if (standIns.has(node)) return;
    for (const standIn of standIns)
      if (node.includes(standIn)) throw new Error('memoCard: a fresh field is used inside a string of the card');
    return;
  }
  if (node && typeof node === 'object') for (const v of Object.values(node)) refuseStandInsInside(v, standIns);
}
