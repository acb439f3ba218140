// Entra ID (directory) routes: the caller's groups, one group, users. Their rules follow Entra's
// "advanced queries" (concepts/aad-advanced-queries.md, user-list-memberof.md): `$count=true` is
// honoured only with `ConsistencyLevel: eventual` and silently ignored without it; on memberOf, a
// $filter or the OData cast needs both; `in (...)` takes at most 15 values, and ids are GUIDs.
import {
  allowOptions,
  paginate,
  parseCount,
  parseSelect,
  parseTop,
  parseUserIdFilter,
  project,
  isUnifiedFilter
} from './odata-query';
import { contextUrl, findGroup, selectSuffix, type GraphContext, type GraphRoute } from './graph-route';
import { isSubscribedByMail } from './mail-subscription-routes';
import { GraphError, type RouteResult } from './sandbox-http';
import type { GroupRow, UserRow } from './sandbox-store';

/**
 * A group as Graph returns it by default and in lists: GroupRow's fields but the ones Graph returns
 * only on `$select` of one group (SELECT_ONLY).
 */
const GROUP_FIELDS = [
  'id',
  'createdDateTime',
  'description',
  'displayName',
  'groupTypes',
  'mail',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
  'visibility'
] as const satisfies readonly (keyof GroupRow)[];

/**
 * Exchange-backed properties: "Returned only on $select. Supported only on the Get group API"
 * (resources/group.md). In a list (memberOf) they may be named in $select but are always null, so a
 * client that read them from a list would see what the real service gives it: nothing.
 */
const SELECT_ONLY = ['hideFromOutlookClients'] as const satisfies readonly (keyof GroupRow)[];

const GROUP_PROPS: readonly string[] = [
  ...GROUP_FIELDS,
  ...SELECT_ONLY,
  // Real properties the sandbox does not model: selectable, always null.
  'classification',
  'expirationDateTime',
  'isAssignableToRole',
  'renewedDateTime',
  'resourceProvisioningOptions',
  'securityIdentifier'
];
const USER_PROPS = [
  'id',
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'accountEnabled',
  'department',
  'userType'
];

function groupJson(g: GroupRow): Record<string, unknown> {
  return Object.fromEntries(GROUP_FIELDS.map((k) => [k, g[k]]));
}

/** Graph's default user properties (what `GET /users/{id}` returns without $select). */
function userJson(u: UserRow): Record<string, unknown> {
  return {
    businessPhones: [],
    displayName: u.displayName,
    givenName: u.givenName,
    jobTitle: null,
    mail: u.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: u.surname,
    userPrincipalName: u.userPrincipalName,
    id: u.id
  };
}

function eventual(ctx: GraphContext): boolean {
  return String(ctx.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
}

/**
 * `$count=true` counts only in an advanced query (with `ConsistencyLevel: eventual`); without the
 * header Entra ID ignores it, no @odata.count and no error (only the `/$count` segment errors).
 */
function advancedCount(ctx: GraphContext): boolean {
  return parseCount(ctx.query.params) && eventual(ctx);
}

/**
 * The caller's groups: `/me/memberOf` (every directory object they are a member of, here groups,
 * each with its @odata.type) or `/me/memberOf/microsoft.graph.group` (the cast). On memberOf, the
 * cast and any $filter are advanced queries: without both the header and `$count=true`, 400.
 */
function myGroups(ctx: GraphContext, cast: boolean): RouteResult {
  const q = ctx.query.params;
  allowOptions(q, ['$filter', '$count', '$select', '$top', '$skiptoken']);
  const filter = q.get('$filter');
  const advanced = advancedCount(ctx);
  if ((cast || filter !== null) && !advanced) {
    throw new GraphError(
      400,
      'Request_UnsupportedQuery',
      'The specified filter to the reference property query is currently not supported.'
    );
  }
  if (filter !== null && !isUnifiedFilter(filter)) {
    throw new GraphError(
      400,
      'Request_UnsupportedQuery',
      "Unsupported query: the sandbox supports only groupTypes/any(c:c eq 'Unified')."
    );
  }
  const select = parseSelect(q, GROUP_PROPS, 'microsoft.graph.group');
  const top = parseTop(q, 100, 999);

  let groups = ctx.store.groupsOfUser(ctx.caller.id);
  if (filter !== null) groups = groups.filter((g) => g.groupTypes.includes('Unified'));
  const { page, nextLink } = paginate(groups, top, ctx.query);
  const typed = (g: GroupRow) => ({ '@odata.type': '#microsoft.graph.group', ...project(groupJson(g), select) });
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.serviceRoot, `${cast ? 'groups' : 'directoryObjects'}${selectSuffix(select)}`),
      ...(advanced ? { '@odata.count': groups.length } : {}),
      ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
      value: page.map((g) => (cast ? project(groupJson(g), select) : typed(g)))
    }
  };
}

/**
 * Properties Graph returns only when `$select` names them on this one request (`GET /groups/{id}`),
 * never by default and never on a list (where $select refuses them as unknown): the caller's own
 * mail subscription (issue 17).
 */
const SINGLE_GROUP_PROPS: readonly string[] = [...GROUP_PROPS, 'isSubscribedByMail'];

function getGroup(ctx: GraphContext): RouteResult {
  const q = ctx.query.params;
  allowOptions(q, ['$select']);
  const select = parseSelect(q, SINGLE_GROUP_PROPS, 'microsoft.graph.group');
  // Like Graph: any group in the tenant, Unified or not, member or not (Group.Read.All).
  const group = findGroup(ctx.store, ctx.params[0] as string);
  // The select-only properties exist on this route alone, and only when named.
  const named = SELECT_ONLY.filter((k) => select?.includes(k));
  const json: Record<string, unknown> = { ...groupJson(group), ...Object.fromEntries(named.map((k) => [k, group[k]])) };
  if (select?.includes('isSubscribedByMail')) json.isSubscribedByMail = isSubscribedByMail(ctx, group.id);
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.serviceRoot, `groups${selectSuffix(select)}/$entity`),
      ...project(json, select)
    }
  };
}

/**
 * `GET /groups/{id}/owners`: a directoryObject collection (here users only, each typed). Any
 * signed-in person of the tenant may read it with Group.Read.All, so there is no membership check;
 * an unknown group is 404 as on `GET /groups/{id}`.
 */
function listOwners(ctx: GraphContext): RouteResult {
  const q = ctx.query.params;
  allowOptions(q, ['$select', '$top', '$skiptoken']);
  const select = parseSelect(q, USER_PROPS, 'microsoft.graph.user');
  const top = parseTop(q, 100, 999);
  const group = findGroup(ctx.store, ctx.params[0] as string);
  const { page, nextLink } = paginate(ctx.store.ownersOf(group.id), top, ctx.query);
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.serviceRoot, `directoryObjects${selectSuffix(select)}`),
      ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
      value: page.map((u) => ({ '@odata.type': '#microsoft.graph.user', ...project(userJson(u), select) }))
    }
  };
}

function listUsers(ctx: GraphContext): RouteResult {
  const q = ctx.query.params;
  allowOptions(q, ['$filter', '$count', '$select', '$top', '$skiptoken']);
  const count = advancedCount(ctx);
  const select = parseSelect(q, USER_PROPS, 'microsoft.graph.user');
  const top = parseTop(q, 100, 999);
  const filter = q.get('$filter');
  let users = ctx.store.listUsers();
  if (filter !== null) {
    const ids = new Set(parseUserIdFilter(filter));
    users = users.filter((u) => ids.has(u.id.toLowerCase())); // unknown ids are simply absent
  }
  const { page, nextLink } = paginate(users, top, ctx.query);
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.serviceRoot, `users${selectSuffix(select)}`),
      ...(count ? { '@odata.count': users.length } : {}),
      ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
      value: page.map((u) => project(userJson(u), select))
    }
  };
}

function oneUser(ctx: GraphContext, user: UserRow | undefined, key: string): RouteResult {
  const q = ctx.query.params;
  allowOptions(q, ['$select']);
  const select = parseSelect(q, USER_PROPS, 'microsoft.graph.user');
  if (!user) {
    throw new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`
    );
  }
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.serviceRoot, `users${selectSuffix(select)}/$entity`),
      ...project(userJson(user), select)
    }
  };
}

export const directoryRoutes: GraphRoute[] = [
  { method: 'GET', pattern: /^\/me$/i, name: 'GET /me', handle: (ctx) => oneUser(ctx, ctx.caller, ctx.caller.id) },
  { method: 'GET', pattern: /^\/me\/memberOf$/i, name: 'GET /me/memberOf', handle: (ctx) => myGroups(ctx, false) },
  {
    method: 'GET',
    pattern: /^\/me\/memberOf\/microsoft\.graph\.group$/i,
    name: 'GET /me/memberOf/microsoft.graph.group',
    handle: (ctx) => myGroups(ctx, true)
  },
  { method: 'GET', pattern: /^\/groups\/([^/]+)$/i, name: 'GET /groups/{id}', handle: getGroup },
  { method: 'GET', pattern: /^\/groups\/([^/]+)\/owners$/i, name: 'GET /groups/{id}/owners', handle: listOwners },
  { method: 'GET', pattern: /^\/users$/i, name: 'GET /users', handle: listUsers },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)$/i,
    name: 'GET /users/{id}',
    handle: (ctx) => oneUser(ctx, ctx.store.getUser(ctx.params[0] as string), ctx.params[0] as string)
  }
];
