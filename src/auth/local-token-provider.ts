// Local mode only (no tenant): the Graph sandbox on loopback accepts `sandbox.<object id>` as
// the bearer token of a seeded user. No secret is involved because nothing leaves the machine.
import type { TokenProvider, UserRef } from './token-provider';

const LOCAL_TOKEN_PREFIX = 'sandbox.';

export function createLocalTokenProvider(): TokenProvider {
  const token = (user: UserRef): string => `${LOCAL_TOKEN_PREFIX}${user.aadObjectId.toLowerCase()}`;
  return {
    // Always works: nothing needs keeping when a token is derived from the id, restarts included.
    offline: {
      keep: async () => true,
      token: async (user) => token(user),
      forget: async () => undefined
    },
    async getCachedToken(user) {
      return token(user);
    },
    async exchange(user) {
      return token(user);
    },
    async signOut() {
      // Nothing is cached: every local token is derived from the person's id.
    }
  };
}
