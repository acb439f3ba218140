// A result that would otherwise be posted as a new message in a channel or group chat (the
// Action.Submit fallback, the message action's confirmation): everyone there would read it, so
// the conversation gets only the neutral card (who did what, a link to the 1:1 chat), and the
// person's own cards (confirmation, retry form with their text) go to their 1:1 chat with the bot.
import { CardFactory, type TurnContext } from 'botbuilder';
import { buildOpenChatCard, type AdaptiveCard } from '../../cards';
import type { BotAdapter } from './bot-adapter';
import type { BotDeps } from './bot-deps';
import type { Outcome } from './outcome';
import { sharedNoticeOf } from './own-views';
import { personalChatOf, sendToPersonalChat } from './personal-chat';
import { readTurn } from './turn';

export async function deliverInSharedScope(
  context: TurnContext,
  adapter: BotAdapter,
  deps: BotDeps,
  outcome: Outcome,
  ownCards: AdaptiveCard[]
): Promise<void> {
  const { anonymous: turn } = readTurn(context, deps);
  const neutral = buildOpenChatCard(sharedNoticeOf(outcome, turn.actor), turn.botUserId);
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(neutral)] });
  const chat = personalChatOf(context.activity);
  if (!chat) {
    turn.log.warn({ scope: turn.scope }, 'no 1:1 chat to send the person their own result to');
    return;
  }
  try {
    await sendToPersonalChat(adapter, deps, chat, ownCards);
    turn.log.info({ scope: turn.scope }, 'shared conversation: neutral card; own result sent to the 1:1 chat');
  } catch (err) {
    // The neutral card says where to look; a person who blocked the bot gets it only there.
    turn.log.warn({ err }, 'could not send the person their own result in the 1:1 chat');
  }
}
