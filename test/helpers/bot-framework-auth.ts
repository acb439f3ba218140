// Real Bot Framework JWT validation in tests, no bypass: an RSA key made here, its JWKS and the
// OpenID metadata served by nock at the URLs botbuilder fetches, and tokens signed with it.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import nock from 'nock';
import { BOT_ID } from './entra';

const KID = 'test-signing-key';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

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
      keys: [{ ...(publicKey.export({ format: 'jwk' }) as object), kid: KID, use: 'sig', endorsements: ['msteams'] }]
    });
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
    issuer: 'https://api.botframework.com',
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

/** The Authorization header Azure Bot Service sends with an activity: a fresh token for BOT_ID. */
export function teamsAuth(serviceUrl = TEAMS_SERVICE_URL): { authorization: string } {
  return { authorization: `Bearer ${signBotFrameworkToken({ aud: BOT_ID, serviceUrl })}` };
}
