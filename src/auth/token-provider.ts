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
}
