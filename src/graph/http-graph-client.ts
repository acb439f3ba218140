// GraphClient over plain fetch. Not @microsoft/microsoft-graph-client: its RetryHandler re-sends
// POSTs on 429/503/504 (a conversation could be created twice) and it withholds the token from an
// http:// sandbox. No retries here; the retry policy lives above this layer.
import type { Conversation, Group, Post, User } from '@microsoft/microsoft-graph-types';
import { AppError, GraphRequestError } from '../core/errors';
import type {
  ConversationPage,
  ConversationSummary,
  CreatedConversation,
  GraphClient,
  GroupSummary,
  NewConversationBody,
  PostSummary,
  ResolvedUser
} from './graph-client';
import { graphErrorFromException, graphErrorFromResponse } from './map-graph-error';
import { asksNewestFirst, checkedNextLink } from './next-link';
import { followCalls } from './http-follow-calls';
import { mailSubscriptionCalls } from './http-mail-subscription-calls';
import { outlookVisibilityCalls } from './http-outlook-visibility';

export interface HttpGraphClientOptions {
  /** e.g. `https://graph.microsoft.com/v1.0` or the sandbox `http://127.0.0.1:5980/v1.0`. */
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

const GROUP_SELECT = 'id,displayName,mail,visibility,groupTypes';
const USER_SELECT = 'id,displayName,mail,userPrincipalName';
const CONVERSATION_SELECT = {
  list: 'id,topic,preview,lastDeliveredDateTime,uniqueSenders,hasAttachments',
  // What matching an uncertain post needs (own-post.ts): no preview text.
  match: 'id,topic,lastDeliveredDateTime,uniqueSenders'
} as const;
const POST_SELECT = 'id,from,sender,createdDateTime,body';
/**
 * Asked for, never relied on: the list-conversations page documents no order and no $orderby, but
 * the Office 365 Groups Mail connector polls conversations this way. A 400 means "not here".
 */
const NEWEST_FIRST = 'lastDeliveredDateTime desc';
/** Graph accepts at most 15 values in one `in (...)` filter. */
const USERS_PER_FILTER = 15;
/** 999 groups a page: a loop beyond this many pages is a broken nextLink chain, not a real person. */
const MAX_GROUP_PAGES = 100;
const MY_GROUPS = '/me/memberOf/microsoft.graph.group';

interface Page<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

export function createHttpGraphClient(options: HttpGraphClientOptions): GraphClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const groupUrl = (groupId: string): string => `${base}/groups/${encodeURIComponent(groupId)}`;
  // Looked up per call, not captured: test interceptors may replace the global after creation.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;

  async function send(
    token: string,
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {}
  ) {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: init.method ?? 'GET',
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...init.headers },
        body: init.body,
        signal: AbortSignal.timeout(timeoutMs),
        // The bearer token must only ever reach baseUrl's origin; Graph does not redirect these calls.
        redirect: 'error'
      });
    } catch (err) {
      throw graphErrorFromException(err);
    }
    if (!res.ok) throw await graphErrorFromResponse(res, now);
    let text: string;
    try {
      text = await res.text(); // the timeout also covers a body that stalls
    } catch (err) {
      throw graphErrorFromException(err);
    }
    try {
      return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
    } catch (err) {
      throw new GraphRequestError('graph_unavailable', {
        status: res.status,
        cause: err,
        message: 'Graph answered with invalid JSON'
      });
    }
  }

  function groupSummary(g: Group): GroupSummary {
    return {
      id: g.id as string,
      displayName: g.displayName ?? '',
      mail: g.mail ?? null,
      visibility: g.visibility ?? null
    };
  }

  return {
    ...followCalls(send, base),
    ...mailSubscriptionCalls(send, base),
    ...outlookVisibilityCalls(send, base),
    async listMyGroups(token) {
      // $count + ConsistencyLevel: the groupTypes lambda filter is an "advanced query" in Entra ID.
      let url: string | undefined = `${base}${MY_GROUPS}?${query({
        $filter: "groupTypes/any(c:c eq 'Unified')",
        $count: 'true',
        $select: GROUP_SELECT,
        $top: '999'
      })}`;
      const groups: GroupSummary[] = [];
      for (let page = 0; url !== undefined; page++) {
        if (page >= MAX_GROUP_PAGES) throw unavailable(200, `more than ${MAX_GROUP_PAGES} pages of groups`);
        const { json } = await send(token, url, { headers: { ConsistencyLevel: 'eventual' } });
        const body = (json ?? {}) as Page<Group>;
        for (const g of body.value ?? []) {
          // Defensive: the cast segment already limits to groups, the filter to Unified ones.
          if (typeof g.id === 'string' && g.groupTypes?.includes('Unified')) groups.push(groupSummary(g));
        }
        url = checkedNextLink(body['@odata.nextLink'], base, MY_GROUPS);
      }
      return groups.sort(
        (a, b) =>
          a.displayName.localeCompare(b.displayName, undefined, { sensitivity: 'base' }) ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
      );
    },

    async getGroup(token, groupId) {
      const url = `${groupUrl(groupId)}?${query({ $select: GROUP_SELECT })}`;
      const { status, json } = await send(token, url);
      const g = (json ?? {}) as Group;
      if (typeof g.id !== 'string') throw unavailable(status, 'Graph returned a group without id');
      // Security groups and distribution lists have no conversations: same answer as "no such group".
      if (!g.groupTypes?.includes('Unified')) {
        throw new GraphRequestError('group_not_found', {
          status: 404,
          message: `group ${groupId} is not a Microsoft 365 group`
        });
      }
      return groupSummary(g);
    },

    async resolveUsers(token, userIds) {
      const ids = [...new Set(userIds)];
      const found = new Map<string, ResolvedUser>();
      // Sequential on purpose: at most ceil(n/15) requests, and a failure stops the rest.
      for (let i = 0; i < ids.length; i += USERS_PER_FILTER) {
        const chunk = ids.slice(i, i + USERS_PER_FILTER);
        const list = chunk.map((id) => `'${id.replace(/'/g, "''")}'`).join(',');
        const url = `${base}/users?${query({ $filter: `id in (${list})`, $select: USER_SELECT })}`;
        const body = ((await send(token, url)).json ?? {}) as Page<User>;
        for (const u of body.value ?? []) {
          const user = resolvedUser(u);
          if (!user) continue; // unusable as a participant: reported as missing
          // Graph answers GUIDs in lower case; match whatever case the caller used.
          found.set(user.id.toLowerCase(), user);
        }
      }
      const missing = ids.filter((id) => !found.has(id.toLowerCase()));
      if (missing.length > 0) throw new AppError('participant_not_found', `users not found: ${missing.join(', ')}`);
      return ids.map((id) => found.get(id.toLowerCase()) as ResolvedUser);
    },

    async createConversation(token, groupId, body: NewConversationBody): Promise<CreatedConversation> {
      const url = `${groupUrl(groupId)}/conversations`;
      const { status, json } = await send(token, url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      });
      // Docs say 201, their example shows 200: both are success.
      const created = (json ?? {}) as { id?: unknown; threads?: Array<{ id?: unknown }> };
      const threadId = Array.isArray(created.threads) ? created.threads[0]?.id : undefined;
      if ((status !== 200 && status !== 201) || typeof created.id !== 'string' || typeof threadId !== 'string') {
        throw new GraphRequestError('graph_unavailable', {
          status,
          message: `Graph answered ${status} without conversation and thread ids`
        });
      }
      return { conversationId: created.id, threadId };
    },

    async listConversations(token, groupId, { page, fields = 'list' } = {}) {
      const collection = `/groups/${encodeURIComponent(groupId)}/conversations`;
      let url: string;
      let ordered: boolean;
      if (page !== undefined) {
        url = checkedNextLink(page, base, collection) as string;
        ordered = asksNewestFirst(url);
      } else {
        url = `${base}${collection}?${query({ $select: CONVERSATION_SELECT[fields], $orderby: NEWEST_FIRST })}`;
        ordered = true;
      }
      const read = () => send(token, url).then(({ json }) => (json ?? {}) as Page<Conversation>);
      let body: Page<Conversation>;
      try {
        body = await read();
      } catch (err) {
        // Only the first page carries an $orderby of ours (a nextLink carries Graph's own options).
        if (!(page === undefined && err instanceof GraphRequestError && err.status === 400)) throw err;
        url = `${base}${collection}?${query({ $select: CONVERSATION_SELECT[fields] })}`;
        ordered = false;
        body = await read();
      }
      const result: ConversationPage = {
        conversations: (body.value ?? []).filter((c) => typeof c.id === 'string').map(conversationSummary),
        orderedByDelivery: ordered
      };
      const next = checkedNextLink(body['@odata.nextLink'], base, collection);
      return next === undefined ? result : { ...result, nextLink: next };
    },

    async getConversationThreadId(token, groupId, conversationId) {
      // The first thread Graph lists (no $top: not documented there, and slicing is ours to do).
      const threads = `${groupUrl(groupId)}/conversations/${encodeURIComponent(conversationId)}/threads`;
      const url = `${threads}?${query({ $select: 'id' })}`;
      const { status, json } = await send(token, url).catch(conversationGone);
      const id = ((json ?? {}) as Page<{ id?: unknown }>).value?.[0]?.id;
      if (typeof id !== 'string')
        throw new GraphRequestError('conversation_not_found', { status, message: 'the conversation has no thread' });
      return id;
    },

    async getMe(token) {
      const { status, json } = await send(token, `${base}/me?${query({ $select: USER_SELECT })}`);
      const me = resolvedUser((json ?? {}) as User);
      if (!me) throw unavailable(status, 'Graph returned no usable /me');
      return me;
    },

    async listThreadPosts(token, groupId, threadId, { page } = {}) {
      const collection = `/groups/${encodeURIComponent(groupId)}/threads/${encodeURIComponent(threadId)}/posts`;
      const url =
        page === undefined
          ? `${base}${collection}?${query({ $select: POST_SELECT })}`
          : (checkedNextLink(page, base, collection) as string);
      const body = ((await send(token, url).catch(conversationGone)).json ?? {}) as Page<Post>;
      const posts = (body.value ?? []).filter((p) => typeof p.id === 'string').map(postSummary);
      const next = checkedNextLink(body['@odata.nextLink'], base, collection);
      return next === undefined ? { posts } : { posts, nextLink: next };
    },

    async replyToThread(token, groupId, threadId, body) {
      const url = `${groupUrl(groupId)}/threads/${encodeURIComponent(threadId)}/reply`;
      // 202 Accepted with an empty body; any 2xx is success.
      await send(token, url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      }).catch(conversationGone);
    }
  };
}

/** A user as a post names them: `mail`, else the UPN; undefined without an id or any address. */
function resolvedUser(u: User): ResolvedUser | undefined {
  const address = u.mail || u.userPrincipalName;
  if (typeof u.id !== 'string' || !address) return undefined;
  return { id: u.id, displayName: u.displayName || address, address };
}

function postSummary(p: Post): PostSummary {
  const senderName = p.sender?.emailAddress?.name || p.from?.emailAddress?.name;
  return {
    ...(senderName ? { senderName } : {}),
    id: p.id as string,
    senderAddresses: [p.sender?.emailAddress?.address, p.from?.emailAddress?.address].filter(
      (a): a is string => typeof a === 'string' && a !== ''
    ),
    createdDateTime: p.createdDateTime ?? null,
    body:
      typeof p.body?.content === 'string'
        ? { contentType: p.body.contentType ?? 'html', content: p.body.content }
        : null
  };
}

function conversationSummary(c: Conversation): ConversationSummary {
  return {
    id: c.id as string,
    topic: c.topic ?? '',
    preview: c.preview ?? '',
    lastDeliveredDateTime: c.lastDeliveredDateTime ?? null,
    uniqueSenders: (c.uniqueSenders ?? []).filter((s): s is string => typeof s === 'string'),
    hasAttachments: c.hasAttachments === true
  };
}

/**
 * A 404 below a group means the conversation or thread is gone (deleted, or not this group's), or
 * the group is: Graph does not say which, so the wording for this code covers both.
 */
function conversationGone(err: unknown): never {
  if (err instanceof GraphRequestError && err.status === 404) {
    throw new GraphRequestError('conversation_not_found', {
      status: 404,
      graphCode: err.graphCode,
      requestId: err.requestId,
      cause: err
    });
  }
  throw err;
}

/** OData query string: `$` kept literal, values percent-encoded (spaces as %20, quotes kept). */
function query(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

/** Graph answered 2xx but with something this client cannot use. */
function unavailable(status: number, message: string): GraphRequestError {
  return new GraphRequestError('graph_unavailable', { status, message });
}
