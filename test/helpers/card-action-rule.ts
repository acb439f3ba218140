// Cards that render everywhere: "Some older Teams clients do not support fallback property when
// not wrapped in an ActionSet … strongly recommended that you wrap all your Action.Execute in
// ActionSet" (Adaptive Cards, universal-action-model.md). Every Action.Execute must sit in an
// ActionSet's `actions` and carry an Action.Submit fallback that sends the same thing: the verb in
// its data (create-bot-app routes Action.Submit by `data.verb`), the same data, title and inputs.
import { isDeepStrictEqual } from 'node:util';

type Node = Record<string, unknown>;

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** What is wrong with the card's Action.Execute buttons, one line each (empty when nothing is). */
export function executeActionProblems(card: unknown): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, at: string, owner: Node | undefined, key: string): void => {
    if (Array.isArray(node)) {
      for (const [i, n] of node.entries()) visit(n, `${at}[${i}]`, owner, key);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    // A card's `refresh.action` is no button: the schema requires an Action.Execute there, and a
    // client without Universal Actions simply does not refresh (the card shows as sent).
    const isRefresh = key === 'action' && owner !== undefined && at.endsWith('.refresh.action');
    if (n.type === 'Action.Execute' && !isRefresh) problems.push(...executeProblems(n, at, owner, key));
    for (const [k, v] of Object.entries(n)) visit(v, `${at}.${k}`, n, k);
  };
  visit(card, 'card', undefined, '');
  return problems;
}

function executeProblems(action: Node, at: string, owner: Node | undefined, key: string): string[] {
  const problems: string[] = [];
  const name = `${at} (Action.Execute "${String(action.verb)}")`;
  if (owner?.type !== 'ActionSet' || key !== 'actions') {
    problems.push(`${name} is not in an ActionSet (it is in ${String(owner?.type)}.${key})`);
  }
  const fallback = action.fallback as Node | undefined;
  if (!fallback || typeof fallback !== 'object' || fallback.type !== 'Action.Submit') {
    problems.push(`${name} has no Action.Submit fallback`);
    return problems;
  }
  const data = (fallback.data ?? {}) as Node;
  const { verb, ...rest } = typeof data === 'object' ? data : {};
  if (verb !== action.verb) problems.push(`${name}: its fallback's data.verb is ${JSON.stringify(verb)}`);
  // Compared as JSON values: a card parsed by fetch's res.json() comes from another realm than the
  // test's own objects, and isDeepStrictEqual also compares prototypes.
  if (!isDeepStrictEqual(plain(rest), plain(action.data ?? {})))
    problems.push(`${name}: its fallback sends other data`);
  if (fallback.title !== action.title) problems.push(`${name}: its fallback has another title`);
  if ((fallback.associatedInputs ?? 'auto') !== (action.associatedInputs ?? 'auto')) {
    problems.push(`${name}: its fallback sends other inputs`);
  }
  return problems;
}

/** Throws, listing the problems, unless every Action.Execute of the card follows the rule above. */
export function assertExecuteActionsRenderEverywhere(card: unknown): void {
  const problems = executeActionProblems(card);
  if (problems.length > 0)
    throw new Error(`Card has Action.Execute buttons old clients cannot use:\n${problems.join('\n')}`);
}
