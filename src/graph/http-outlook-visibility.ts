// Whether a group is hidden from Outlook clients (issue 17), over the same `send` as the rest of the
// HTTP client. Groups created from Teams are hidden by default, so a post there lands in a mailbox
// nobody opens in Outlook. Graph returns `hideFromOutlookClients` only when `$select` names it on
// `GET /groups/{id}` (resources/group.md: "Returned only on $select. Supported only on the Get group
// API"), delegated: a list (memberOf) never carries it, so it is one request per group, cached above
// this layer (core/outlook-visibility.ts).
import type { Group } from '@microsoft/microsoft-graph-types';
import { GraphRequestError } from '../core/errors';
import type { GraphClient } from './graph-client';
import type { GraphSend } from './http-follow-calls';

export function outlookVisibilityCalls(send: GraphSend, base: string): Pick<GraphClient, 'isHiddenFromOutlook'> {
  return {
    async isHiddenFromOutlook(token, groupId) {
      const url = `${base}/groups/${encodeURIComponent(groupId)}?$select=id,hideFromOutlookClients`;
      const { status, json } = await send(token, url);
      const flag = ((json ?? {}) as Group).hideFromOutlookClients;
      // Absent or null is not "visible": the caller decides what an unknown answer means.
      if (typeof flag !== 'boolean') {
        throw new GraphRequestError('graph_unavailable', { status, message: 'Graph answered without the flag' });
      }
      return flag;
    }
  };
}
