// Is this HTTP answer the one the workload expects? Read through the same card readers as the
// tests (test/helpers/card-readers.ts), by structure: the help card's title, the form's Post
// action and group choices, the confirmation's Reply action for the team's group. A change of
// wording elsewhere on a card does not fail the bench; a wrong card does.
import { actionData, banner, cardTitle, findAction, findInput } from '../../test/helpers/card-readers';
import { cardCode } from '../built-code';
import { TEAM_GROUP_ID } from './activities';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const { VERBS, buildHelpCard } = cardCode();
const HELP_TITLE = cardTitle(buildHelpCard());

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The activities of an expectReplies answer ({activities: [...]}). */
function replies(body: string): Record<string, unknown>[] {
  const answer = parse(body);
  const activities = isObject(answer) ? answer.activities : undefined;
  return Array.isArray(activities) ? activities.filter(isObject) : [];
}

/** Every Adaptive Card attached to the replies of an expectReplies answer. */
function replyCards(body: string): unknown[] {
  return replies(body).flatMap((reply) =>
    Array.isArray(reply.attachments)
      ? reply.attachments.filter((a) => isObject(a) && a.contentType === ADAPTIVE_CARD).map((a) => a.content)
      : []
  );
}

/** The card an Action.Execute invoke answered with ({statusCode: 200, type, value}). */
function invokeCard(body: string): unknown {
  const answer = parse(body);
  return isObject(answer) && answer.statusCode === 200 && answer.type === ADAPTIVE_CARD ? answer.value : undefined;
}

/** The readers throw on a card without the expected action: that is a wrong answer too. */
function holds(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

/** The new-conversation form, with the team's group among the choices. */
export function isForm(card: unknown): boolean {
  return holds(() => {
    findAction(card, VERBS.createConversation);
    const choices: unknown = findInput(card, 'groupId')?.choices;
    return (
      banner(card) === undefined &&
      Array.isArray(choices) &&
      choices.some((c) => isObject(c) && c.value === TEAM_GROUP_ID)
    );
  });
}

/** The confirmation: a Reply to the thread just posted in the team's group. */
export function isConfirmation(card: unknown): boolean {
  return holds(
    () => banner(card) === undefined && actionData(findAction(card, VERBS.openReply)).groupId === TEAM_GROUP_ID
  );
}

export const answers = {
  echo: (body: string) => replies(body).some((reply) => reply.text === 'echo: help'),
  help: (body: string) => replyCards(body).some((card) => cardTitle(card) === HELP_TITLE),
  new: (body: string) => replyCards(body).some(isForm),
  post: (body: string) => isConfirmation(invokeCard(body))
};
