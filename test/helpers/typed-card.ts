// A message typed to the bot (the 1:1 chat's message-new fixture, `patch` for anything else: the
// sender, a channel) with expectReplies, and the one card the bot answered with, schema-checked.
import { assertValidCard } from './card-schema';
import { cardAttachments, fixture, type Activity } from './fixtures';
import type { TestBot } from './test-bot';

export async function typedCard(
  bot: TestBot,
  text: string,
  patch: (a: Activity) => void = () => undefined
): Promise<Record<string, any>> {
  const res = await bot.post(
    '/api/messages',
    fixture('message-new', (a) => {
      patch(a);
      a.text = text;
      a.deliveryMode = 'expectReplies';
    })
  );
  const [card] = cardAttachments(res.body.activities);
  assertValidCard(card);
  return card;
}
