// A message too long for a retry form (card-size.ts) is kept on the server for its form and the
// person who typed it (storage/kept-draft-store.ts); the form then shows its beginning and an
// empty, optional Message input. A Post whose Message is empty reads the kept message back — for
// that form and that person only, so nobody can post (or see) another person's kept text.
import { CARD_BUDGET_BYTES, ECHO_BUDGET_BYTES, utf16Bytes, type AdaptiveCard, type KeptBody } from '../../cards';
import type { BotDeps } from '../app/bot-deps';
import type { Turn } from '../app/turn';

/** The beginning the form shows of a kept message (the TextBlock shows at most six lines of it). */
const PREVIEW_LENGTH = 600;
/** Once posted, a kept message stays only this long: for "Check status" and re-delivered invokes. */
const AFTER_POST_MS = 15 * 60 * 1000;

const draftIdOf = (data: Record<string, unknown>) => (typeof data.draftId === 'string' ? data.draftId : '');

/**
 * The turn with the kept message as `body` when the form's Message came back empty and one is kept.
 * A store that fails rejects: nothing may be posted without the message the person meant.
 */
export async function withKeptBody(turn: Turn): Promise<Turn> {
  const { body } = turn.data;
  // A typed message wins; a non-text body stays as it is, for validation to refuse.
  if (!leftEmpty(body)) return turn;
  const kept = await turn.deps.keptDrafts.get(draftIdOf(turn.data), turn.person.aadObjectId, turn.deps.now());
  return kept === undefined ? turn : { ...turn, data: { ...turn.data, body: kept } };
}

/**
 * The retry form `build` makes: with the message in it when the card stays within the echo budget
 * (anything kept for this form is then stale and forgotten), else with the message kept. The
 * card is built synchronously; only keeping or forgetting waits for the store (and rejects with it).
 */
export async function retryCardKeeping(
  turn: Turn,
  draftId: string,
  body: string,
  build: (body: string, kept?: KeptBody) => AdaptiveCard
): Promise<AdaptiveCard> {
  const { keptDrafts, now } = turn.deps;
  const person = turn.person.aadObjectId;
  const full = build(body);
  if (utf16Bytes(full) <= ECHO_BUDGET_BYTES) {
    // An empty Message may stand for a kept one the store could not give back: never a reason to forget it.
    if (!leftEmpty(body))
      await keptDrafts.forget(draftId, person).catch((err: unknown) =>
        // The form carries the whole message, and its Message is required: an old kept one cannot
        // be posted in its place. Forgetting it is tidiness; its TTL ends it anyway.
        turn.log.warn({ err }, 'could not forget a stale kept message (its TTL still ends it)')
      );
    return full;
  }
  try {
    await keptDrafts.keep(draftId, person, body, now());
  } catch (err) {
    // Storage down while the form comes back (often because storage is down): the card carries the
    // whole message when it fits Teams' limit at all, so nothing typed is lost.
    if (utf16Bytes(full) > CARD_BUDGET_BYTES) throw err;
    turn.log.warn({ err }, 'could not keep a long message on the server: the retry form carries it');
    return full;
  }
  return build('', { preview: beginning(body), length: body.length, hours: Math.round(keptDrafts.ttlMs / 3_600_000) });
}

/**
 * After a post: a message kept for this form is needed only a little longer. Never fails the post
 * (it went through): a store that cannot shorten the expiry leaves the message to its own TTL.
 */
export async function keptBodyPosted(turn: Turn, draftId: string): Promise<void> {
  try {
    await turn.deps.keptDrafts.expireBy(draftId, turn.person.aadObjectId, turn.deps.now() + AFTER_POST_MS);
  } catch (err) {
    turn.log.warn({ err }, 'could not shorten how long the kept message stays after the post (its TTL still ends it)');
  }
}

/**
 * The data "Check status" sends again (the Posting card): a message too long to carry is kept for
 * the person, and the card carries an empty Message, which the next Post reads back.
 */
export async function dataKeepingLongBody(
  deps: BotDeps,
  personId: string | undefined,
  data: Record<string, unknown>
): Promise<Record<string, unknown>> {
  const draftId = draftIdOf(data);
  if (!personId || !draftId || typeof data.body !== 'string' || utf16Bytes(data) <= ECHO_BUDGET_BYTES) return data;
  await deps.keptDrafts.keep(draftId, personId, data.body, deps.now());
  return { ...data, body: '' };
}

/** A Message left empty (or blank) on a form that may have one kept: withKeptBody reads it back. */
function leftEmpty(body: unknown): boolean {
  return typeof body === 'string' ? body.trim() === '' : body === undefined || body === null;
}

function beginning(text: string): string {
  if (text.length <= PREVIEW_LENGTH) return text;
  let cut = text.slice(0, PREVIEW_LENGTH);
  // Never half an emoji: drop a high surrogate whose pair was cut off.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
