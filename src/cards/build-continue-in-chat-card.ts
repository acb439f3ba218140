import template from '../../adaptiveCards/continue-in-chat.json';
import type { AdaptiveCard, NoticeCardData } from './card-types';
import { renderTemplate } from './render-template';
import { say } from '../core/words';

/**
 * The Teams deep link to the 1:1 chat with the bot (`users=28:{BOT_ID}`, the bot's id in Teams),
 * with `message` pre-typed in the person's compose box.
 */
export function chatWithBotUrl(botUserId: string, message?: string): string {
  const users = encodeURIComponent(botUserId);
  const typed = message ? `&message=${encodeURIComponent(message)}` : '';
  return `https://teams.microsoft.com/l/chat/0/0?users=${users}${typed}`;
}

/** A notice with one button to the 1:1 chat with the bot (pre-typing `command` there). */
export function buildOpenChatCard(data: NoticeCardData, botUserId: string, command?: string): AdaptiveCard {
  return renderTemplate(template, {
    t: { title: data.title, text: data.text, button: say('button.openChat') },
    chatUrl: chatWithBotUrl(botUserId, command)
  });
}

/**
 * `new` in a group chat: everyone there would read the form's groups, so one click takes the
 * person to the 1:1 chat with the bot, "new" pre-typed.
 */
export function buildContinueInChatCard(botUserId: string): AdaptiveCard {
  return renderTemplate(template, {
    t: { title: say('continueInChat.title'), text: say('continueInChat.text'), button: say('button.continueInChat') },
    chatUrl: chatWithBotUrl(botUserId, 'new')
  });
}
