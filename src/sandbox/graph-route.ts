// The shape every /v1.0 route shares, plus the group lookups both directory and mailbox routes
// need. Routes return a RouteResult (or throw GraphError) and never write to the socket: the
// server loop owns the response, which lets a fault replace a result after it was committed.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Query } from './odata-query';
import type { SandboxConfig } from './sandbox-config';
import { GraphError, type RouteResult } from './sandbox-http';
import type { GroupRow, SandboxStore, UserRow } from './sandbox-store';
import type { SubscriptionHub } from './subscription-hub';

export interface GraphContext {
  store: SandboxStore;
  /** Change-notification subscriptions: mailbox writes tell it what changed. */
  subscriptions: SubscriptionHub;
  /** The authenticated caller (from `Bearer sandbox.<id>`). */
  caller: UserRow;
  /** Decoded path parameters, in pattern order. */
  params: string[];
  query: Query;
  headers: IncomingHttpHeaders;
  req: IncomingMessage;
  nowMs: number;
  /** The config when the request was routed (order, paging, page size, $orderby support). */
  config: Readonly<SandboxConfig>;
  /** `http://127.0.0.1:<port>/v1.0`: where @odata.context and Location point. */
  serviceRoot: string;
}

export interface GraphRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Matched against the path after `/v1.0`, case-insensitively (Graph's segments are). */
  pattern: RegExp;
  /** Stable name for stats, e.g. `POST /groups/{id}/conversations`. */
  name: string;
  /** The first parameter is a group whose mailbox this request occupies (Outlook's concurrency limit). */
  mailbox?: boolean;
  handle(ctx: GraphContext): RouteResult | Promise<RouteResult>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A directory object by id: 400 for a malformed id, 404 for an unknown one (Entra ID's answers). */
export function findGroup(store: SandboxStore, id: string): GroupRow {
  if (!GUID.test(id)) throw new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${id}'.`);
  const group = store.getGroup(id);
  if (!group) {
    throw new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`
    );
  }
  return group;
}

export function isUnified(group: GroupRow): boolean {
  return group.groupTypes.includes('Unified');
}

/**
 * A group mailbox the caller may use. Only Microsoft 365 (Unified) groups have one. Anyone in the
 * tenant may read and post in a public group; a private group is for its members only.
 */
export function openMailbox(ctx: GraphContext, groupId: string): GroupRow {
  return openMailboxFor(ctx.store, ctx.caller, groupId);
}

/** The same rule for a caller named by the control API ("as another person"): one rule, two doors. */
export function openMailboxFor(store: SandboxStore, caller: UserRow, groupId: string): GroupRow {
  const group = findGroup(store, groupId);
  if (!isUnified(group)) throw new GraphError(404, 'ResourceNotFound', 'Resource could not be discovered.');
  if (group.visibility !== 'Public' && !store.isMember(group.id, caller.id)) {
    throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  }
  return group;
}

export function contextUrl(serviceRoot: string, fragment: string): string {
  return `${serviceRoot}/$metadata#${fragment}`;
}

/** `(a,b)` for a context URL when $select is used, '' otherwise. */
export function selectSuffix(select: string[] | undefined): string {
  return select ? `(${select.join(',')})` : '';
}
