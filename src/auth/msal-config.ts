// msal-node configuration shared by the bot's OBO provider and teams-ai's Teams SSO.
// Authority metadata is given inline so no instance-discovery or OpenID-configuration request
// is made at start-up: the endpoints of an Entra tenant are fixed by host and tenant id.
import type { Configuration, ICachePlugin, INetworkModule } from '@azure/msal-node';
import type { AadApp } from '../config';

export function buildMsalConfig(aad: AadApp, cachePlugin: ICachePlugin, networkClient?: INetworkModule): Configuration {
  const authority = `${aad.authorityHost}/${aad.tenantId}`;
  const host = new URL(aad.authorityHost).host;
  const authorityMetadata = {
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    issuer: `${authority}/v2.0`,
    response_modes_supported: ['query', 'fragment', 'form_post']
  };
  const cloudDiscoveryMetadata = {
    tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }]
  };
  return {
    auth: {
      clientId: aad.clientId,
      clientSecret: aad.clientSecret,
      authority,
      knownAuthorities: [host],
      authorityMetadata: JSON.stringify(authorityMetadata),
      cloudDiscoveryMetadata: JSON.stringify(cloudDiscoveryMetadata)
    },
    cache: { cachePlugin },
    system: {
      ...(networkClient ? { networkClient } : {}),
      // msal's own logger stays off: its verbose lines can include request details.
      loggerOptions: { piiLoggingEnabled: false, logLevel: 0, loggerCallback: () => undefined }
    }
  };
}
