// The size budget every card and every activity in the tests is held to: Teams refuses a bot
// message over 100 KB counted as UTF-16 (PLATFORM-FACTS "Message size"; 413 MessageSizeTooBig),
// and the bot aims at 80 KB. The constants are the ones src/cards/size-budget.ts builds cards to,
// so a builder and its tests cannot disagree about the limit. assertValidCard (card-schema.ts) and
// checkAnswerCards (answer-cards.ts) call this, so no test has to remember to.
import { CARD_BUDGET_BYTES, TEAMS_MESSAGE_LIMIT_BYTES, utf16Bytes } from '../../src/cards/size-budget';

export { CARD_BUDGET_BYTES, TEAMS_MESSAGE_LIMIT_BYTES, utf16Bytes };

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Throws, naming `what` and its size, when `value` as JSON is over the 80 KB budget (UTF-16). */
export function assertWithinSizeBudget(value: unknown, what: string): void {
  const bytes = utf16Bytes(value);
  if (bytes > CARD_BUDGET_BYTES) {
    throw new Error(
      `${what} is ${kb(bytes)} (${bytes} bytes as UTF-16), over the budget of ${kb(CARD_BUDGET_BYTES)}; ` +
        `Teams refuses a message over ${kb(TEAMS_MESSAGE_LIMIT_BYTES)} (413 MessageSizeTooBig)`
    );
  }
}

/**
 * Every message in an answer of /api/messages, each as Teams would carry it: the activities of an
 * expectReplies answer one by one (each is its own message), else the whole invoke answer body.
 */
export function answerMessages(body: unknown): { at: string; message: unknown }[] {
  const activities = (body as { activities?: unknown } | undefined)?.activities;
  if (Array.isArray(activities)) return activities.map((a, i) => ({ at: `body.activities[${i}]`, message: a }));
  return body === undefined ? [] : [{ at: 'body', message: body }];
}
