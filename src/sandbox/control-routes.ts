// The sandbox's own control API under /_sandbox (not Graph): inspect state, reset to the seed,
// inject faults, change the config (latency, mailbox limit, list order, paging: ./sandbox-config),
// count Graph calls, add people (load tests), groups (heavy people) and conversations (long lists),
// drive change-notification subscriptions (./control-subscriptions), and act in a group as another
// person: remove a member, post a conversation or a reply (./control-group-routes).
// No auth, so it answers only loopback callers, and refuses browser requests (an Origin header) and
// foreign Host names so a web page cannot drive it through the browser (CSRF, DNS rebinding).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { addConversations, addConversationsSchema } from './control-conversations';
import { faultSpecSchema, type FaultRegistry, type MailboxLimiter } from './faults';
import { configPatchSchema, type SandboxConfig } from './sandbox-config';
import { isLoopbackHost } from '../core/loopback-request';
import { GraphError, isLoopbackAddress, writeJson } from './sandbox-http';
import type { SandboxStore } from './sandbox-store';
import { parseControlBody as parse } from './control-body';
import { handleSubscriptionControl } from './control-subscriptions';
import { handleGroupControl } from './control-group-routes';
import type { SubscriptionHub } from './subscription-hub';

export interface ControlDeps {
  store: SandboxStore;
  faults: FaultRegistry;
  subscriptions: SubscriptionHub;
  limiter: MailboxLimiter;
  config: SandboxConfig;
  initialConfig: Readonly<SandboxConfig>;
  stats: Map<string, number>;
  now(): number;
  log(msg: string, fields?: object): void;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `POST /_sandbox/users {count, groupIds?}` → 201 `{users}`: `count` (1..1000) new people with
 * GUID ids, names `Person <n>` and mail/UPN `person<n>@<domain>`, each a member of every group in
 * `groupIds` (any existing group; 404 naming an unknown one, nothing added). Their bearer token is
 * `sandbox.<id>` like the seeded people's. `POST /_sandbox/reset` removes them again.
 */
const addPeopleSchema = z
  .object({
    count: z.number().int().min(1).max(1000),
    groupIds: z.array(z.string().regex(GUID, 'must be a group id (GUID)')).max(50).default([])
  })
  .strict();

/**
 * `POST /_sandbox/groups {count, memberIds?, visibility?, namePrefix?}` → 201 `{groups: [{id,
 * displayName}]}`: `count` (1..2000) new Microsoft 365 groups named `<namePrefix> <n>` (n from 1,
 * zero-padded), `Private` unless `visibility` says `Public`, each with every user in `memberIds` (any
 * existing user; 404 naming an unknown one, nothing added) as a member, and every user in `ownerIds`
 * (likewise) as an owner and member. `POST /_sandbox/reset` removes them again.
 */
const addGroupsSchema = z
  .object({
    count: z.number().int().min(1).max(2000),
    memberIds: z.array(z.string().regex(GUID, 'must be a user id (GUID)')).max(50).default([]),
    /** Owners, made members too (Graph's owners of a follow's group are its members here). */
    ownerIds: z.array(z.string().regex(GUID, 'must be a user id (GUID)')).max(50).default([]),
    visibility: z.enum(['Public', 'Private']).default('Private'),
    namePrefix: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')
      .default('Group')
  })
  .strict();

/** Everything stored, in one JSON document: what tests assert on after driving the bot. */
export function sandboxState(store: SandboxStore) {
  return {
    users: store.listUsers(),
    groups: store
      .listGroups()
      .map((g) => ({ ...g, members: store.membersOf(g.id), mailSubscribers: store.mailSubscribersOf(g.id) })),
    conversations: store.listAllConversations().map((c) => ({
      id: c.id,
      groupId: c.groupId,
      topic: c.topic,
      lastDeliveredDateTime: c.lastDeliveredDateTime,
      threads: store.threadsOfConversation(c.id).map((t) => ({
        id: t.id,
        posts: store.postsOfThread(t.id).map((p) => ({
          id: p.id,
          body: p.body,
          from: p.from,
          newParticipants: p.newParticipants,
          createdDateTime: p.createdDateTime
        }))
      }))
    }))
  };
}

export function statsJson(stats: Map<string, number>) {
  let total = 0;
  const byRoute: Record<string, number> = {};
  for (const [name, n] of [...stats].sort(([a], [b]) => a.localeCompare(b))) {
    byRoute[name] = n;
    total += n;
  }
  return { total, byRoute };
}

/** Answers one /_sandbox request. Errors are plain `{ error: { code, message } }`. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: ControlDeps
): Promise<void> {
  const { store, faults, limiter, config, stats } = deps;
  try {
    if (
      !isLoopbackAddress(req.socket.remoteAddress) ||
      req.headers.origin !== undefined ||
      !isLoopbackHost(req.headers.host, req.socket.localPort)
    ) {
      throw new GraphError(
        403,
        'Forbidden',
        'The sandbox control API answers local tools only (loopback, no Origin header).'
      );
    }
    const key = `${req.method} ${path.replace(/\/+$/, '')}`;
    const answered = await handleSubscriptionControl(
      req,
      req.method ?? 'GET',
      path.replace(/\/+$/, ''),
      deps.subscriptions
    );
    if (answered) return writeJson(res, answered.status, answered.body);
    const inGroup = await handleGroupControl(req, req.method ?? 'GET', path.replace(/\/+$/, ''), deps);
    if (inGroup) return writeJson(res, inGroup.status, inGroup.body);
    switch (key) {
      case 'GET /_sandbox/state':
        return writeJson(res, 200, sandboxState(store));
      case 'POST /_sandbox/reset':
        store.reset();
        faults.clear();
        deps.subscriptions.clear();
        Object.assign(config, deps.initialConfig);
        limiter.limit = config.mailboxConcurrency;
        deps.log('graph sandbox reset to seed');
        return writeJson(res, 200, { reset: true, config });
      case 'GET /_sandbox/faults':
        return writeJson(res, 200, { faults: faults.list() });
      case 'POST /_sandbox/faults': {
        const spec = await parse(req, faultSpecSchema);
        let fault: ReturnType<typeof faults.add>;
        try {
          fault = faults.add(spec);
        } catch {
          throw new GraphError(400, 'BadRequest', 'path: not a valid regular expression');
        }
        deps.log('graph sandbox fault armed', { fault });
        return writeJson(res, 201, fault);
      }
      case 'DELETE /_sandbox/faults':
        faults.clear();
        return writeJson(res, 200, { faults: [] });
      case 'GET /_sandbox/config':
        return writeJson(res, 200, config);
      case 'POST /_sandbox/config': {
        const patch = await parse(req, configPatchSchema);
        Object.assign(config, patch);
        limiter.limit = config.mailboxConcurrency;
        deps.log('graph sandbox config changed', { config });
        return writeJson(res, 200, config);
      }
      case 'POST /_sandbox/users': {
        const { count, groupIds } = await parse(req, addPeopleSchema);
        const groups = groupIds.map((id) => {
          const group = store.getGroup(id);
          if (!group) throw new GraphError(404, 'NotFound', `groupIds: no group ${id} in the sandbox.`);
          return group.id; // as stored: memberships join on the exact id
        });
        const users = store.addPeople(count, [...new Set(groups)]);
        deps.log('graph sandbox people added', { count, groupIds: groups });
        return writeJson(res, 201, { users });
      }
      case 'POST /_sandbox/groups': {
        const { count, memberIds, ownerIds, visibility, namePrefix } = await parse(req, addGroupsSchema);
        const stored = (field: string, ids: string[]) =>
          ids.map((id) => {
            const user = store.getUser(id);
            if (!user) throw new GraphError(404, 'NotFound', `${field}: no user ${id} in the sandbox.`);
            return user.id; // as stored: memberships join on the exact id
          });
        const members = stored('memberIds', memberIds);
        const owners = stored('ownerIds', ownerIds);
        const groups = store.addGroups(count, [...new Set(members)], visibility, namePrefix, [...new Set(owners)]);
        deps.log('graph sandbox groups added', { count, members: members.length, visibility });
        return writeJson(res, 201, { groups: groups.map((g) => ({ id: g.id, displayName: g.displayName })) });
      }
      case 'POST /_sandbox/conversations': {
        const input = await parse(req, addConversationsSchema);
        const conversations = addConversations(store, input, deps.now());
        // As if delivered by mail: subscribers hear of each (a post "as another person")
        for (const c of conversations) deps.subscriptions.conversationChanged(input.groupId, c.id, 'created');
        deps.log('graph sandbox conversations added', { groupId: input.groupId, count: input.count });
        return writeJson(res, 201, { conversations });
      }
      case 'GET /_sandbox/stats':
        return writeJson(res, 200, statsJson(stats));
      case 'POST /_sandbox/stats/reset':
        stats.clear();
        return writeJson(res, 200, statsJson(stats));
      default:
        throw new GraphError(404, 'NotFound', `No sandbox control route ${key}.`);
    }
  } catch (err) {
    if (err instanceof GraphError)
      return writeJson(res, err.status, { error: { code: err.code, message: err.message } });
    throw err;
  }
}
