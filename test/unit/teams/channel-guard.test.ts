// The edge's trust rules as pure functions: in Teams mode only what Teams sends passes (channelId
// msteams, a Bot Framework channel token, a Teams serviceUrl host, one tenant); local mode only a loopback serviceUrl.
import { TEAMS_SERVICE_HOSTS } from '../../../src/config';
import {
  BOT_FRAMEWORK_ISSUER,
  isAllowedServiceUrl,
  refuseUntrustedChannel,
  type ChannelGuardConfig,
  type TokenClaim
} from '../../../src/teams/app/channel-guard';
import { tenantOf } from '../../../src/teams/app/turn';
import { fixture } from '../../helpers/fixtures';
import { TENANT_ID } from '../../helpers/entra';

const TEAMS: ChannelGuardConfig = { mode: 'teams', teamsServiceUrlHosts: TEAMS_SERVICE_HOSTS };
const CHANNEL_CLAIMS: TokenClaim[] = [
  { type: 'iss', value: BOT_FRAMEWORK_ISSUER },
  { type: 'aud', value: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d' },
  { type: 'serviceurl', value: 'https://smba.trafficmanager.net/amer/' }
];
const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';

describe('refuseUntrustedChannel', () => {
  it('accepts what Teams sends (every Teams fixture)', () => {
    for (const name of [
      'message-new',
      'channel-mention-new',
      'conversation-update-bot-added',
      'invoke-create-conversation',
      'invoke-message-action-fetch',
      'invoke-message-action-submit',
      'invoke-token-exchange'
    ]) {
      expect([name, refuseUntrustedChannel(fixture(name), CHANNEL_CLAIMS, TEAMS)]).toEqual([name, undefined]);
    }
  });

  it.each(['directline', 'webchat', 'emulator', 'test', 'MSTEAMS', ''])('refuses channelId "%s"', (channelId) => {
    const a = fixture('message-new', (x) => (x.channelId = channelId));
    expect(refuseUntrustedChannel(a, CHANNEL_CLAIMS, TEAMS)).toBe('channel_not_teams');
  });

  it.each([
    ['an Emulator issuer', 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/'],
    ['an Entra ID v2 issuer', `https://login.microsoftonline.com/${TENANT_ID}/v2.0`],
    ['the US government Bot Framework', 'https://api.botframework.us'],
    ['a look-alike', 'https://api.botframework.com.evil.test']
  ])('refuses a token from %s', (_what, iss) => {
    const claims = CHANNEL_CLAIMS.map((c) => (c.type === 'iss' ? { ...c, value: iss } : c));
    expect(refuseUntrustedChannel(fixture('message-new'), claims, TEAMS)).toBe('issuer_not_bot_framework');
  });

  it('refuses a turn without a validated identity, or with no issuer', () => {
    expect(refuseUntrustedChannel(fixture('message-new'), undefined, TEAMS)).toBe('issuer_not_bot_framework');
    expect(refuseUntrustedChannel(fixture('message-new'), [], TEAMS)).toBe('issuer_not_bot_framework');
  });

  it('refuses a serviceUrl Teams does not use', () => {
    const a = fixture('message-new', (x) => (x.serviceUrl = 'https://smba.evil.example.test/amer/'));
    expect(refuseUntrustedChannel(a, CHANNEL_CLAIMS, TEAMS)).toBe('service_url_not_allowed');
  });

  it('refuses a conversation.tenantId that differs from channelData.tenant.id (any case is the same tenant)', () => {
    const forged = fixture('message-new', (x) => (x.conversation.tenantId = OTHER_TENANT));
    expect(refuseUntrustedChannel(forged, CHANNEL_CLAIMS, TEAMS)).toBe('tenant_mismatch');
    const upper = fixture('message-new', (x) => (x.conversation.tenantId = TENANT_ID.toUpperCase()));
    expect(refuseUntrustedChannel(upper, CHANNEL_CLAIMS, TEAMS)).toBeUndefined();
  });

  it('local mode (anonymous, loopback) checks only the serviceUrl: the Agents Playground keeps working', () => {
    const playground = fixture('message-new', (x) => {
      x.channelId = 'emulator';
      x.serviceUrl = 'http://127.0.0.1:56150/';
      x.conversation.tenantId = OTHER_TENANT;
    });
    expect(refuseUntrustedChannel(playground, [], { ...TEAMS, mode: 'local' })).toBeUndefined();
    const asItSends = fixture('message-new', (x) => (x.serviceUrl = 'http://localhost:56150/_connector'));
    expect(refuseUntrustedChannel(asItSends, undefined, { ...TEAMS, mode: 'local' })).toBeUndefined();
  });

  it.each(['http://169.254.169.254/', 'https://smba.trafficmanager.net/amer/', 'http://10.0.0.5:8080/'])(
    'local mode refuses a serviceUrl off loopback (%s): replies would be POSTed there',
    (serviceUrl) => {
      const a = fixture('message-new', (x) => (x.serviceUrl = serviceUrl));
      expect(refuseUntrustedChannel(a, undefined, { ...TEAMS, mode: 'local' })).toBe('service_url_not_loopback');
    }
  );
});

describe('isAllowedServiceUrl', () => {
  it.each([
    'https://smba.trafficmanager.net/amer/',
    'https://smba.trafficmanager.net/emea/',
    'https://smba.trafficmanager.net/teams/',
    'https://SMBA.trafficmanager.net/amer/',
    'https://europe.webchat.botframework.com/',
    'https://smba.infra.gcc.teams.microsoft.com/teams',
    'https://smba.infra.gov.teams.microsoft.us/teams',
    'https://smba.infra.dod.teams.microsoft.us/teams'
  ])('accepts %s', (url) => {
    expect(isAllowedServiceUrl(url, TEAMS_SERVICE_HOSTS)).toBe(true);
  });

  it.each([
    ['plain http', 'http://smba.trafficmanager.net/amer/'],
    ['another host', 'https://smba.evil.example.test/amer/'],
    ['a suffix look-alike', 'https://evilsmba.trafficmanager.net/amer/'],
    ['the allowed host as a subdomain of another', 'https://smba.trafficmanager.net.evil.test/'],
    ['the bare domain of a *. entry', 'https://botframework.com/'],
    ['a domain that only ends like one', 'https://evilbotframework.com/'],
    ['credentials in the URL', 'https://user:pw@smba.trafficmanager.net/amer/'],
    ['a port', 'https://smba.trafficmanager.net:8443/amer/'],
    ['loopback', 'https://127.0.0.1/'],
    ['not a URL', 'smba.trafficmanager.net'],
    ['nothing', undefined]
  ])('refuses %s', (_what, url) => {
    expect(isAllowedServiceUrl(url, TEAMS_SERVICE_HOSTS)).toBe(false);
  });

  it('uses the list it is given', () => {
    expect(isAllowedServiceUrl('https://smba.trafficmanager.net/amer/', ['*.teams.example.test'])).toBe(false);
    expect(isAllowedServiceUrl('https://eu.teams.example.test/', ['*.teams.example.test'])).toBe(true);
  });
});

describe('tenantOf', () => {
  it('reads channelData.tenant.id first, lower-cased', () => {
    const a = fixture('message-new', (x) => {
      x.channelData.tenant.id = TENANT_ID.toUpperCase();
      x.conversation.tenantId = OTHER_TENANT;
    });
    expect(tenantOf(a)).toBe(TENANT_ID);
  });

  it('falls back on conversation.tenantId when channelData names no tenant (the Agents Playground)', () => {
    const a = fixture('message-new', (x) => delete x.channelData.tenant);
    expect(tenantOf(a)).toBe(TENANT_ID);
  });
});
