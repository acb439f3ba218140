import template from '../../adaptiveCards/help.json';
import type { AdaptiveCard } from './card-types';
import { renderTemplate } from './render-template';
import { deepFreeze } from '../core/deep-freeze';
import { say } from '../core/words';

// The help card never changes: built once, frozen (so no caller can alter the shared copy).
let help: AdaptiveCard | undefined;

export function buildHelpCard(): AdaptiveCard {
  help ??= deepFreeze(
    renderTemplate(template, {
      t: {
        title: say('help.title'),
        intro: say('help.intro'),
        commandsHeading: say('help.commands'),
        messageAction: say('help.messageAction'),
        search: say('help.search')
      },
      // The commands as the person types them (src/teams/commands/parse-command.ts parses these names).
      commands: [
        { name: 'new', text: say('help.new') },
        { name: 'list', text: say('help.list') },
        { name: 'follow', text: say('help.follow') },
        { name: 'subscribe', text: say('help.subscribe') },
        { name: 'signout', text: say('help.signout') },
        { name: 'help', text: say('help.help') }
      ]
    })
  );
  return help;
}
