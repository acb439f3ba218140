// Shared by the invoke contract's unit tests (invoke-contract*.test.ts): requests as Teams sends
// them (test/fixtures), answer builders, and the runner that says which rule an answer breaks.
import {
  createInvokeContract,
  InvokeContractError,
  type InvokeAnswer,
  type InvokeRule
} from '../../helpers/invoke-contract';
import { BOT_ID } from '../../helpers/entra';
import { fixture, type Activity } from '../../helpers/fixtures';

export const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
export const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'ok' }] };

export const action = (value: Record<string, unknown> = {}): Activity =>
  fixture('invoke-create-conversation', (a) => Object.assign(a.value, value));
export const fetchTask = fixture('invoke-message-action-fetch');
export const submitAction = fixture('invoke-message-action-submit');

export const ok = (body: unknown): InvokeAnswer => ({ status: 200, body });
export const ua = (statusCode: unknown, type: string, value?: unknown) => ok({ statusCode, type, value });
export const refusal = (status: number): InvokeAnswer => ({ status, body: { error: 'refused', message: 'Refused.' } });

/** [what, request, answers (all but the last must pass), the rule the last one breaks (null: it passes)]. */
export type Case = [string, Activity, InvokeAnswer[], InvokeRule | null];
export const oneBot = (what: string, request: Activity, answer: InvokeAnswer, rule: InvokeRule | null): Case => [
  what,
  request,
  [answer],
  rule
];

/** The rule the last answer breaks (the others must pass), through one bot's contract; null: it passes. */
export function brokenRule(
  request: Activity,
  answers: InvokeAnswer[],
  expect: { botId?: string } = { botId: BOT_ID }
): string | null {
  const contract = createInvokeContract(expect);
  for (const answer of answers.slice(0, -1)) contract.check(request, answer);
  try {
    contract.check(request, answers[answers.length - 1] as InvokeAnswer);
    return null;
  } catch (err) {
    if (err instanceof InvokeContractError) return err.rule;
    throw err;
  }
}
