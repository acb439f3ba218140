// Who the bot trusts, as settings: the tenant allow-list and the serviceUrl hosts. Parsed here for
// src/config.ts (still the only reader of the environment), which passes the raw values in.
import type { Mode } from './config';
import { isGuid } from './core/validate-draft';

// Where Teams' Bot Connector lives: the public cloud's smba.trafficmanager.net, Bot Framework's own
// hosts, and the US government clouds' Teams service URLs (GCC, GCC High, DoD), as listed by the
// Microsoft 365 Agents SDK's TeamsServiceEndpoints (microsoft.github.io/Agents-for-js, variable
// TeamsServiceEndpoints: smba.infra.gcc.teams.microsoft.com, smba.infra.gov.teams.microsoft.us,
// smba.infra.dod.teams.microsoft.us).
export const TEAMS_SERVICE_HOSTS = Object.freeze([
  'smba.trafficmanager.net',
  '*.botframework.com',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us'
]);
const HOST_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Fails closed: unset in Teams mode is the app registration's own tenant; `*` is every tenant, said
 * on purpose. Local mode (anonymous, loopback) accepts any tenant unless told otherwise.
 */
export function parseAllowedTenants(
  raw: string | undefined,
  mode: Mode,
  homeTenant: string | undefined,
  problems: string[]
): readonly string[] | 'any' {
  if (raw === undefined) {
    if (mode === 'local') return 'any';
    return homeTenant && isGuid(homeTenant) ? [homeTenant.toLowerCase()] : [];
  }
  const entries = raw
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  if (entries.includes('*')) {
    if (entries.length === 1) return 'any';
    problems.push('ALLOWED_TENANTS mixes "*" (every tenant) with tenant ids: give either "*" or the ids.');
    return [];
  }
  for (const t of entries) {
    if (!isGuid(t))
      problems.push(
        `ALLOWED_TENANTS contains "${t}", which is not a tenant id (GUID); separate several with commas, or give "*".`
      );
  }
  return entries;
}

export function parseServiceHosts(raw: string | undefined, problems: string[]): readonly string[] {
  if (raw === undefined) return TEAMS_SERVICE_HOSTS;
  const hosts = raw
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  if (hosts.length === 0) problems.push('TEAMS_SERVICE_URL_HOSTS names no host: leave it unset for the default list.');
  for (const h of hosts) {
    if (!HOST_PATTERN.test(h))
      problems.push(
        [
          `TEAMS_SERVICE_URL_HOSTS contains "${h}", which is not a host name such as smba.trafficmanager.net`,
          'or *.botframework.com (no scheme, port or path; "*." only as a prefix); separate several with commas.'
        ].join(' ')
      );
  }
  return hosts;
}
