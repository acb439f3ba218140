import template from '../../adaptiveCards/help.json';
import type { AdaptiveCard } from './card-types';
import { renderTemplate } from './render-template';
import { deepFreeze } from '../core/deep-freeze';

// The help card never changes: built once, frozen (so no caller can alter the shared copy).
let help: AdaptiveCard | undefined;

export function buildHelpCard(): AdaptiveCard {
  help ??= deepFreeze(renderTemplate(template, {}));
  return help;
}
