import template from '../../adaptiveCards/welcome.json';
import { deepFreeze } from '../core/deep-freeze';
import { say } from '../core/words';
import type { AdaptiveCard } from './card-types';
import { renderTemplate } from './render-template';

let welcome: AdaptiveCard | undefined;

/** Static like help: built once, frozen. */
export function buildWelcomeCard(): AdaptiveCard {
  welcome ??= deepFreeze(
    renderTemplate(template, {
      t: { title: say('welcome.title'), intro: say('welcome.intro'), start: say('welcome.start') }
    })
  );
  return welcome;
}
