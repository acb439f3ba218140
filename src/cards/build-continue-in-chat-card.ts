import template from '../../adaptiveCards/continue-in-chat.json';
import type { AdaptiveCard } from './card-types';
import { renderTemplate } from './render-template';
import { say } from '../core/words';

/**
 * Outside a personal chat Teams cannot do silent SSO for a command; this card takes the person to
 * a 1:1 chat with the bot (a Teams deep link that pre-types "new"), one click.
 */
export function buildContinueInChatCard(botAppId: string): AdaptiveCard {
  const users = encodeURIComponent(`28:${botAppId}`);
  const chatUrl = `https://teams.microsoft.com/l/chat/0/0?users=${users}&message=${encodeURIComponent('new')}`;
  return renderTemplate(template, {
    t: { title: say('continueInChat.title'), text: say('continueInChat.text'), button: say('button.continueInChat') },
    chatUrl
  });
}
