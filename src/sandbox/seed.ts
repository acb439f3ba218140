// The Graph sandbox's starting tenant. The user ids are the same GUIDs as `id` AND `aadObjectId`
// in the repo-root `.m365agentsplayground.yml`, so the playground sends the ids Teams would send
// and the bot's `sandbox.<object id>` token names a user the sandbox knows. The groups cover every
// case the bot must tell apart: Unified groups the person is in (public and private), Unified groups
// they are not in (public: may still post; private: 403), and a security group (never listed as a
// Microsoft 365 group, has no conversations).

export interface SeedUser {
  readonly id: string;
  readonly displayName: string;
  readonly givenName: string;
  readonly surname: string;
  /** null: an account without a mailbox address (the bot falls back to userPrincipalName). */
  readonly mail: string | null;
  readonly userPrincipalName: string;
}

export interface SeedGroup {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly mail: string | null;
  readonly mailNickname: string;
  /** Graph spells these capitalised; security groups have none. */
  readonly visibility: 'Public' | 'Private' | null;
  /** `['Unified']` for Microsoft 365 groups, `[]` for security groups. */
  readonly groupTypes: readonly string[];
  readonly mailEnabled: boolean;
  readonly securityEnabled: boolean;
  readonly createdDateTime: string;
  /**
   * Groups created from Teams are hidden from Outlook clients by default (PLATFORM-FACTS); absent
   * is false. Graph returns it only on `$select` of one group.
   */
  readonly hideFromOutlookClients?: boolean;
  /** User ids. */
  readonly members: readonly string[];
  /** User ids, each also a member: who `GET /groups/{id}/owners` lists (a follow names them). */
  readonly owners: readonly string[];
}

export interface Seed {
  readonly tenantId: string;
  readonly domain: string;
  readonly currentUserId: string;
  readonly teamGroupId: string;
  readonly users: readonly SeedUser[];
  readonly groups: readonly SeedGroup[];
}

export const SEED_TENANT_ID = '1806f184-8e39-4dd5-81d3-e977ad8bd1f0';
export const SEED_DOMAIN = 'contoso.test';

/** The playground's currentUser (Alex Wilber). */
export const CURRENT_USER_ID = '418d916c-960c-47bd-a550-153891e29d69';

export const SEED_USER_IDS = {
  alex: CURRENT_USER_ID,
  megan: '7c60c286-b211-4eea-95a0-90bc0c2e0ebf',
  adele: 'c39999f0-e3d0-4e6d-a3d8-bca4d6079e4b',
  isaiah: '47b8d972-07fc-4190-9c2b-0fc4976d9d8c',
  patti: 'b9700bfc-0887-4d7b-bea1-a82d28f1c30a',
  lynne: 'd8f09a61-4df8-4884-9bc6-b2ab0ab62376',
  /** Sandbox only (not in the playground's 5 users): has no `mail`, only a UPN. */
  diego: '3c54fd25-a6e2-4f44-80b9-54cc225cc675'
} as const;

/** The playground team's `aadGroupId`. */
export const TEAM_GROUP_ID = '2d2fbc6f-3646-4120-9cfe-d1c765d4d718';

export const SEED_GROUP_IDS = {
  contosoTeam: TEAM_GROUP_ID,
  marketing: '901c54c1-dec9-4dd9-87db-4256a0ec7480',
  productLaunch: '306c73bb-e37e-41f9-9a12-f705f1117890',
  leadership: '359606bc-3851-4174-8b19-dbefe9703303',
  finance: 'bf507e7d-674e-4074-8040-4756de8501dd',
  designGuild: '16128cc6-c4da-44cc-a521-a6e9ecaa6ba7',
  allStaffSecurity: '30d130d9-6cea-4913-a136-71c08eb39055'
} as const;

const U = SEED_USER_IDS;

function user(id: string, givenName: string, surname: string, alias: string, hasMail = true): SeedUser {
  const upn = `${alias}@${SEED_DOMAIN}`;
  return {
    id,
    displayName: `${givenName} ${surname}`,
    givenName,
    surname,
    mail: hasMail ? upn : null,
    userPrincipalName: upn
  };
}

function unified(
  id: string,
  displayName: string,
  nickname: string,
  visibility: 'Public' | 'Private',
  description: string,
  members: string[],
  owners: string[]
): SeedGroup {
  return {
    id,
    displayName,
    description,
    mail: `${nickname}@${SEED_DOMAIN}`,
    mailNickname: nickname,
    visibility,
    groupTypes: ['Unified'],
    mailEnabled: true,
    securityEnabled: false,
    createdDateTime: '2024-01-15T09:00:00Z',
    members,
    owners
  };
}

const PLAYGROUND_USERS = [U.alex, U.megan, U.adele, U.isaiah, U.patti, U.lynne];

export const SEED: Seed = deepFreeze({
  tenantId: SEED_TENANT_ID,
  domain: SEED_DOMAIN,
  currentUserId: CURRENT_USER_ID,
  teamGroupId: TEAM_GROUP_ID,
  users: [
    user(U.alex, 'Alex', 'Wilber', 'alexw'),
    user(U.megan, 'Megan', 'Bowen', 'meganb'),
    user(U.adele, 'Adele', 'Vance', 'adelev'),
    user(U.isaiah, 'Isaiah', 'Langer', 'isaiahl'),
    user(U.patti, 'Patti', 'Fernandez', 'pattif'),
    user(U.lynne, 'Lynne', 'Robbins', 'lynner'),
    user(U.diego, 'Diego', 'Siciliani', 'diegos', false)
  ],
  groups: [
    // The team the playground simulates: every playground user is in it, as in the playground.
    {
      ...unified(
        TEAM_GROUP_ID,
        'Contoso Team',
        'contosoteam',
        'Private',
        'The team behind the Teams channel.',
        PLAYGROUND_USERS,
        [CURRENT_USER_ID] // the person the playground signs in owns the team
      ),
      // Created from Teams, so hidden from Outlook clients, as Teams does by default.
      hideFromOutlookClients: true
    },
    unified(
      SEED_GROUP_IDS.marketing,
      'Marketing',
      'marketing',
      'Public',
      'Campaigns, brand and events.',
      [U.alex, U.megan, U.adele],
      [U.megan, U.alex]
    ),
    unified(
      SEED_GROUP_IDS.productLaunch,
      'Product launch',
      'productlaunch',
      'Public',
      'Launch planning for the next release.',
      [U.alex, U.isaiah, U.patti],
      [U.isaiah]
    ),
    unified(
      SEED_GROUP_IDS.leadership,
      'Leadership',
      'leadership',
      'Private',
      'Leadership team.',
      [U.alex, U.lynne],
      [U.lynne]
    ),
    unified(
      SEED_GROUP_IDS.finance,
      'Finance (private)',
      'finance',
      'Private',
      'Budgets and forecasts.',
      [U.megan, U.lynne],
      [U.lynne]
    ),
    unified(
      SEED_GROUP_IDS.designGuild,
      'Design guild',
      'designguild',
      'Public',
      'Design practice across teams.',
      [U.adele, U.patti, U.diego],
      [U.adele, U.diego]
    ),
    {
      // Security group: in /me/memberOf without a filter, never in the Unified filter, no mailbox.
      id: SEED_GROUP_IDS.allStaffSecurity,
      displayName: 'All staff security',
      description: 'Security group for every employee.',
      mail: null,
      mailNickname: 'allstaffsecurity',
      visibility: null,
      groupTypes: [],
      mailEnabled: false,
      securityEnabled: true,
      createdDateTime: '2024-01-10T09:00:00Z',
      members: Object.values(U),
      owners: [] // the sandbox models owners of Microsoft 365 groups only
    }
  ]
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
