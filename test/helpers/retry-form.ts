// The form card the bot answers a failed Post with, read through card-readers.ts: each input's own
// error line, and the whole "form again" assertion. Used by the teams-post-* integration tests.
import { banner, cardButtons, findAction, inputValues } from './card-readers';
import { say } from '../../src/core/words';

export const INPUT_IDS = ['groupId', 'topic', 'body', 'participants', 'otherEmails'] as const;
export type InputId = (typeof INPUT_IDS)[number];

/** The error line shown right under each input, by input id (only inputs that have one). */
export function fieldErrors(card: any): Partial<Record<InputId, string>> {
  const out: Partial<Record<InputId, string>> = {};
  const body: any[] = card.body;
  body.forEach((el, i) => {
    const next = body[i + 1];
    if (
      INPUT_IDS.includes(el.id) &&
      next?.type === 'TextBlock' &&
      next.color === 'Attention' &&
      next.size === 'Small'
    ) {
      out[el.id as InputId] = next.text;
    }
  });
  return out;
}

/**
 * Asserts the card is the form again: same inputs and values, a banner, "Try again" for `draftId`.
 * In the 1:1 chat (the fixtures' default) the form also has "Post to all my groups" (issue 15),
 * off unless `values.allGroups` says otherwise; `scope: 'shared'` (channel, group chat) has none.
 */
export function expectRetryForm(
  card: any,
  expected: {
    values: Record<InputId, string> & { allGroups?: string };
    draftId: string;
    banner: { title: string; text: string };
    scope?: 'personal' | 'shared';
  }
): void {
  expect(card.type).toBe('AdaptiveCard');
  const { allGroups, ...values } = expected.values;
  const toggle = expected.scope === 'shared' ? {} : { allGroups: allGroups ?? 'false' };
  expect(inputValues(card)).toEqual({ ...values, ...toggle });
  expect(banner(card)).toEqual(expected.banner);
  // The Post button: an Action.Execute among the card's buttons, with its Action.Submit fallback.
  const post = findAction(card, 'createConversation');
  expect(cardButtons(card)).toContain(post);
  expect(post).toMatchObject({
    type: 'Action.Execute',
    title: say('button.tryAgain'),
    verb: 'createConversation',
    data: { draftId: expected.draftId },
    fallback: { type: 'Action.Submit', data: { verb: 'createConversation', draftId: expected.draftId } }
  });
}
