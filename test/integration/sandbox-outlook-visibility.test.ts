// The Graph sandbox's `hideFromOutlookClients` (issue 17): like Graph, it is returned only when
// `$select` names it on `GET /groups/{id}`; never by default, never in a list (memberOf answers
// null for it). The seed's team group was created from Teams, so it is hidden; the control API
// sets it (PATCH /_sandbox/groups/{id}).
import { createGraphSandbox, SEED_GROUP_IDS as G, SEED_USER_IDS as U } from '../../src/sandbox';
import type { GraphSandbox } from '../../src/sandbox';
import { sandboxCall, type SandboxCall } from '../helpers/sandbox-control';

let sandbox: GraphSandbox;
let origin: string;

beforeAll(async () => {
  sandbox = createGraphSandbox();
  ({ origin } = await sandbox.listen(0));
});
afterAll(() => sandbox.close());
beforeEach(() => call('POST', '/_sandbox/reset'));

const call: SandboxCall = (...args) => sandboxCall(origin, U.alex)(...args);
const hidden = (groupId: string) => call('GET', `/v1.0/groups/${groupId}?$select=id,hideFromOutlookClients`);

describe('hideFromOutlookClients in the sandbox', () => {
  it('is returned on $select of one group: the team group (created from Teams) hidden, the others not', async () => {
    expect(await hidden(G.contosoTeam)).toEqual({
      status: 200,
      json: {
        '@odata.context': expect.stringContaining('groups(id,hideFromOutlookClients)/$entity'),
        id: G.contosoTeam,
        hideFromOutlookClients: true
      }
    });
    expect((await hidden(G.marketing)).json).toEqual(
      expect.objectContaining({ id: G.marketing, hideFromOutlookClients: false })
    );
  });

  it('is never returned without $select, nor when $select leaves it out', async () => {
    const plain = await call('GET', `/v1.0/groups/${G.contosoTeam}`);
    expect(plain.status).toBe(200);
    expect(plain.json).not.toHaveProperty('hideFromOutlookClients');
    expect(plain.json.displayName).toBe('Contoso Team');
    const other = await call('GET', `/v1.0/groups/${G.contosoTeam}?$select=id,displayName`);
    expect(other.json).toEqual({
      '@odata.context': expect.any(String),
      id: G.contosoTeam,
      displayName: 'Contoso Team'
    });
  });

  it('is null in a list even when $select names it (Graph supports it on the Get group API only)', async () => {
    // The cast is an advanced query: it needs ConsistencyLevel, which sandboxCall does not send.
    const res = await fetch(
      `${origin}/v1.0/me/memberOf/microsoft.graph.group?$count=true&$select=id,hideFromOutlookClients`,
      {
        headers: { Authorization: `Bearer sandbox.${U.alex}`, ConsistencyLevel: 'eventual' }
      }
    );
    expect(res.status).toBe(200);
    const list = (await res.json()) as { value: Array<{ id: string }> };
    const team = list.value.find((g: { id: string }) => g.id === G.contosoTeam);
    expect(team).toEqual({ id: G.contosoTeam, hideFromOutlookClients: null });
    const plain = await call('GET', '/v1.0/me/memberOf');
    expect(plain.json.value.some((g: object) => 'hideFromOutlookClients' in g)).toBe(false);
  });

  it('is set by the control API, and a reset brings the seed back', async () => {
    expect((await call('PATCH', `/_sandbox/groups/${G.marketing}`, { hideFromOutlookClients: true })).status).toBe(204);
    expect((await hidden(G.marketing)).json.hideFromOutlookClients).toBe(true);
    expect((await call('PATCH', `/_sandbox/groups/${G.contosoTeam}`, { hideFromOutlookClients: false })).status).toBe(
      204
    );
    expect((await hidden(G.contosoTeam)).json.hideFromOutlookClients).toBe(false);
    await call('POST', '/_sandbox/reset');
    expect((await hidden(G.marketing)).json.hideFromOutlookClients).toBe(false);
    expect((await hidden(G.contosoTeam)).json.hideFromOutlookClients).toBe(true);
  });

  it('the control route refuses a bad body or an unknown group, naming the problem', async () => {
    const bad = await call('PATCH', `/_sandbox/groups/${G.marketing}`, { hideFromOutlookClients: 'yes' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('hideFromOutlookClients');
    const extra = await call('PATCH', `/_sandbox/groups/${G.marketing}`, { hideFromOutlookClients: true, x: 1 });
    expect(extra.status).toBe(400);
    const unknown = await call('PATCH', '/_sandbox/groups/00000000-0000-4000-8000-000000000000', {
      hideFromOutlookClients: true
    });
    expect(unknown.status).toBe(404);
  });
});
