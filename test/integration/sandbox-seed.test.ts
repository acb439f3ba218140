// The sandbox's tenant is an input: createGraphSandbox({ seed }) starts from the seed it is given
// (the playground's when none is), and POST /_sandbox/reset returns to that seed. Tests that need
// another tenant pass one in; nothing global is changed.
import { createGraphSandbox, SEED, type GraphSandbox, type Seed } from '../../src/sandbox';

const ANA = '0a5e2c4e-1b7d-4c39-9f6a-3d2b8e1f7a01';
const BEN = '0b6f3d5f-2c8e-4d4a-8a7b-4e3c9f2a8b02';
const DESIGN = '1c7a4e6a-3d9f-4e5b-9b8c-5f4d0a3b9c03';
const PAYROLL = '1d8b5f7b-4ea0-4f6c-8c9d-6a5e1b4c0d04';

const FABRIKAM: Seed = {
  tenantId: '2e9c6a8c-5fb1-4a7d-9dae-7b6f2c5d1e05',
  domain: 'fabrikam.test',
  currentUserId: ANA,
  teamGroupId: DESIGN,
  users: [
    {
      id: ANA,
      displayName: 'Ana Rivera',
      givenName: 'Ana',
      surname: 'Rivera',
      mail: 'anar@fabrikam.test',
      userPrincipalName: 'anar@fabrikam.test'
    },
    {
      id: BEN,
      displayName: 'Ben Okafor',
      givenName: 'Ben',
      surname: 'Okafor',
      mail: 'beno@fabrikam.test',
      userPrincipalName: 'beno@fabrikam.test'
    }
  ],
  groups: [group(DESIGN, 'Design', 'Public', [ANA, BEN]), group(PAYROLL, 'Payroll', 'Private', [BEN])]
};

function group(
  id: string,
  displayName: string,
  visibility: 'Public' | 'Private',
  members: string[]
): Seed['groups'][number] {
  const nickname = displayName.toLowerCase();
  return {
    id,
    displayName,
    description: `${displayName} at Fabrikam.`,
    mail: `${nickname}@fabrikam.test`,
    mailNickname: nickname,
    visibility,
    groupTypes: ['Unified'],
    mailEnabled: true,
    securityEnabled: false,
    createdDateTime: '2024-02-01T09:00:00Z',
    members,
    owners: members.slice(0, 1)
  };
}

async function call(origin: string, method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = options.token ? { Authorization: `Bearer sandbox.${options.token}` } : {};
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${origin}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body)
  });
  return { status: res.status, json: (await res.json()) as any };
}

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();

describe('a custom seed', () => {
  let sandbox: GraphSandbox;
  let origin: string;

  beforeAll(async () => {
    sandbox = createGraphSandbox({ seed: FABRIKAM });
    ({ origin } = await sandbox.listen(0));
  });
  afterAll(() => sandbox.close());

  it('is the whole tenant: its people and groups, none of the playground seed', async () => {
    const state = (await call(origin, 'GET', '/_sandbox/state')).json;
    expect(ids(state.users)).toEqual([ANA, BEN].sort());
    expect(ids(state.groups)).toEqual([DESIGN, PAYROLL].sort());
    expect(state.groups.find((g: { id: string }) => g.id === PAYROLL).members).toEqual([BEN]);
    expect((await call(origin, 'GET', '/v1.0/me', { token: SEED.currentUserId })).status).toBe(401);
  });

  it('is what the Graph routes answer from', async () => {
    const me = await call(origin, 'GET', '/v1.0/me', { token: ANA });
    expect(me).toMatchObject({ status: 200, json: { id: ANA, displayName: 'Ana Rivera', mail: 'anar@fabrikam.test' } });
    const groupsOf = async (token: string) => {
      const res = await call(origin, 'GET', '/v1.0/me/memberOf', { token });
      expect(res.status).toBe(200);
      return res.json.value.map((g: { displayName: string }) => g.displayName).sort();
    };
    expect(await groupsOf(ANA)).toEqual(['Design']);
    expect(await groupsOf(BEN)).toEqual(['Design', 'Payroll']);
  });

  it('names the added people in its own domain, and reset returns to it', async () => {
    const added = await call(origin, 'POST', '/_sandbox/users', { body: { count: 1, groupIds: [DESIGN] } });
    expect(added.status).toBe(201);
    expect(added.json.users[0]).toMatchObject({ displayName: 'Person 1', mail: 'person1@fabrikam.test' });
    expect((await call(origin, 'GET', '/_sandbox/state')).json.users).toHaveLength(3);

    expect((await call(origin, 'POST', '/_sandbox/reset')).status).toBe(200);
    expect(ids((await call(origin, 'GET', '/_sandbox/state')).json.users)).toEqual([ANA, BEN].sort());
  });
});

describe('the seed option', () => {
  it('defaults to the playground seed', async () => {
    const sandbox = createGraphSandbox();
    try {
      const { origin } = await sandbox.listen(0);
      const state = (await call(origin, 'GET', '/_sandbox/state')).json;
      expect(ids(state.users)).toEqual(ids([...SEED.users]));
      expect(ids(state.groups)).toEqual(ids([...SEED.groups]));
    } finally {
      await sandbox.close();
    }
  });

  it('refuses a seed whose group lists someone who is not one of its users, naming both', () => {
    const stranger = '3fad7b9d-6ac2-4b8e-8ebf-8c7a3d6e2f06';
    const broken: Seed = { ...FABRIKAM, groups: [group(DESIGN, 'Design', 'Public', [ANA, stranger])] };
    expect(() => createGraphSandbox({ seed: broken })).toThrow(
      `seed group ${DESIGN} (Design) lists member ${stranger}, who is not one of the seed's users`
    );
  });
});
