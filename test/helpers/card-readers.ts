// Readers for the Adaptive Cards the bot sends: find an input by id, an action by verb, the
// banner, the texts. Tests (and the bench) read cards through these instead of matching JSON text,
// so a change of layout or wording fails only the tests that are about it.

type Node = Record<string, any>;

/** Every object inside `card` (depth first) that matches `pick`. */
export function findInCard<T = Node>(card: unknown, pick: (node: Node) => boolean): T[] {
  const out: T[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      if (pick(node as Node)) out.push(node as T);
      Object.values(node).forEach(visit);
    }
  };
  visit(card);
  return out;
}

/** The input with this id (Input.Text, Input.ChoiceSet, …), or undefined. */
export function findInput(card: unknown, id: string): Node | undefined {
  return findInCard(card, (n) => typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id)[0];
}

/** id → value of every input of the card (an input without `value` reads as undefined). */
export function inputValues(card: unknown): Record<string, unknown> {
  const inputs = findInCard(card, (n) => typeof n.type === 'string' && n.type.startsWith('Input.'));
  return Object.fromEntries(inputs.map((i) => [i.id, i.value]));
}

/** Every action of the card that sends this verb: Action.Execute `verb`, or Action.Submit `data.verb`. */
export function findActions(card: unknown, verb: string): Node[] {
  return findInCard(
    card,
    (n) => (n.type === 'Action.Execute' && n.verb === verb) || (n.type === 'Action.Submit' && n.data?.verb === verb)
  );
}

/** The buttons for `verb` a person sees, in order: an Execute with its Submit fallback counts once. */
export function buttonsFor(card: unknown, verb: string): Node[] {
  const all = findActions(card, verb);
  return all.filter((a) => !all.some((b) => b.fallback === a));
}

/** The one button for `verb` (an Execute with its Submit fallback counts once); throws otherwise. */
export function findAction(card: unknown, verb: string): Node {
  const found = buttonsFor(card, verb);
  if (found.length !== 1) throw new Error(`expected one action for verb "${verb}", found ${found.length}`);
  return found[0];
}

/** The data the action sends when pressed (Execute: `data`; Submit: `data` without `verb`). */
export function actionData(action: Node): Record<string, unknown> {
  const { verb: _verb, ...data } = (action.data ?? {}) as Record<string, unknown>;
  return data;
}

/** Titles of every action on the card, in order (Action.OpenUrl included). */
export function actionTitles(card: unknown): string[] {
  const fallbacks = new Set(
    findInCard(card, (n) => n.fallback && typeof n.fallback === 'object').map((n) => n.fallback)
  );
  return findInCard(card, (n) => typeof n.type === 'string' && n.type.startsWith('Action.'))
    .filter((a) => !fallbacks.has(a))
    .map((a) => a.title);
}

/** Every Action.OpenUrl's url, in order. */
export function openUrls(card: unknown): string[] {
  return findInCard(card, (n) => n.type === 'Action.OpenUrl').map((a) => a.url);
}

/** Every TextBlock's text (and TextRun's), in order. */
export function cardTexts(card: unknown): string[] {
  return findInCard(card, (n) => (n.type === 'TextBlock' || n.type === 'TextRun') && typeof n.text === 'string').map(
    (n) => n.text
  );
}

/** The card's first TextBlock: its title. */
export function cardTitle(card: unknown): string | undefined {
  return cardTexts(card)[0];
}

/** The attention banner's title and text, or undefined when the card has none. */
export function banner(card: unknown): { title: string; text: string } | undefined {
  const [box] = findInCard(card, (n) => n.type === 'Container' && n.style === 'attention');
  if (!box) return undefined;
  return { title: box.items[0].text, text: box.items[1].text };
}

/** Every FactSet's facts, in order. */
export function facts(card: unknown): { title: string; value: string }[] {
  return findInCard(card, (n) => n.type === 'FactSet').flatMap((n) => n.facts);
}

/**
 * Whether `text` is a word with a blank, whatever fills the blank: with
 * `(group) => say('confirmation.title', { group })` it is true for every group's confirmation title.
 */
export function matchesWord(text: string, said: (blank: string) => string): boolean {
  const [before, after = ''] = said('\u0000').split('\u0000');
  return text.length >= before.length + after.length && text.startsWith(before) && text.endsWith(after);
}

/**
 * The card's buttons: the actions of the ActionSet at the bottom of its body (cards keep their
 * buttons there, not in the card-level `actions`: old Teams clients honour `fallback` only inside
 * an ActionSet). Empty when the card has none.
 */
export function cardButtons(card: unknown): Node[] {
  const body = ((card as Node)?.body ?? []) as Node[];
  const last = body[body.length - 1];
  return last?.type === 'ActionSet' ? (last.actions as Node[]) : [];
}
