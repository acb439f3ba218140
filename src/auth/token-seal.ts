// A broadcast must go on after a restart (issue 15), and posting is done only with the person's
// own delegated token, which lives in msal's memory (shared-token-cache.ts) and is gone after a
// restart. So a running broadcast keeps the person's Graph access token sealed in its record:
// AES-256-GCM (node:crypto; no library needed for one authenticated cipher), with a key derived by
// HKDF-SHA256 from the bot's own client secret, and the broadcast's id and person as associated
// data, so a sealed token opens only for the record it was sealed for. It is an access token (an
// hour or so, never a refresh token), dropped from the record once the broadcast is settled, and
// never logged. Without a client secret (a managed identity or a certificate) nothing is sealed:
// a resumed broadcast then asks the person to press Retry the failed ones.
//
// Issue 16 seals a second thing (a follower's msal sign-in, offline-sign-in.ts) with the same
// secret: each purpose derives its own key (HKDF `info`), so a text sealed for one purpose never
// opens as the other. The broadcast purpose stays the default, so tokens sealed before still open.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { isRecord } from '../core/is-record';

export interface TokenSeal {
  seal(token: string, boundTo: string): string;
  /** The token, or undefined when it cannot be opened (another key, another record, tampered). */
  open(sealed: string, boundTo: string): string | undefined;
}

const VERSION = 'v1';

/** The HKDF `info` of each thing sealed: one key per purpose. */
export const SEAL_PURPOSES = Object.freeze({
  broadcast: 'broadcast-token-seal/v1',
  offlineSignIn: 'offline-sign-in/v1'
});

export function createTokenSeal(secret: string, purpose: string = SEAL_PURPOSES.broadcast): TokenSeal {
  const key = Buffer.from(hkdfSync('sha256', secret, 'group-conversations', purpose, 32));
  return {
    seal(token, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, boundTo) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(boundTo, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch (err) {
        // Another key (the secret was rotated), another record, or altered: it does not open.
        void err;
        return undefined;
      }
    }
  };
}

/**
 * A JWT's `exp` in ms, when it has one; an opaque token (the local sandbox's) has none. Read, not
 * verified: only to skip a token that Graph would refuse anyway.
 */
export function tokenExpiresAt(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return isRecord(claims) && typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch (err) {
    void err;
    return undefined;
  }
}
