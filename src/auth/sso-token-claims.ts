// Reads the claims of a Teams SSO token without verifying it. Entra ID verifies the signature,
// audience and expiry when the token is presented as an on-behalf-of assertion; the bot only
// needs to know whose token it is, so it never exchanges one person's token for another.
import { isRecord } from '../core/is-record';

export interface SsoClaims {
  oid?: string;
  tid?: string;
  exp?: number;
}

export function readSsoClaims(token: string): SsoClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1].length === 0) return undefined;
  try {
    const c = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    if (!isRecord(c)) return undefined;
    return {
      oid: typeof c.oid === 'string' ? c.oid : undefined,
      tid: typeof c.tid === 'string' ? c.tid : undefined,
      exp: typeof c.exp === 'number' ? c.exp : undefined
    };
  } catch (err) {
    // Not JSON inside: the token is malformed, which the caller reports as "not yours".
    void err;
    return undefined;
  }
}
