// The Graph calls behind following a group in a channel (issue 16), over the same `send` as the rest
// of the HTTP client (http-graph-client.ts): change-notification subscriptions, a conversation's
// threads, and a group's owners. Kept apart so the client file stays about mailboxes.
// Contract: api-reference/v1.0/api/subscription-post-subscriptions.md, subscription-update.md,
// subscription-delete.md, conversation-list-threads.md, group-list-owners.md.
import type { ConversationThread, DirectoryObject, Subscription } from '@microsoft/microsoft-graph-types';
import { GraphRequestError } from '../core/errors';
import type { GraphClient, SubscriptionInfo, ThreadSummary } from './graph-client';
import { checkedNextLink } from './next-link';

export type GraphSend = (
  token: string,
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string }
) => Promise<{ status: number; json: unknown }>;

type FollowCalls = Pick<
  GraphClient,
  'listConversationThreads' | 'listGroupOwnerIds' | 'createSubscription' | 'renewSubscription' | 'deleteSubscription'
>;

interface Page<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

/** Owners are few (Entra allows 100 a group); a longer nextLink chain is broken, not real. */
const MAX_OWNER_PAGES = 20;
const JSON_BODY = { 'Content-Type': 'application/json' };

export function followCalls(send: GraphSend, base: string): FollowCalls {
  const subscriptionUrl = (id: string) => `${base}/subscriptions/${encodeURIComponent(id)}`;
  const subscriptionInfo = (status: number, json: unknown): SubscriptionInfo => {
    const s = (json ?? {}) as Subscription;
    if (typeof s.id !== 'string' || typeof s.expirationDateTime !== 'string') {
      throw new GraphRequestError('graph_unavailable', { status, message: 'Graph answered without a subscription' });
    }
    return { id: s.id.toLowerCase(), expirationDateTime: s.expirationDateTime };
  };
  /** A 404 on /subscriptions/{id} is the subscription, never a group (map-graph-error.ts's default). */
  const subscriptionGone = (err: unknown): never => {
    if (err instanceof GraphRequestError && err.status === 404) {
      throw new GraphRequestError('subscription_not_found', { status: 404, graphCode: err.graphCode, cause: err });
    }
    throw err;
  };

  return {
    async listConversationThreads(token, groupId, conversationId) {
      const collection = `/groups/${encodeURIComponent(groupId)}/conversations/${encodeURIComponent(conversationId)}/threads`;
      const { json } = await send(token, `${base}${collection}?$select=id,topic,lastDeliveredDateTime`).catch(
        (err: unknown) => {
          if (err instanceof GraphRequestError && err.status === 404) {
            throw new GraphRequestError('conversation_not_found', {
              status: 404,
              graphCode: err.graphCode,
              cause: err
            });
          }
          throw err;
        }
      );
      return (((json ?? {}) as Page<ConversationThread>).value ?? [])
        .filter((t) => typeof t.id === 'string')
        .map(
          (t): ThreadSummary => ({
            id: t.id as string,
            topic: t.topic ?? '',
            lastDeliveredDateTime: t.lastDeliveredDateTime ?? null
          })
        );
    },

    async listGroupOwnerIds(token, groupId) {
      const collection = `/groups/${encodeURIComponent(groupId)}/owners`;
      let url: string | undefined = `${base}${collection}?$select=id&$top=100`;
      const ids: string[] = [];
      for (let page = 0; url !== undefined; page++) {
        if (page >= MAX_OWNER_PAGES) {
          throw new GraphRequestError('graph_unavailable', { status: 200, message: 'too many pages of owners' });
        }
        const body = ((await send(token, url)).json ?? {}) as Page<DirectoryObject>;
        for (const o of body.value ?? []) if (typeof o.id === 'string') ids.push(o.id.toLowerCase());
        url = checkedNextLink(body['@odata.nextLink'], base, collection);
      }
      return ids;
    },

    async createSubscription(token, subscription) {
      const { status, json } = await send(token, `${base}/subscriptions`, {
        method: 'POST',
        headers: JSON_BODY,
        body: JSON.stringify(subscription)
      });
      return subscriptionInfo(status, json);
    },

    async renewSubscription(token, subscriptionId, expirationDateTime) {
      const { status, json } = await send(token, subscriptionUrl(subscriptionId), {
        method: 'PATCH',
        headers: JSON_BODY,
        body: JSON.stringify({ expirationDateTime })
      }).catch(subscriptionGone);
      return subscriptionInfo(status, json);
    },

    async deleteSubscription(token, subscriptionId) {
      await send(token, subscriptionUrl(subscriptionId), { method: 'DELETE' }).catch((err: unknown) => {
        // Already gone is what was asked for.
        if (err instanceof GraphRequestError && err.status === 404) return undefined;
        throw err;
      });
    }
  };
}
