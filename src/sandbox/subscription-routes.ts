// Graph's /subscriptions for group conversations (issue 16): create (body checked, caller a member of
// the group, expiry within Graph's limit, validation handshake against both URLs), get, renew
// (PATCH expirationDateTime, the caller still a member) and delete, each only by the person who created it. The hub
// (./subscription-hub) holds them and sends the notifications. Other resources are refused: the
// bot subscribes to group conversations only.
import { z } from 'zod';
import { contextUrl, findGroup, isUnified, type GraphContext, type GraphRoute } from './graph-route';
import { GraphError, readJsonBody, type RouteResult } from './sandbox-http';
import { checkExpiry, checkNotificationUrl, type Subscription } from './subscription-hub';

const RESOURCE = [/^\/?groups\('([^'/]+)'\)\/conversations$/i, /^\/?groups\/([^/()']+)\/conversations$/i];
const CHANGE_TYPES = new Set(['created', 'updated', 'deleted']);

const createSchema = z
  .object({
    changeType: z
      .string()
      .min(1)
      .refine((v) => v.split(',').every((c) => CHANGE_TYPES.has(c)), 'must be created, updated and/or deleted'),
    notificationUrl: z.string().min(1).max(2048),
    lifecycleNotificationUrl: z.string().min(1).max(2048).optional(),
    resource: z.string().min(1).max(512),
    expirationDateTime: z.string().min(1).max(64),
    clientState: z.string().max(255).optional(),
    latestSupportedTlsVersion: z.string().optional(),
    includeResourceData: z.literal(false).optional()
  })
  .strict();

const patchSchema = z.object({ expirationDateTime: z.string().min(1).max(64) }).strict();

function parse<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    throw new GraphError(400, 'InvalidRequest', `Invalid subscription request: ${detail}`);
  }
  return result.data as z.infer<T>;
}

function subscriptionJson(ctx: GraphContext, s: Subscription, withContext: boolean) {
  return {
    ...(withContext ? { '@odata.context': contextUrl(ctx.serviceRoot, 'subscriptions/$entity') } : {}),
    id: s.id,
    resource: s.resource,
    applicationId: null,
    changeType: s.changeType,
    clientState: s.clientState,
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: s.expirationDateTime,
    creatorId: s.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: 'v1_2',
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null
  };
}

function groupOf(ctx: GraphContext, resource: string) {
  const id = RESOURCE.map((r) => r.exec(resource)?.[1]).find((m) => m !== undefined);
  if (id === undefined) {
    throw new GraphError(
      400,
      'InvalidRequest',
      "resource: the sandbox supports groups('{id}')/conversations or /groups/{id}/conversations only."
    );
  }
  const group = findGroup(ctx.store, id);
  if (!isUnified(group)) throw new GraphError(404, 'ResourceNotFound', 'Resource could not be discovered.');
  requireMember(ctx, group.id);
  return group;
}

/**
 * Members only, public group or not: a follow must be something its members chose to share. Checked
 * on create and again on every renewal, so a person who left the group cannot keep a follow alive.
 */
function requireMember(ctx: GraphContext, groupId: string): void {
  if (!ctx.store.isMember(groupId, ctx.caller.id)) {
    throw new GraphError(403, 'ExtensionError', 'The user is not a member of the group.');
  }
}

/** The caller's own live subscription: 404 when unknown or expired, 403 when someone else's. */
function own(ctx: GraphContext): Subscription {
  const s = ctx.subscriptions.get(ctx.params[0] as string);
  if (!s) throw new GraphError(404, 'ResourceNotFound', `The object was not found.`);
  if (s.creatorId !== ctx.caller.id) {
    throw new GraphError(403, 'ErrorAccessDenied', 'Only the creator of a subscription can read or change it.');
  }
  return s;
}

async function create(ctx: GraphContext): Promise<RouteResult> {
  const input = parse(createSchema, await readJsonBody(ctx.req));
  checkNotificationUrl('notificationUrl', input.notificationUrl);
  if (input.lifecycleNotificationUrl !== undefined) {
    checkNotificationUrl('lifecycleNotificationUrl', input.lifecycleNotificationUrl);
  }
  const group = groupOf(ctx, input.resource);
  const expirationDateTime = checkExpiry(input.expirationDateTime, ctx.nowMs);
  const s = await ctx.subscriptions.create({
    groupId: group.id,
    resource: input.resource,
    changeType: input.changeType,
    notificationUrl: input.notificationUrl,
    lifecycleNotificationUrl: input.lifecycleNotificationUrl ?? null,
    expirationDateTime,
    clientState: input.clientState ?? null,
    creatorId: ctx.caller.id
  });
  return { status: 201, body: subscriptionJson(ctx, s, true) };
}

const route = (method: GraphRoute['method'], withId: boolean, handle: GraphRoute['handle']): GraphRoute => ({
  method,
  pattern: withId ? /^\/subscriptions\/([^/]+)$/i : /^\/subscriptions$/i,
  name: `${method} /subscriptions${withId ? '/{id}' : ''}`,
  handle
});

export const subscriptionRoutes: GraphRoute[] = [
  route('POST', false, create),
  route('GET', false, (ctx) => ({
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.serviceRoot, 'subscriptions'),
      value: ctx.subscriptions
        .list()
        .filter((s) => !s.expired && s.creatorId === ctx.caller.id)
        .map((s) => subscriptionJson(ctx, s, false))
    }
  })),
  route('GET', true, (ctx) => ({ status: 200, body: subscriptionJson(ctx, own(ctx), true) })),
  route('PATCH', true, async (ctx) => {
    const s = own(ctx);
    const input = parse(patchSchema, await readJsonBody(ctx.req));
    requireMember(ctx, s.groupId); // after the body check: a bad body is 400 whoever asks
    ctx.subscriptions.update(s.id, checkExpiry(input.expirationDateTime, ctx.nowMs));
    return { status: 200, body: subscriptionJson(ctx, own(ctx), true) };
  }),
  route('DELETE', true, (ctx) => {
    ctx.subscriptions.delete(own(ctx).id);
    return { status: 204 };
  })
];
