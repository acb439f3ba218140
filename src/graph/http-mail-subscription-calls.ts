// Following a group in one's own inbox (issue 17), delegated, as the person: `POST
// /groups/{id}/subscribeByMail` / `unsubscribeByMail` (Group.ReadWrite.All; no body; 200, or 204
// with `Prefer: return=minimal`, which is asked for) and the state, `isSubscribedByMail`, which
// Graph returns only when `$select` names it on the single-group GET. Over the client's `send`.
// Contract: api-reference/v1.0/api/group-subscribebymail.md, group-unsubscribebymail.md, group-get.md.
import type { Group } from '@microsoft/microsoft-graph-types';
import { GraphRequestError } from '../core/errors';
import type { GraphClient } from './graph-client';
import type { GraphSend } from './http-follow-calls';

type MailSubscriptionCalls = Pick<GraphClient, 'getMailSubscription' | 'setMailSubscription'>;

/** What the answer card names, plus the state; groupTypes tells a Microsoft 365 group from others. */
const STATE_SELECT = 'id,displayName,mail,visibility,groupTypes,isSubscribedByMail';

export function mailSubscriptionCalls(send: GraphSend, base: string): MailSubscriptionCalls {
  const groupUrl = (groupId: string) => `${base}/groups/${encodeURIComponent(groupId)}`;
  return {
    async getMailSubscription(token, groupId) {
      const { status, json } = await send(token, `${groupUrl(groupId)}?$select=${encodeURIComponent(STATE_SELECT)}`);
      const g = (json ?? {}) as Group;
      if (typeof g.id !== 'string') {
        throw new GraphRequestError('graph_unavailable', { status, message: 'Graph returned a group without id' });
      }
      if (!g.groupTypes?.includes('Unified')) {
        throw new GraphRequestError('group_not_found', { status: 404, message: 'not a Microsoft 365 group' });
      }
      return {
        group: { id: g.id, displayName: g.displayName ?? '', mail: g.mail ?? null, visibility: g.visibility ?? null },
        // Absent is "not said": treated as not subscribed, so the card offers to subscribe (harmless twice).
        subscribed: g.isSubscribedByMail === true
      };
    },

    async setMailSubscription(token, groupId, on) {
      await send(token, `${groupUrl(groupId)}/${on ? 'subscribeByMail' : 'unsubscribeByMail'}`, {
        method: 'POST',
        headers: { Prefer: 'return=minimal' }
      });
    }
  };
}
