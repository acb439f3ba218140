// Readers for the form card the bot answers a Post with: the inputs' values, the error banner,
// each input's own error line and the Post action. Used by the teams-post-* integration tests.
import { findInCard } from './card-schema';

export const INPUT_IDS = ['groupId', 'topic', 'body', 'participants', 'otherEmails'] as const;
export type InputId = (typeof INPUT_IDS)[number];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** id → value of every input of the card (an input without `value` reads as undefined). */
export function inputValues(card: any): Record<string, unknown> {
  const inputs = findInCard<any>(card, (n) => typeof n.type === 'string' && n.type.startsWith('Input.'));
  return Object.fromEntries(inputs.map((i) => [i.id, i.value]));
}

/** The attention banner's title and text, or undefined when the card has none. */
export function banner(card: any): { title: string; text: string } | undefined {
  const [box] = findInCard<any>(card, (n) => n.type === 'Container' && n.style === 'attention');
  if (!box) return undefined;
  return { title: box.items[0].text, text: box.items[1].text };
}

/** The error line shown right under each input, by input id (only inputs that have one). */
export function fieldErrors(card: any): Partial<Record<InputId, string>> {
  const out: Partial<Record<InputId, string>> = {};
  const body: any[] = card.body;
  body.forEach((el, i) => {
    const next = body[i + 1];
    if (INPUT_IDS.includes(el.id) && next?.type === 'TextBlock' && next.color === 'Attention' && next.size === 'Small') {
      out[el.id as InputId] = next.text;
    }
  });
  return out;
}

/** The Post action (Action.Execute with the createConversation verb) and its Action.Submit fallback. */
export function postAction(card: any): { title: string; verb: string; draftId: string; fallbackDraftId: string; fallbackVerb: string } {
  const actions = (card.actions ?? []).filter((a: any) => a.type === 'Action.Execute' && a.verb === 'createConversation');
  if (actions.length !== 1) throw new Error(`expected one Post action, found ${actions.length}`);
  const [a] = actions;
  return { title: a.title, verb: a.verb, draftId: a.data?.draftId, fallbackDraftId: a.fallback?.data?.draftId, fallbackVerb: a.fallback?.data?.verb };
}

/** Asserts the card is the form again: same inputs and values, a banner, "Try again" for `draftId`. */
export function expectRetryForm(
  card: any,
  expected: { values: Record<InputId, string>; draftId: string; banner: { title: string; text: string } }
): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(inputValues(card)).toEqual(expected.values);
  expect(banner(card)).toEqual(expected.banner);
  expect(postAction(card)).toEqual({
    title: 'Try again',
    verb: 'createConversation',
    draftId: expected.draftId,
    fallbackDraftId: expected.draftId,
    fallbackVerb: 'createConversation'
  });
}

export function isGuid(value: unknown): boolean {
  return typeof value === 'string' && GUID.test(value);
}
