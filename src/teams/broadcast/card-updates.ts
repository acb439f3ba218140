// How the broadcast's progress card is reached after its invoke was answered: through the Bot
// Connector (continueConversation + updateActivity, as answer-within-deadline.ts does for one late
// result), retried on the answers the Teams docs say to retry (412, 429, 502, 504) with backoff and
// jitter, or the connector's Retry-After (core/paced-updates.ts connectorRetryDelay).
import { CardFactory, type ConversationReference } from 'botbuilder';
import type { AdaptiveCard } from '../../cards';
import { connectorRetryDelay } from '../../core/paced-updates';
import { isRecord } from '../../core/is-record';
import type { BotAdapter } from '../app/bot-adapter';
import type { CardSpot } from './broadcaster';

export interface CardUpdateOptions {
  appId: string;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/**
 * Replaces the card at `spot`; resolves with the new message's id when there was no card to
 * replace (an Action.Submit fallback without a replyToId): the caller keeps it for the next update.
 */
export function createCardUpdates(
  adapter: BotAdapter,
  options: CardUpdateOptions
): (spot: CardSpot, card: AdaptiveCard) => Promise<string | undefined> {
  return async (spot, card) => {
    const message = { type: 'message', attachments: [CardFactory.adaptiveCard(card)] };
    for (let attempt = 0; ; attempt++) {
      try {
        let sentId: string | undefined;
        await adapter.continueConversationAsync(
          options.appId,
          spot.reference as Partial<ConversationReference>,
          async (later) => {
            if (spot.activityId) await later.updateActivity({ ...message, id: spot.activityId });
            else sentId = (await later.sendActivity(message))?.id;
          }
        );
        return sentId;
      } catch (err) {
        const status = statusOf(err);
        const delay =
          status === undefined
            ? undefined
            : connectorRetryDelay({ attempt, status, retryAfterSeconds: retryAfterOf(err) }, options.random);
        if (delay === undefined) throw err;
        await options.sleep(delay);
      }
    }
  };
}

/** The connector client's RestError (botbuilder-stdlib's core-http compat) carries statusCode. */
function statusOf(err: unknown): number | undefined {
  if (!isRecord(err)) return undefined;
  const status = err.statusCode ?? (isRecord(err.response) ? err.response.status : undefined);
  return typeof status === 'number' ? status : undefined;
}

function retryAfterOf(err: unknown): number | undefined {
  if (!isRecord(err) || !isRecord(err.response)) return undefined;
  const headers = err.response.headers;
  const get = isRecord(headers) ? headers.get : undefined;
  // core-http's HttpHeaders has get(); a plain object is read by name.
  const raw =
    typeof get === 'function'
      ? get.call(headers, 'retry-after')
      : isRecord(headers)
        ? headers['retry-after']
        : undefined;
  const seconds = typeof raw === 'string' ? Number(raw) : undefined;
  return seconds !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}
