import * as ACData from 'adaptivecards-templating';
import type { AdaptiveCard } from './card-types';

// Keyed by the imported JSON object itself: each template is parsed into expressions once per
// process, then expanded per call (expand() builds fresh objects, so callers may mutate results).
const parsed = new WeakMap<object, ACData.Template>();

export function getTemplate(template: object): ACData.Template {
  let compiled = parsed.get(template);
  if (!compiled) {
    compiled = new ACData.Template(template);
    parsed.set(template, compiled);
  }
  return compiled;
}

/**
 * Expands a template against `data`. Only the template's own strings are parsed as expressions;
 * data values are inserted as they are, so user text such as "${topic}" stays literal.
 * A field that is undefined or null comes out as the literal "${path}": callers pass complete data.
 */
export function renderTemplate(template: object, data: object): AdaptiveCard {
  const card = getTemplate(template).expand({ $root: data }) as AdaptiveCard;
  if (card?.type !== 'AdaptiveCard') {
    throw new Error('Card template did not expand to an AdaptiveCard');
  }
  return card;
}
