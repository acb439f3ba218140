// Graph's conversation endpoints intercepted with nock (list, thread lookup, reply), each checking
// the exact path, query, Authorization header and body; and card actions with any verb.
import nock from 'nock';
import { GRAPH } from './graph-nock';
import { fixture, type Activity } from './fixtures';
import { assertValidCard } from './card-schema';
import type { TestBot } from './test-bot';

export const CONVERSATION_SELECT = 'id,topic,preview,lastDeliveredDateTime,uniqueSenders,hasAttachments';

export interface GraphConversation {
  id: string;
  topic: string;
  preview: string;
  lastDeliveredDateTime: string;
  uniqueSenders: string[];
  hasAttachments: boolean;
}

export function conversation(n: number, over: Partial<GraphConversation> = {}): GraphConversation {
  return {
    id: `AAQkConv${n}+x/y=`,
    topic: `Topic ${n}`,
    preview: `Preview of conversation ${n}`,
    lastDeliveredDateTime: `2026-11-${String(10 + n).padStart(2, '0')}T09:30:00Z`,
    uniqueSenders: ['Alice Wong'],
    hasAttachments: false,
    ...over
  };
}

const graphError = {
  error: {
    code: 'SomeGraphCode',
    message: 'failed',
    innerError: { 'request-id': 'req-1', date: '2026-11-27T10:00:00' }
  }
};

/**
 * A nextLink as Graph may write one: absolute, its own options in its own order, an opaque token.
 * A client that rebuilds URLs from the token (instead of following the link) misses the
 * interceptor that `nockListConversations({ page })` sets up for exactly this URL.
 */
export function conversationsNextLink(groupId: string, token: string): string {
  const options = `$orderby=lastDeliveredDateTime+desc&$select=${CONVERSATION_SELECT}&$skiptoken=${token}`;
  return `${GRAPH}/v1.0/groups/${groupId}/conversations?${options}`;
}

/**
 * `GET /groups/{id}/conversations?$select=…&$orderby=lastDeliveredDateTime desc` (exactly; no
 * `$top`: Graph does not document it there), or with `page` exactly that nextLink and nothing else.
 * `next` answers with a nextLink (conversationsNextLink) carrying that token.
 */
export function nockListConversations(
  token: string,
  groupId: string,
  reply: {
    page?: string;
    value?: GraphConversation[];
    next?: string;
    status?: number;
    headers?: Record<string, string>;
    times?: number;
  }
): nock.Scope {
  const ok = (reply.status ?? 200) < 300;
  const listPath = `/v1.0/groups/${groupId}/conversations`;
  const nextLink = reply.next ? conversationsNextLink(groupId, reply.next) : undefined;
  const scope = nock(GRAPH, { reqheaders: { authorization: `Bearer ${token}` } });
  // What fetch sends for the link: its path and query as the URL parser writes them.
  const asked = reply.page
    ? scope.get(`${new URL(reply.page).pathname}${new URL(reply.page).search}`)
    : scope.get(listPath).query({ $select: CONVERSATION_SELECT, $orderby: 'lastDeliveredDateTime desc' });
  return asked
    .times(reply.times ?? 1)
    .reply(
      reply.status ?? 200,
      ok ? { value: reply.value ?? [], ...(nextLink ? { '@odata.nextLink': nextLink } : {}) } : graphError,
      reply.headers
    );
}

/** `GET /groups/{id}/conversations/{cid}/threads?$select=id` (the id escaped in the path; no $top). */
export function nockThreadLookup(
  token: string,
  groupId: string,
  conversationId: string,
  reply: { threadId?: string; status?: number }
): nock.Scope {
  const ok = (reply.status ?? 200) < 300;
  return nock(GRAPH, { reqheaders: { authorization: `Bearer ${token}` } })
    .get(`/v1.0/groups/${groupId}/conversations/${encodeURIComponent(conversationId)}/threads`)
    .query({ $select: 'id' })
    .reply(reply.status ?? 200, ok ? { value: reply.threadId ? [{ id: reply.threadId }] : [] } : graphError);
}

/** `POST /groups/{id}/threads/{tid}/reply`; `seen` receives each body. Graph answers 202, empty. */
export function nockReply(
  token: string,
  groupId: string,
  threadId: string,
  seen: unknown[],
  reply: { status?: number; headers?: Record<string, string> } = {}
): nock.Scope {
  const status = reply.status ?? 202;
  return nock(GRAPH, { reqheaders: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } })
    .post(`/v1.0/groups/${groupId}/threads/${encodeURIComponent(threadId)}/reply`, (body: unknown) => {
      seen.push(body);
      return true;
    })
    .reply(status, status < 300 ? '' : graphError, reply.headers);
}

/** An `adaptiveCard/action` invoke with this verb and exactly this data (inputs included). */
export function cardAction(
  verb: string,
  data: Record<string, unknown>,
  patch: (a: Activity) => void = () => undefined
): Activity {
  return fixture('invoke-create-conversation', (a) => {
    a.value.action = { type: 'Action.Execute', id: verb, verb, data };
    patch(a);
  });
}

/** Sends an Action.Execute and returns the card that replaces the pressed one (checked: a valid card). */
export async function executeCardAction(
  bot: TestBot,
  verb: string,
  data: Record<string, unknown>,
  headers: Record<string, string> = {}
): Promise<Record<string, any>> {
  const res = await bot.post('/api/messages', cardAction(verb, data), headers);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  assertValidCard(res.body.value);
  return res.body.value;
}
