// Trust the channel, not the client. Bot Framework authenticates the channel that sent an activity,
// never the person in it: every Azure Bot also serves Web Chat (and Direct Line when enabled) at the
// same endpoint, its signing keys are endorsed for all of them, and there the client itself writes
// `from`, `conversation` and `channelData`. A Teams-only bot therefore accepts, in Teams mode, only
// what Teams sends: channelId "msteams", a token Bot Framework issued for a channel (botframework-
// connector also accepts Emulator and skill tokens from Entra ID issuers), a serviceUrl on a host
// Teams uses (the bot's replies go there), and one tenant. Local mode (anonymous, loopback) checks
// only the serviceUrl: loopback, or the anonymous bot would POST its replies wherever an activity
// says (blind SSRF). Pure functions: the server calls them after authentication, before any handler.
import type { Activity } from 'botbuilder';
import type { Config } from '../../config';
import { isLoopbackServiceUrl } from '../../core/loopback-request';

/** The `iss` of the tokens Bot Framework's channels (Teams among them) send to a bot. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
export const TEAMS_CHANNEL_ID = 'msteams';

export type ChannelRefusal =
  | 'issuer_not_bot_framework'
  | 'channel_not_teams'
  | 'service_url_not_allowed'
  | 'tenant_mismatch'
  | 'service_url_not_loopback';

export type ChannelGuardConfig = Pick<Config, 'mode' | 'teamsServiceUrlHosts'>;

/** A claim of the validated token, as botframework-connector's ClaimsIdentity holds it. */
export interface TokenClaim {
  type: string;
  value: string;
}

/** Why Teams mode refuses this activity, or undefined when it comes from Teams. */
export function refuseUntrustedChannel(
  activity: Partial<Activity>,
  claims: readonly TokenClaim[] | undefined,
  config: ChannelGuardConfig
): ChannelRefusal | undefined {
  if (config.mode !== 'teams')
    return isLoopbackServiceUrl(activity.serviceUrl) ? undefined : 'service_url_not_loopback';
  if (claims?.find((c) => c.type === 'iss')?.value !== BOT_FRAMEWORK_ISSUER) return 'issuer_not_bot_framework';
  if (activity.channelId !== TEAMS_CHANNEL_ID) return 'channel_not_teams';
  if (!isAllowedServiceUrl(activity.serviceUrl, config.teamsServiceUrlHosts)) return 'service_url_not_allowed';
  if (tenantsDisagree(activity)) return 'tenant_mismatch';
  return undefined;
}

/** https, no credentials, the default port, and a host on the list (`*.x` is any subdomain of x). */
export function isAllowedServiceUrl(serviceUrl: string | undefined, hosts: readonly string[]): boolean {
  // Not a URL, so not a Teams host.
  if (serviceUrl === undefined || !URL.canParse(serviceUrl)) return false;
  const url = new URL(serviceUrl);
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  return hosts.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern));
}

/** Teams names the tenant in channelData.tenant.id; a conversation.tenantId that says otherwise is forged. */
function tenantsDisagree(a: Partial<Activity>): boolean {
  const fromChannel = (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const fromConversation = a.conversation?.tenantId;
  if (typeof fromChannel !== 'string' || typeof fromConversation !== 'string') return false;
  return fromChannel.toLowerCase() !== fromConversation.toLowerCase();
}
