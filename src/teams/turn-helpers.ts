// Small readers of a Teams turn: who is acting, in which team, with which logger.
import type { TurnContext } from 'botbuilder';
import type { UserRef } from '../auth/token-provider';
import type { Logger } from '../logger';
import { isGuid } from '../core/validate-draft';
import type { ReaderClock } from '../core/format-when';

export const LOGGER_KEY = Symbol('turnLogger');

export function turnLogger(context: TurnContext, fallback: Logger): Logger {
  return (context.turnState.get(LOGGER_KEY) as Logger | undefined) ?? fallback;
}

/** The person who sent this activity, as Entra knows them; undefined outside Teams/Entra. */
export function actingUser(context: TurnContext): UserRef | undefined {
  const a = context.activity;
  const oid = a.from?.aadObjectId;
  if (!isGuid(oid)) return undefined;
  const tenantId = a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return { aadObjectId: oid.toLowerCase(), tenantId: isGuid(tenantId) ? tenantId : undefined };
}

/** Teams' conversation type: personal (1:1 with the bot), groupChat or channel. */
export function conversationScope(context: TurnContext): 'personal' | 'groupChat' | 'channel' {
  const type = context.activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}

/** The team's display name, when Teams sent it (channel messages usually carry it). */
export function teamName(context: TurnContext): string | undefined {
  const name = (context.activity.channelData as { team?: { name?: unknown } } | undefined)?.team?.name;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

/** In a team channel, the Microsoft 365 group behind the team: the form's default group. */
export function teamGroupId(context: TurnContext): string | undefined {
  const id = (context.activity.channelData as { team?: { aadGroupId?: string } } | undefined)?.team?.aadGroupId;
  return isGuid(id) ? id.toLowerCase() : undefined;
}

/**
 * The reader's locale and time zone, for showing times: Teams sends `locale` on each activity and
 * the IANA zone in the clientInfo entity (or `localTimezone`). Unchecked here; formatWhen falls back.
 */
export function readerClock(context: TurnContext): ReaderClock {
  const a = context.activity;
  const clientInfo = (a.entities ?? []).find((e) => e?.type === 'clientInfo') as { locale?: unknown; timezone?: unknown } | undefined;
  const text = (v: unknown) => (typeof v === 'string' && v.length <= 64 ? v : undefined);
  return { locale: text(a.locale) ?? text(clientInfo?.locale), timeZone: text(a.localTimezone) ?? text(clientInfo?.timezone) };
}
