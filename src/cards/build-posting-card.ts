import template from '../../adaptiveCards/posting.json';
import type { AdaptiveCard } from './card-types';
import { renderTemplate } from './render-template';
import { say } from '../core/words';

/**
 * Shown when a card action outlasts Teams' invoke limit. "Check status" sends the same action
 * again (same verb, same data, so the same draft): the ledger answers with the outcome so far.
 * Its Action.Submit fallback (clients without Universal Actions) carries the verb in its data.
 */
export function buildPostingCard(verb: string, data: Record<string, unknown>): AdaptiveCard {
  const card = renderTemplate(template, {
    t: { title: say('posting.title'), text: say('posting.text'), checkStatus: say('button.checkStatus') },
    verb
  });
  // The action data is the original action's, set after templating so no typed text is expanded.
  const body = card.body as { type: string; actions?: Record<string, unknown>[] }[];
  const [check] = body.find((element) => element.type === 'ActionSet')?.actions ?? [];
  if (!check) throw new Error('posting.json has no Check status action');
  check.data = data;
  (check.fallback as Record<string, unknown>).data = { ...data, verb };
  return card;
}
