// The code the sign-in pop-up hands to Teams (`notifySuccess(code)`) and Teams hands back on the
// action it resends (`value.state`). It closes the loop the docs ask for: the action is accepted
// only from the Teams person the pop-up signed in, once, within a few minutes. The code is random
// and means nothing by itself; who it belongs to is kept server side (an ExpiringStore).
import { randomBytes } from 'node:crypto';
import type { ExpiringStore } from '../storage/expiring-store';

/** Who a sign-in is for: the Teams sender's Entra object id and tenant, lower-case. */
export interface SignInPerson {
  aadObjectId: string;
  tenantId?: string;
}

export interface VerificationCodes {
  /** A fresh code for this person, valid for `ttlMs` from `now`. */
  issue(person: SignInPerson, now: number): Promise<string>;
  /** True when the code was issued to this same person, has not expired and was not used; spends it either way. */
  accept(code: string, person: SignInPerson, now: number): Promise<boolean>;
}

/** A few minutes: Teams resends the action as soon as the pop-up closes. */
export const CODE_TTL_MS = 5 * 60_000;
const CODE_SHAPE = /^[A-Za-z0-9_-]{22}$/;

export function createVerificationCodes(store: ExpiringStore<SignInPerson>, ttlMs = CODE_TTL_MS): VerificationCodes {
  return {
    async issue(person, now) {
      for (;;) {
        const code = randomBytes(16).toString('base64url');
        if (await store.add(code, normalize(person), now + ttlMs, now)) return code;
      }
    },
    async accept(code, person, now) {
      // Anything not shaped like our codes is refused without a store lookup.
      if (!CODE_SHAPE.test(code)) return false;
      const owner = await store.take(code, now);
      const them = normalize(person);
      return owner !== undefined && owner.aadObjectId === them.aadObjectId && owner.tenantId === them.tenantId;
    }
  };
}

function normalize(person: SignInPerson): SignInPerson {
  return { aadObjectId: person.aadObjectId.toLowerCase(), tenantId: person.tenantId?.toLowerCase() };
}
