// Runs a route the same way from every surface: anonymous ones as they are; the others only for a
// sender with an Entra identity (anyone else is refused before the handler runs).
import type { TurnContext } from 'botbuilder';
import { notice } from '../../core/words';
import type { BotDeps } from './bot-deps';
import type { Outcome, QueryOutcome, Refusal, Route, SearchOutcome } from './outcome';
import { readTurn, type TurnInput } from './turn';

export function runRoute<O extends Outcome | SearchOutcome | QueryOutcome = Outcome>(
  route: Route<O>,
  context: TurnContext,
  deps: BotDeps,
  input: TurnInput
): Promise<O | Refusal> {
  if (route.anonymous) return route.handle(readTurn(context, deps, input).anonymous);
  const { acting } = readTurn(context, deps, { ...input, budget: route.budget ?? 'reads' });
  if (!acting) return Promise.resolve({ kind: 'refused', code: 'no_user', notice: notice('notice.accountNeeded') });
  return route.handle(acting);
}
