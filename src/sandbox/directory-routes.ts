// Entra ID (directory) routes: the caller's groups, one group, users. Their rules follow Entra's
// "advanced queries": a lambda $filter on groupTypes and $count need `ConsistencyLevel: eventual`,
// `in (...)` takes at most 15 values, and ids are GUIDs.
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
import { GraphError, type RouteResult } from './sandbox-http';
import type { GroupRow, UserRow } from './sandbox-store';

const GROUP_PROPS = [
  'id',
  'createdDateTime',
  'description',
  'displayName',
  'groupTypes',
  'mail',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
  'visibility',
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

/** A group as Graph returns it: exactly GroupRow's fields (a row may carry more at run time). */
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

function myGroups(ctx: GraphContext): RouteResult {
  const q = ctx.query.params;
  allowOptions(q, ['$filter', '$count', '$select', '$top', '$skiptoken']);
  const filter = q.get('$filter');
  if (filter !== null) {
    if (!isUnifiedFilter(filter)) {
      throw new GraphError(
        400,
        'Request_UnsupportedQuery',
        "Unsupported query: the sandbox supports only groupTypes/any(c:c eq 'Unified')."
      );
    }
    // Entra ID answers a lambda filter on groupTypes only as an advanced query.
    if (!eventual(ctx)) throw new GraphError(400, 'Request_UnsupportedQuery', 'Unsupported query.');
  }
  const count = parseCount(q);
  if (count && !eventual(ctx)) throw new GraphError(400, 'Request_BadRequest', '$count is not currently supported.');
  const select = parseSelect(q, GROUP_PROPS, 'microsoft.graph.group');
  const top = parseTop(q, 100, 999);

  let groups = ctx.store.groupsOfUser(ctx.caller.id);
  if (filter !== null) groups = groups.filter((g) => g.groupTypes.includes('Unified'));
  const { page, nextLink } = paginate(groups, top, ctx.query);
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.serviceRoot, `groups${selectSuffix(select)}`),
      ...(count ? { '@odata.count': groups.length } : {}),
      ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
      value: page.map((g) => project(groupJson(g), select))
    }
  };
}

function getGroup(ctx: GraphContext): RouteResult {
  const q = ctx.query.params;
  allowOptions(q, ['$select']);
  const select = parseSelect(q, GROUP_PROPS, 'microsoft.graph.group');
  // Like Graph: any group in the tenant, Unified or not, member or not (Group.Read.All).
  const group = findGroup(ctx.store, ctx.params[0] as string);
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.serviceRoot, `groups${selectSuffix(select)}/$entity`),
      ...project(groupJson(group), select)
    }
  };
}

function listUsers(ctx: GraphContext): RouteResult {
  const q = ctx.query.params;
  allowOptions(q, ['$filter', '$select', '$top', '$skiptoken']);
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
  {
    method: 'GET',
    pattern: /^\/me\/memberOf\/microsoft\.graph\.group$/i,
    name: 'GET /me/memberOf/microsoft.graph.group',
    handle: myGroups
  },
  { method: 'GET', pattern: /^\/groups\/([^/]+)$/i, name: 'GET /groups/{id}', handle: getGroup },
  { method: 'GET', pattern: /^\/users$/i, name: 'GET /users', handle: listUsers },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)$/i,
    name: 'GET /users/{id}',
    handle: (ctx) => oneUser(ctx, ctx.store.getUser(ctx.params[0] as string), ctx.params[0] as string)
  }
];
