// Entra ID as the tests see it: Teams SSO tokens for a person, and the token endpoint's
// on-behalf-of answer (with the id_token msal-node builds the person's account from).
import jwt from 'jsonwebtoken';

export const TENANT_ID = '8c2e3f51-6a4b-4d2e-9f3a-1b2c3d4e5f60';
export const CLIENT_ID = '1f0e9d8c-7b6a-4e5d-8c4b-3a2918171615';
export const BOT_ID = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
export const CLIENT_SECRET = 'test-client-secret-value';
export const BOT_PASSWORD = 'test-bot-password-value';
/** The bot's Entra app as config.ts reads it from teamsEnv(). */
export const AAD_APP = Object.freeze({
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  tenantId: TENANT_ID,
  authorityHost: 'https://login.microsoftonline.com'
});
/** The OAuth connection on the Azure Bot resource (OAUTH_CONNECTION_NAME). */
export const OAUTH_CONNECTION_NAME = 'GraphSso';

export const ALICE = {
  aadObjectId: 'a11ce000-0000-4000-8000-00000000a11c',
  name: 'Alice Wong',
  mail: 'alice@contoso.test'
};
export const BOB = { aadObjectId: 'b0b00000-0000-4000-8000-000000000b0b', name: 'Bob Stone', mail: 'bob@contoso.test' };

/** What Teams attaches to an action or a token exchange: a token for api://botid-{BOT_ID}, about the person. */
export function ssoTokenFor(user: { aadObjectId: string }, extra: Record<string, unknown> = {}): string {
  return jwt.sign(
    { oid: user.aadObjectId, tid: TENANT_ID, scp: 'access_as_user', ...extra },
    'teams-signs-this-not-us',
    {
      algorithm: 'HS256',
      audience: `api://botid-${BOT_ID}`,
      issuer: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      expiresIn: 3600
    }
  );
}

/** A Graph access token as Entra issues it for a work account: a JWT about the person. */
export function graphTokenFor(user: { aadObjectId: string }, extra: Record<string, unknown> = {}): string {
  return jwt.sign(
    {
      oid: user.aadObjectId,
      tid: TENANT_ID,
      scp: 'Group.ReadWrite.All User.ReadBasic.All',
      ...extra
    },
    'entra-signs-this-not-us',
    {
      algorithm: 'HS256',
      audience: 'https://graph.microsoft.com',
      issuer: `https://sts.windows.net/${TENANT_ID}/`,
      expiresIn: 3600
    }
  );
}

export function oboTokenResponse(
  user: { aadObjectId: string; mail: string; name: string },
  accessToken: string,
  expiresIn = 3600
) {
  const now = Math.floor(Date.now() / 1000);
  const idToken = jwt.sign(
    {
      aud: CLIENT_ID,
      iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      oid: user.aadObjectId,
      sub: `sub-${user.aadObjectId}`,
      tid: TENANT_ID,
      name: user.name,
      preferred_username: user.mail,
      ver: '2.0'
    },
    'entra-signs-this-not-us',
    { algorithm: 'HS256' }
  );
  return {
    token_type: 'Bearer',
    scope: 'https://graph.microsoft.com/Group.ReadWrite.All https://graph.microsoft.com/User.ReadBasic.All',
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: accessToken,
    refresh_token: `refresh-${accessToken}`,
    id_token: idToken,
    client_info: Buffer.from(JSON.stringify({ uid: user.aadObjectId, utid: TENANT_ID })).toString('base64url')
  };
}

/** The env a Teams-mode deployment has (see env/.env.dev); secrets are test values. */
export function teamsEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    BOT_ID,
    BOT_PASSWORD,
    AAD_APP_CLIENT_ID: CLIENT_ID,
    AAD_APP_CLIENT_SECRET: CLIENT_SECRET,
    AAD_APP_TENANT_ID: TENANT_ID,
    AAD_APP_OAUTH_AUTHORITY_HOST: 'https://login.microsoftonline.com',
    BOT_DOMAIN: 'gcbot.example.test',
    OAUTH_CONNECTION_NAME,
    LOG_LEVEL: 'debug',
    PORT: '0',
    ...extra
  };
}
