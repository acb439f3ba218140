// Short-lived, single-use entries: the sign-in pop-up's spent nonces and the verification codes
// it hands to Teams. Async by contract so a shared store (Blob, issue 14) can replace the memory
// one without touching its callers; time is passed in, so tests need no clock.
//
// The memory store does NOT survive a restart and is not shared between instances: a restart
// forgets the codes of sign-ins finishing at that moment (the person signs in again) and the
// spent nonces (their states expire within minutes anyway, and Entra ID redeems a code once).
import { setNewest } from '../core/bounded-map';

export interface ExpiringStore<T> {
  /** Keeps `value` under `key` until `expiresAt` (ms); false when the key is already held and not expired. */
  add(key: string, value: T, expiresAt: number, now: number): Promise<boolean>;
  /** Removes the entry and returns its value when it is there and not expired: each key is taken once. */
  take(key: string, now: number): Promise<T | undefined>;
}

/** Bounded in memory: past `maxKeys`, the oldest entries are forgotten first. */
export function createMemoryExpiringStore<T>(maxKeys = 100_000): ExpiringStore<T> {
  const entries = new Map<string, { value: T; expiresAt: number }>();
  return {
    async add(key, value, expiresAt, now) {
      const held = entries.get(key);
      if (held && held.expiresAt > now) return false;
      setNewest(entries, key, { value, expiresAt }, maxKeys);
      return true;
    },
    async take(key, now) {
      const held = entries.get(key);
      if (!held) return undefined;
      entries.delete(key);
      return held.expiresAt > now ? held.value : undefined;
    }
  };
}
