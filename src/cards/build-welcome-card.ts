import template from '../../adaptiveCards/welcome.json';
import type { AdaptiveCard } from './card-types';
import { renderTemplate } from './render-template';

export function buildWelcomeCard(): AdaptiveCard {
  return renderTemplate(template, {});
}
