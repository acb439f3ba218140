// Every Adaptive Card in an answer of the bot's /api/messages, wherever its shape puts it (an
// invoke answer's value, expectReplies activities' attachments, a task-module dialog), so the
// helpers that send activities (useTestBot's post, the e2e and reliability senders) can check each
// one with assertValidCard and no test has to remember to; and every message of the answer (each
// expectReplies activity, the invoke answer) against the size budget.
import { assertValidCard } from './card-schema';
import { answerMessages, assertWithinSizeBudget } from './size-budget';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** Every Adaptive Card in an answer, wherever the shape puts it, with where it was found. */
export function answerCards(
  node: unknown,
  at = 'body',
  out: { at: string; card: unknown }[] = []
): { at: string; card: unknown }[] {
  if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) answerCards(n, `${at}[${i}]`, out);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    // An attachment ({contentType, content}: activities, dialogs) or an invoke answer ({type, value}).
    if (o.contentType === ADAPTIVE && 'content' in o) out.push({ at: `${at}.content`, card: o.content });
    else if (o.type === ADAPTIVE && 'value' in o) out.push({ at: `${at}.value`, card: o.value });
    else for (const [k, v] of Object.entries(o)) answerCards(v, `${at}.${k}`, out);
  }
  return out;
}

/**
 * Throws, saying where, unless every card in the answer to `path` passes assertValidCard and every
 * message in it is within the size budget.
 */
export function checkAnswerCards(path: string, body: unknown): void {
  for (const { at, message } of answerMessages(body)) {
    assertWithinSizeBudget(message, `The message at ${at} of the answer to POST ${path}`);
  }
  for (const { at, card } of answerCards(body)) {
    try {
      assertValidCard(card);
    } catch (err) {
      throw new Error(
        `Card check failed for the card at ${at} of the answer to POST ${path}: ${(err as Error).message}`
      );
    }
  }
}
