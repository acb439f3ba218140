// Real Bot Framework JWT validation in tests, no bypass: an RSA key made here, its JWKS and the
// OpenID metadata served by nock at the URLs botbuilder fetches, and tokens signed with it.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import nock from 'nock';
import { BOT_ID, BOT_PASSWORD, TENANT_ID } from './entra';

const KID = 'test-signing-key';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

/**
 * Bot Framework's published signing keys are endorsed for every channel the Bot Connector serves,
 * not just Teams (GET https://login.botframework.com/v1/.well-known/keys): a validly signed
 * activity may say channelId "directline" or "webchat", and the bot must refuse it itself.
 */
export const CHANNEL_ENDORSEMENTS = Object.freeze([
  'msteams',
  'skype',
  'webchat',
  'directline',
  'directlinespeech',
  'emulator',
  'slack',
  'facebook',
  'email',
  'sms',
  'telegram',
  'kik',
  'groupme',
  'line',
  'telephony',
  'omnichannel'
]);

/** The issuer Bot Framework's channels put in their tokens. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

/** An issuer botframework-connector takes for the Bot Framework Emulator (an Entra ID tenant of Microsoft's). */
export const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

const jwk = () => ({ ...(publicKey.export({ format: 'jwk' }) as object), kid: KID, use: 'sig' });

export function nockBotFrameworkMetadata(): void {
  nock('https://login.botframework.com')
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, {
      issuer: 'https://api.botframework.com',
      jwks_uri: 'https://login.botframework.com/v1/.well-known/keys',
      id_token_signing_alg_values_supported: ['RS256']
    })
    .get('/v1/.well-known/keys')
    .reply(200, {
      keys: [{ ...jwk(), endorsements: [...CHANNEL_ENDORSEMENTS] }]
    });
}

/**
 * The metadata botframework-connector reads for tokens whose issuer it takes for the Emulator's
 * (Entra ID's common keys, no endorsements), serving this file's key.
 */
export function nockEmulatorMetadata(): void {
  nock('https://login.microsoftonline.com')
    .persist()
    .get('/common/v2.0/.well-known/openid-configuration')
    .reply(200, {
      issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
      jwks_uri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      id_token_signing_alg_values_supported: ['RS256']
    })
    .get('/common/discovery/v2.0/keys')
    .reply(200, { keys: [jwk()] });
}

/** A token the Emulator path of botframework-connector accepts for BOT_ID: not one a channel issued. */
export function emulatorAuth(): { authorization: string } {
  const token = jwt.sign({ ver: '1.0', appid: BOT_ID }, privateKey, {
    algorithm: 'RS256',
    keyid: KID,
    issuer: EMULATOR_ISSUER,
    audience: BOT_ID,
    expiresIn: 3600
  });
  return { authorization: `Bearer ${token}` };
}

export function signBotFrameworkToken(claims: {
  aud: string;
  serviceUrl: string;
  expiresInSeconds?: number;
  key?: KeyObject;
  kid?: string;
}): string {
  return jwt.sign({ serviceurl: claims.serviceUrl }, claims.key ?? privateKey, {
    algorithm: 'RS256',
    keyid: claims.kid ?? KID,
    issuer: BOT_FRAMEWORK_ISSUER,
    audience: claims.aud,
    expiresIn: claims.expiresInSeconds ?? 3600
  });
}

/** A key Bot Framework never published: tokens signed with it must be refused. */
export function strangerKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

/** The Bot Connector service URL the Teams fixtures use. */
export const TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/amer/';

/**
 * The serviceUrl the Agents Playground puts on the activities it sends (its mocked Bot Connector,
 * on its default port): local mode's channel. Local mode refuses any serviceUrl off loopback.
 */
export const PLAYGROUND_SERVICE_URL = 'http://localhost:56150/_connector';

/** The Authorization header Azure Bot Service sends with an activity: a fresh token for BOT_ID. */
export function teamsAuth(serviceUrl = TEAMS_SERVICE_URL): { authorization: string } {
  return { authorization: `Bearer ${signBotFrameworkToken({ aud: BOT_ID, serviceUrl })}` };
}

/**
 * The single-tenant bot's own Bot Connector token (client credentials at its tenant), which the
 * bot fetches once before it sends anything through the connector: the exact request is asserted.
 */
export function nockBotConnectorToken(accessToken = 'connector-token'): nock.Scope {
  return nock('https://login.microsoftonline.com')
    .post(
      `/${TENANT_ID}/oauth2/v2.0/token`,
      (b: Record<string, string>) =>
        b.client_id === BOT_ID && b.client_secret === BOT_PASSWORD && b.grant_type === 'client_credentials'
    )
    .query(true)
    .reply(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: accessToken });
}
