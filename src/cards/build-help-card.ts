import template from '../../adaptiveCards/help.json';
import type { AdaptiveCard } from './card-types';
import { renderTemplate } from './render-template';

export function buildHelpCard(): AdaptiveCard {
  return renderTemplate(template, {});
}
