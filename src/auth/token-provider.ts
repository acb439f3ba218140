// How the bot gets a Graph token for the person in front of it. Teams mode: msal-node
// on-behalf-of with the person's Teams SSO token. Local mode: a token the Graph sandbox accepts.

export interface UserRef {
  /** Entra object id (Teams' `from.aadObjectId`). */
  aadObjectId: string;
  tenantId?: string;
}

export interface TokenProvider {
  /** A still-valid token obtained earlier for this person, without any user interaction. */
  getCachedToken(user: UserRef): Promise<string | undefined>;
  /** Exchange the person's own Teams SSO token for a Graph token (refuses someone else's). */
  exchange(user: UserRef, ssoToken: string): Promise<string>;
  /** Forget every token held for this person. */
  signOut(user: UserRef): Promise<void>;
  /** The person's sign-in kept for work done while they are away (issue 16); absent where it cannot be kept. */
  offline?: OfflineAccess;
}

/**
 * Work done while the person is away (issue 16: renewing the Graph subscription of a channel they
 * set to follow a group) needs their sign-in after the turn, after a restart, on another instance.
 */
export interface OfflineAccess {
  /**
   * Keeps the person's sign-in (msal's refresh token, sealed at rest) for later; call right after a
   * turn that used their token. False when there is nothing to keep (no cached account, or no secret
   * to seal it with: a managed identity or certificate).
   */
  keep(user: UserRef): Promise<boolean>;
  /**
   * A Graph token for the person without them: from memory, else restored from the store and
   * refreshed. Undefined when that is impossible for good (nothing kept, the refresh token refused:
   * revoked, expired, the person gone); throws TokenServiceError when Entra ID could not be reached
   * (try again later).
   */
  token(user: UserRef): Promise<string | undefined>;
  /** Forgets the kept sign-in (the person's last follow stopped, or they signed out). */
  forget(user: UserRef): Promise<void>;
}
