// Graph and Entra ID intercepted with nock. Each interceptor checks the exact request: path,
// query, Authorization header and body, and records what it saw for the test to assert on.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from './entra';
import { assertValidConversationBody } from './graph-schema';

export const GRAPH = 'https://graph.microsoft.com';
export const LOGIN = 'https://login.microsoftonline.com';

export interface Group {
  id: string;
  displayName: string;
  mail?: string;
  visibility?: string;
  groupTypes?: string[];
}

export function nockMyGroups(
  token: string,
  groups: Group[],
  options: { status?: number; body?: unknown } = {}
): nock.Scope {
  return nock(GRAPH, { reqheaders: { authorization: `Bearer ${token}`, consistencylevel: 'eventual' } })
    .get('/v1.0/me/memberOf/microsoft.graph.group')
    .query({
      $filter: "groupTypes/any(c:c eq 'Unified')",
      $count: 'true',
      $select: 'id,displayName,mail,visibility,groupTypes',
      $top: '999'
    })
    .reply(
      options.status ?? 200,
      options.body ?? { value: groups.map((g) => ({ groupTypes: ['Unified'], visibility: 'Public', ...g })) }
    );
}

export function nockGetGroup(token: string, group: Group): nock.Scope {
  return nock(GRAPH, { reqheaders: { authorization: `Bearer ${token}` } })
    .get(`/v1.0/groups/${group.id}`)
    .query({ $select: 'id,displayName,mail,visibility,groupTypes' })
    .reply(200, { groupTypes: ['Unified'], visibility: 'Public', ...group });
}

export function nockResolveUsers(
  token: string,
  ids: string[],
  users: { id: string; displayName: string; mail: string }[]
): nock.Scope {
  return nock(GRAPH, { reqheaders: { authorization: `Bearer ${token}` } })
    .get('/v1.0/users')
    .query({
      $filter: `id in (${ids.map((id) => `'${id}'`).join(',')})`,
      $select: 'id,displayName,mail,userPrincipalName'
    })
    .reply(200, { value: users });
}

/**
 * The read of the group's `hideFromOutlookClients` before a post (issue 17): exactly one group,
 * `$select` naming the flag. `optional`: registered beside a create, where the directory's cache
 * may already know the answer (a test that asserts the read itself leaves it required).
 */
export function nockOutlookVisibility(
  token: string | undefined,
  groupId: string,
  hidden: boolean,
  options: { optional?: boolean; status?: number } = {}
): nock.Scope {
  const interceptor = nock(GRAPH, token === undefined ? {} : { reqheaders: { authorization: `Bearer ${token}` } })
    .get(`/v1.0/groups/${groupId}`)
    .query({ $select: 'id,hideFromOutlookClients' });
  if (options.optional) interceptor.optionally();
  const status = options.status ?? 200;
  return interceptor.reply(
    status,
    status < 300
      ? { id: groupId, hideFromOutlookClients: hidden }
      : { error: { code: 'ServiceNotAvailable', message: 'failed' } }
  );
}

/**
 * The create call; `seen` receives the body Graph would have got. The visibility read before it
 * is answered "not hidden" (optionally, see nockOutlookVisibility).
 */
export function nockCreateConversation(
  token: string,
  groupId: string,
  seen: Conversation[],
  reply: { status: number; body?: unknown; headers?: Record<string, string> } = { status: 201 }
): nock.Scope {
  nockOutlookVisibility(token, groupId, false, { optional: true });
  return nock(GRAPH, { reqheaders: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } })
    .post(`/v1.0/groups/${groupId}/conversations`, (body: Conversation) => {
      seen.push(body);
      return true;
    })
    .reply(
      reply.status,
      reply.body ??
        (reply.status < 300
          ? {
              '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#groups('${groupId}')/conversations/$entity`,
              id: 'AAQkAGConversation1=',
              threads: [{ id: 'AAQkAGThread1=' }]
            }
          : {
              error: {
                code: 'Error',
                message: 'failed',
                innerError: { 'request-id': 'req-1', date: '2026-11-27T10:00:00' }
              }
            }),
      reply.headers
    );
}

export function assertConversationBody(body: Conversation): void {
  assertValidConversationBody(body);
}

export interface OboRequest {
  grant_type: string;
  requested_token_use: string;
  assertion: string;
  scope: string;
  client_id: string;
  client_secret: string;
  [k: string]: string;
}

/** One on-behalf-of request, field by field: the person's SSO token as the assertion, the bot's app, Graph's scopes. */
export function expectOnBehalfOf(request: OboRequest | undefined, ssoToken: string): void {
  expect(request).toMatchObject({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    requested_token_use: 'on_behalf_of',
    assertion: ssoToken,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET
  });
  expect(request?.scope.split(' ').sort()).toEqual(
    [
      'https://graph.microsoft.com/Group.ReadWrite.All',
      'https://graph.microsoft.com/User.ReadBasic.All',
      'offline_access',
      'openid',
      'profile'
    ].sort()
  );
}

/** Entra ID's token endpoint for the bot's tenant; `seen` receives each form body. */
export function nockTokenEndpoint(
  seen: OboRequest[],
  reply: { status: number; body: nock.Body },
  times = 1
): nock.Scope {
  return nock(LOGIN)
    .post(`/${TENANT_ID}/oauth2/v2.0/token`, (body: OboRequest) => {
      seen.push(body);
      return true;
    })
    .query(true)
    .times(times)
    .reply(reply.status, reply.body);
}

/**
 * An Entra ID token endpoint error as Entra sends it. `suberror: consent_required` comes with the
 * consent codes (AADSTS65001, 65004) only: an expired or wrong-audience assertion (AADSTS50013,
 * 500133) is a bare invalid_grant.
 */
export function entraError(code: string, aadsts: number, description: string) {
  const trace = 'Trace ID: 0000 Correlation ID: 1111 Timestamp: 2026-11-27 10:00:00Z';
  return {
    error: code,
    error_description: `AADSTS${aadsts}: ${description} ${trace}`,
    error_codes: [aadsts],
    timestamp: '2026-11-27 10:00:00Z',
    trace_id: '0000',
    correlation_id: '1111',
    suberror: code === 'invalid_grant' && (aadsts === 65001 || aadsts === 65004) ? 'consent_required' : undefined
  };
}

/**
 * What the bot reads to reconcile an uncertain create: `GET /me` and the first page of the group's
 * conversations (exact queries; one page, no nextLink). `conversations` is what the list shows.
 */
export function nockReconcileCreate(
  token: string,
  groupId: string,
  me: { id: string; displayName: string; mail: string },
  conversations: { id: string; topic: string; lastDeliveredDateTime: string; uniqueSenders: string[] }[] = [],
  times = 1
): nock.Scope[] {
  return [
    nock(GRAPH, { reqheaders: { authorization: `Bearer ${token}` } })
      .get('/v1.0/me')
      .query({ $select: 'id,displayName,mail,userPrincipalName' })
      .times(times)
      .reply(200, { id: me.id, displayName: me.displayName, mail: me.mail }),
    nock(GRAPH, { reqheaders: { authorization: `Bearer ${token}` } })
      .get(`/v1.0/groups/${groupId}/conversations`)
      // What matching needs, newest first asked for (not relied on), no $top.
      .query({ $select: 'id,topic,lastDeliveredDateTime,uniqueSenders', $orderby: 'lastDeliveredDateTime desc' })
      .times(times)
      .reply(200, { value: conversations })
  ];
}

/**
 * The create call held until the test calls `release` (a post still under way at the invoke
 * deadline), then answered with `reply`; `seen` gets each body. Held, not delayed: on a loaded
 * machine a fixed delay can run out before the request the test sends meanwhile arrives.
 */
export function nockHeldCreate(
  groupId: string,
  reply: [number, unknown] = [201, { id: 'slow-conversation', threads: [{ id: 'slow-thread' }] }],
  seen: Conversation[] = []
): () => void {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  nockOutlookVisibility(undefined, groupId, false, { optional: true });
  nock(GRAPH)
    .post(`/v1.0/groups/${groupId}/conversations`, (body: Conversation) => Boolean(seen.push(body)))
    .reply(async () => {
      await released;
      return reply;
    });
  return release;
}
