// Cards for one person, in their 1:1 chat with the bot, from any turn (a message extension in a
// group chat or a channel, a card action in a shared conversation), now or after the turn was
// answered. Teams' documented way (bots/how-to/conversations/send-proactive-messages.md): create
// the 1:1 conversation with the person — `POST {serviceUrl}/v3/conversations` `{isGroup: false,
// bot, members: [the person], tenantId, channelData: {tenant}}`; for a conversation that exists
// the connector answers its id again, so no id needs keeping — then send into it. The person
// must have the app installed personally (a message action's user always has).
//
// Usage: capture the address while the turn is live, send whenever the cards are ready:
//   const chat = personalChatOf(context.activity);
//   … later …
//   if (chat) await sendToPersonalChat(adapter, deps, chat, [card]);
import {
  ActivityTypes,
  CardFactory,
  TurnContext,
  type Activity,
  type ChannelAccount,
  type ConversationParameters
} from 'botbuilder';
import type { AdaptiveCard } from '../../cards';
import type { BotAdapter } from './bot-adapter';
import type { BotDeps } from './bot-deps';
import { tenantOf } from './turn';

/** Where a person's 1:1 chat with the bot is created: everything comes from one of their activities. */
export interface PersonalChat {
  channelId: string;
  serviceUrl: string;
  tenantId: string;
  /** The person's Teams user id (`29:…`), as the activity's `from.id` names them to this bot. */
  userId: string;
  /** The bot as the activity's `recipient` names it (`28:{BOT_ID}`). */
  bot: ChannelAccount;
}

/** The person's 1:1 chat address from an activity they sent; undefined when it lacks a part. */
export function personalChatOf(activity: Partial<Activity>): PersonalChat | undefined {
  const { channelId, serviceUrl, from, recipient } = activity;
  const tenantId = tenantOf(activity);
  if (!channelId || !serviceUrl || !from?.id || !recipient?.id || !tenantId) return undefined;
  return {
    channelId,
    serviceUrl,
    tenantId,
    userId: from.id,
    bot: { id: recipient.id, name: recipient.name }
  };
}

/**
 * Creates (or gets) the person's 1:1 conversation with the bot and sends each card into it as a
 * message, in order. Throws what the connector answered (403 when the person blocked the bot).
 */
export async function sendToPersonalChat(
  adapter: BotAdapter,
  deps: Pick<BotDeps, 'config'>,
  chat: PersonalChat,
  cards: readonly AdaptiveCard[]
): Promise<void> {
  const parameters: ConversationParameters = {
    isGroup: false,
    bot: chat.bot,
    // The person by id alone: Teams knows their name (ChannelAccount's `name` is typed required).
    members: [{ id: chat.userId } as ChannelAccount],
    tenantId: chat.tenantId,
    channelData: { tenant: { id: chat.tenantId } }
  };
  // No audience: botbuilder then uses the bot's own Bot Framework scope, as continueConversation does.
  const audience = undefined as unknown as string;
  await adapter.createConversationAsync(
    deps.config.bot?.appId ?? '',
    chat.channelId,
    chat.serviceUrl,
    audience,
    parameters,
    async (context) => {
      // botbuilder names the new conversation's stand-in activity after the conversation id, so
      // context.sendActivity would reply to it (`…/activities/{conversation id}`): the messages go
      // to the conversation itself (`POST …/v3/conversations/{id}/activities`), in order.
      const reference = { ...TurnContext.getConversationReference(context.activity), activityId: undefined };
      const messages = cards.map((card) =>
        TurnContext.applyConversationReference(
          { type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] },
          reference
        )
      );
      await context.adapter.sendActivities(context, messages);
    }
  );
}
