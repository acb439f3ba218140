// botbuilder's CloudAdapter builds a new ConnectorClient and a new UserTokenClient for every
// activity, before the bot runs (cloudAdapterBase.processActivity): two Azure-core pipelines each
// time, the largest single cost of a turn that answers in its HTTP response (an invoke, an
// expectReplies message), where neither client is ever used. Both are HTTP clients over the
// credentials of one app id: the same app id, service URL and audience give the same client, so
// the bot keeps one per key and every turn to that service reuses it (botbuilder's credentials
// already refresh their tokens themselves). botbuilder has no option for this, hence the wrapper.
import {
  AuthenticationConstants,
  type BotFrameworkAuthentication,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient
} from 'botframework-connector';
import { setNewest } from '../../core/bounded-map';

/**
 * Teams' service URLs are per region and, lately, per tenant (`…/amer/<tenant id>/`): a bounded
 * number of them, oldest forgotten first; a forgotten one is only built again.
 */
const MAX_CLIENTS = 256;

/** botbuilder's own rule (getAppId): the channel's token names the bot in `aud`, the Emulator's in `appid`. */
function appIdOf(identity: ClaimsIdentity): string {
  return (
    identity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    identity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

/** Remembers a promise under `key`; a rejected one is forgotten, so the next turn tries again. */
function once<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const known = cache.get(key);
  if (known) return known;
  const made = make();
  setNewest(cache, key, made, MAX_CLIENTS);
  made.catch(() => {
    if (cache.get(key) === made) cache.delete(key);
  });
  return made;
}

/**
 * Makes `auth` hand out one ConnectorClient per (app id, service URL, audience) and one
 * UserTokenClient per app id: the factories of an inbound request (authenticateRequest) and of a
 * proactive turn (createConnectorFactory) share them.
 */
export function reuseBotClients(auth: BotFrameworkAuthentication): void {
  const connectors = new Map<string, Promise<ConnectorClient>>();
  const userTokens = new Map<string, Promise<UserTokenClient>>();
  const reusing = (factory: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory => {
    const appId = appIdOf(identity);
    return {
      create: (serviceUrl: string, audience?: string) =>
        once(connectors, [appId, serviceUrl, audience ?? ''].join('\n'), () => factory.create(serviceUrl, audience))
    };
  };
  const authenticateRequest = auth.authenticateRequest.bind(auth);
  const createConnectorFactory = auth.createConnectorFactory.bind(auth);
  const createUserTokenClient = auth.createUserTokenClient.bind(auth);

  auth.authenticateRequest = async (activity, authHeader) => {
    const result = await authenticateRequest(activity, authHeader);
    if (result.connectorFactory) result.connectorFactory = reusing(result.connectorFactory, result.claimsIdentity);
    return result;
  };
  auth.createConnectorFactory = (identity: ClaimsIdentity): ConnectorFactory =>
    reusing(createConnectorFactory(identity), identity);
  auth.createUserTokenClient = (identity: ClaimsIdentity): Promise<UserTokenClient> =>
    once(userTokens, appIdOf(identity), () => createUserTokenClient(identity));
}
