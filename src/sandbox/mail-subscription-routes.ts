// Following a group in one's own inbox (issue 17): `POST /groups/{id}/subscribeByMail` and
// `unsubscribeByMail` (api-reference/v1.0/api/group-subscribebymail.md, group-unsubscribebymail.md),
// delegated only, as the signed-in person, for Microsoft 365 groups only. No request body; 200 with
// none, or 204 when the request says `Prefer: return=minimal`. The state is read back on
// `GET /groups/{id}?$select=isSubscribedByMail` (directory-routes.ts), never on a list.
// Graph does not document what a non-member gets; Exchange keeps these settings for members only,
// so the sandbox answers 403 (public group or not) and the bot must say so in words.
import { findGroup, isUnified, type GraphContext, type GraphRoute } from './graph-route';
import { GraphError, readBody, type RouteResult } from './sandbox-http';

async function setSubscription(ctx: GraphContext, on: boolean): Promise<RouteResult> {
  const group = findGroup(ctx.store, ctx.params[0] as string);
  if (!isUnified(group)) throw new GraphError(404, 'ResourceNotFound', 'Resource could not be discovered.');
  if ((await readBody(ctx.req)).length > 0) {
    throw new GraphError(400, 'BadRequest', 'This action takes no request body.');
  }
  if (!ctx.store.isMember(group.id, ctx.caller.id)) {
    throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  }
  ctx.store.setSubscribedByMail(group.id, ctx.caller.id, on);
  const minimal = /(^|[,;\s])return=minimal($|[,;\s])/i.test(String(ctx.headers.prefer ?? ''));
  return minimal ? { status: 204, headers: { 'Preference-Applied': 'return=minimal' } } : { status: 200 };
}

/** What `$select=isSubscribedByMail` reads for the caller: a non-member is never subscribed. */
export function isSubscribedByMail(ctx: GraphContext, groupId: string): boolean {
  return ctx.store.mailSubscribersOf(groupId).includes(ctx.caller.id);
}

export const mailSubscriptionRoutes: GraphRoute[] = [
  {
    method: 'POST',
    pattern: /^\/groups\/([^/]+)\/subscribeByMail$/i,
    name: 'POST /groups/{id}/subscribeByMail',
    handle: (ctx) => setSubscription(ctx, true)
  },
  {
    method: 'POST',
    pattern: /^\/groups\/([^/]+)\/unsubscribeByMail$/i,
    name: 'POST /groups/{id}/unsubscribeByMail',
    handle: (ctx) => setSubscription(ctx, false)
  }
];
