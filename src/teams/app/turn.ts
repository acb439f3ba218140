// The one object every handler gets (commands, card actions, the message extension): who acts,
// where, on which clock, with which logger and dependencies, and how to get their Graph token.
// Handlers never see botbuilder's TurnContext: the router reads the activity once, here.
import { TurnContext, type Activity } from 'botbuilder';
import { graphTokenIsOf } from '../../auth/graph-token-owner';
import { resolveUserToken } from '../../auth/resolve-user-token';
import type { UserRef } from '../../auth/token-provider';
import { AppError } from '../../core/errors';
import type { ReaderClock } from '../../core/format-when';
import { isGuid } from '../../core/validate-draft';
import type { Logger } from '../../logger';
import type { BotDeps } from './bot-deps';
import { say } from '../../core/words';

export const LOGGER_KEY = Symbol('turnLogger');

/** Teams' conversation type: personal (1:1 with the bot), groupChat or channel. */
export type ConversationScope = 'personal' | 'groupChat' | 'channel';

export interface Turn {
  deps: BotDeps;
  log: Logger;
  /** The person acting, as Entra knows them (routes that need none get an AnonymousTurn). */
  person: UserRef;
  scope: ConversationScope;
  /** In a team channel: the Microsoft 365 group behind the team (the form's default) and its name. */
  team: { groupId?: string; name?: string };
  /** The person's name as Teams sent it, for what a channel or group chat reads ("Alex posted…"). */
  actor: string;
  /** The bot's id in Teams (28:{BOT_ID}): the deep link to the 1:1 chat with it. */
  botUserId: string;
  /** The reader's locale and time zone, for cards that show times. */
  clock: ReaderClock;
  /** A command's text after the command word ('' elsewhere). */
  args: string;
  /** A card action's data, or a message extension's value ({} for commands). */
  data: Record<string, unknown>;
  /**
   * The card this action was pressed on (the activity's replyToId) and its conversation, for work
   * that updates the card after the turn (a broadcast's progress); a reference is plain JSON.
   * `answerReplaces`: the handler's card replaces that card (Action.Execute's invoke); false for an
   * Action.Submit message, whose answer is a new message (outcome.sent learns its id).
   */
  cardSpot: { reference: Record<string, unknown>; activityId?: string; answerReplaces: boolean };
  /**
   * The person's Graph token, by one rule for every route: the token teams-ai's SSO got for this
   * turn (command path); else a still-valid cached token; else the SSO token Teams attached to
   * this action, exchanged on-behalf-of; else it throws sign_in_required. In Teams mode a Graph
   * token (a JWT) whose oid is not the sender's throws wrong_user.
   */
  token(): Promise<string>;
  /** Teams attached its SSO token to this action (`value.authentication.token`). */
  carriesSsoToken: boolean;
}

/** For routes that need no person (help, Cancel, unknown text): no identity, no token. */
export type AnonymousTurn = Omit<Turn, 'person' | 'token' | 'carriesSsoToken'>;

export interface TurnInput {
  args?: string;
  data?: Record<string, unknown>;
  /** A Graph token teams-ai's Teams SSO obtained for this turn. */
  graphToken?: string;
  /** The Teams SSO token attached to an Action.Execute (`value.authentication.token`). */
  ssoToken?: string;
  /** The team's group when the activity does not name it (the Bot Connector's team details). */
  team?: { groupId?: string; name?: string };
  /**
   * Which per-person budget the route's Graph calls count against: `posts` (POSTS_PER_MINUTE,
   * taken by core/post-once.ts), `cached` (bounded by its cache: outcome.ts) or, by default,
   * `reads` (READS_PER_MINUTE, taken by token()).
   */
  budget?: 'reads' | 'posts' | 'cached';
}

/**
 * Reads the activity once. `acting` is the turn for routes that act as the person; it is absent
 * when the sender has no Entra identity (the router then answers without calling the handler).
 */
export function readTurn(
  context: TurnContext,
  deps: BotDeps,
  input: TurnInput = {}
): { anonymous: AnonymousTurn; acting?: Turn } {
  const a = context.activity;
  const anonymous: AnonymousTurn = {
    deps,
    log: turnLogger(context, deps.logger),
    scope: conversationScope(a),
    team: { groupId: teamGroupId(a) ?? input.team?.groupId, name: teamName(a) ?? input.team?.name },
    actor: actorName(a),
    botUserId: deps.config.bot ? `28:${deps.config.bot.appId}` : (a.recipient?.id ?? ''),
    clock: readerClock(a),
    args: input.args ?? '',
    data: input.data ?? {},
    cardSpot: {
      reference: { ...TurnContext.getConversationReference(a) },
      ...(a.replyToId ? { activityId: a.replyToId } : {}),
      answerReplaces: a.type === 'invoke'
    }
  };
  const person = actingUser(a);
  if (!person) return { anonymous };
  // The read limit is taken where every route that acts as the person gets its Graph token: a
  // route that answers without Graph (Reply on a known thread, `new` in a group chat) costs
  // nothing, and no handler can forget it. Once per turn, however often the handler asks.
  let allowance: ReturnType<BotDeps['readLimiter']['take']> | undefined;
  const token = async () => {
    if ((input.budget ?? 'reads') === 'reads') {
      allowance ??= deps.readLimiter.take(person.aadObjectId, deps.now());
      if (!allowance.allowed)
        throw new AppError('reads_limited', 'too many reads in the last minute', {
          retryAfterSeconds: allowance.retryAfterSeconds
        });
    }
    const graphToken = input.graphToken ?? (await resolveUserToken(deps.tokens, person, input.ssoToken));
    // Teams mode only: the local provider's sandbox tokens are opaque by design. A Graph token that
    // is someone else's is never used, and forgotten so that the next try exchanges afresh.
    if (deps.config.mode === 'teams' && graphTokenIsOf(graphToken, person.aadObjectId) === false) {
      await deps.tokens.signOut(person);
      throw new AppError('wrong_user', "the Graph token is not the sender's");
    }
    return graphToken;
  };
  return { anonymous, acting: { ...anonymous, person, token, carriesSsoToken: input.ssoToken !== undefined } };
}

export function turnLogger(context: TurnContext, fallback: Logger): Logger {
  return (context.turnState.get(LOGGER_KEY) as Logger | undefined) ?? fallback;
}

/**
 * The activity's tenant, lower-cased: channelData.tenant.id, where Teams names it (the edge refuses a
 * conversation.tenantId that disagrees); else conversation.tenantId (the Agents Playground's).
 */
export function tenantOf(a: Partial<Activity>): string | undefined {
  const fromChannel = (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const id = typeof fromChannel === 'string' ? fromChannel : a.conversation?.tenantId;
  return typeof id === 'string' ? id.toLowerCase() : undefined;
}

/** The person who sent this activity, as Entra knows them; undefined outside Teams/Entra. */
export function actingUser(a: Partial<Activity>): UserRef | undefined {
  const oid = a.from?.aadObjectId;
  if (!isGuid(oid)) return undefined;
  const tenantId = tenantOf(a);
  return { aadObjectId: oid.toLowerCase(), tenantId: isGuid(tenantId) ? tenantId : undefined };
}

export function conversationScope(a: Partial<Activity>): ConversationScope {
  const type = a.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}

/** The sender's display name; "Someone" when Teams sent none. */
export function actorName(a: Partial<Activity>): string {
  const name = a.from?.name;
  return typeof name === 'string' && name.trim() ? name.trim().slice(0, 120) : say('shared.someone');
}

/** The team's display name, when Teams sent it (channel messages usually carry it). */
function teamName(a: Partial<Activity>): string | undefined {
  const name = (a.channelData as { team?: { name?: unknown } } | undefined)?.team?.name;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

/** In a team channel, the Microsoft 365 group behind the team. */
function teamGroupId(a: Partial<Activity>): string | undefined {
  const id = (a.channelData as { team?: { aadGroupId?: string } } | undefined)?.team?.aadGroupId;
  return isGuid(id) ? id.toLowerCase() : undefined;
}

/**
 * Teams sends `locale` on each activity and the IANA zone in the clientInfo entity (or
 * `localTimezone`). Unchecked here beyond length; formatWhen falls back on anything it can't use.
 */
function readerClock(a: Partial<Activity>): ReaderClock {
  const clientInfo = (a.entities ?? []).find((e) => e?.type === 'clientInfo') as
    | { locale?: unknown; timezone?: unknown }
    | undefined;
  const text = (v: unknown) => (typeof v === 'string' && v.length <= 64 ? v : undefined);
  return {
    locale: text(a.locale) ?? text(clientInfo?.locale),
    timeZone: text(a.localTimezone) ?? text(clientInfo?.timezone)
  };
}
