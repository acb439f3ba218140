// Whose Graph token is the bot about to use? Read without verifying (Graph verifies the token; the
// bot only makes sure it acts with the sender's own): a token that is someone else's is refused
// whatever produced it (a cache, an exchange, teams-ai). Entra ID's Graph tokens for work accounts
// are JWTs carrying the person's `oid`; an opaque (non-JWT) token cannot be checked this way.
import { isRecord } from '../core/is-record';

/** true: a JWT about this person; false: a JWT about someone else (or about no one); undefined: opaque. */
export function graphTokenIsOf(token: string, aadObjectId: string): boolean | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch (err) {
    // Three dot-separated parts but no JSON inside: not a JWT, so nothing to read an owner from.
    void err;
    return undefined;
  }
  if (!isRecord(claims)) return undefined;
  return typeof claims.oid === 'string' && claims.oid.toLowerCase() === aadObjectId.toLowerCase();
}
