// Reading whether a group is hidden from Outlook (issue 17) against nock: the exact request (one
// group, `$select` naming the flag, the only way Graph returns it), and the directory's cache of
// the answer per group (time passed in).
import nock from 'nock';
import { createGroupDirectory } from '../../../src/core/group-directory';
import type { GraphClient } from '../../../src/graph/graph-client';
import { createHttpGraphClient } from '../../../src/graph/http-graph-client';

const GRAPH = 'https://graph.microsoft.com';
const BASE = `${GRAPH}/v1.0`;
const TOKEN = 'tok';
const GROUP_ID = '0b7f4a52-8e3c-4d4e-9b1a-2f6f0c1d2e3a';
const OTHER_ID = '1c8f4a52-8e3c-4d4e-9b1a-2f6f0c1d2e3b';

const client = () => createHttpGraphClient({ baseUrl: BASE });

afterEach(() => nock.cleanAll());

describe('isHiddenFromOutlook', () => {
  it('GETs the one group with exactly $select=id,hideFromOutlookClients, as the person', async () => {
    let query: unknown;
    const scope = nock(GRAPH)
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .get(`/v1.0/groups/${GROUP_ID}`)
      .query((q) => {
        query = q;
        return true;
      })
      .reply(200, { id: GROUP_ID, hideFromOutlookClients: true });
    await expect(client().isHiddenFromOutlook(TOKEN, GROUP_ID)).resolves.toBe(true);
    expect(query).toEqual({ $select: 'id,hideFromOutlookClients' });
    expect(scope.isDone()).toBe(true);
  });

  it('false is false; an answer without the flag (null, as a list gives) is graph_unavailable', async () => {
    nock(GRAPH)
      .get(`/v1.0/groups/${GROUP_ID}`)
      .query({ $select: 'id,hideFromOutlookClients' })
      .reply(200, { id: GROUP_ID, hideFromOutlookClients: false });
    await expect(client().isHiddenFromOutlook(TOKEN, GROUP_ID)).resolves.toBe(false);
    nock(GRAPH)
      .get(`/v1.0/groups/${GROUP_ID}`)
      .query({ $select: 'id,hideFromOutlookClients' })
      .reply(200, { id: GROUP_ID, hideFromOutlookClients: null });
    await expect(client().isHiddenFromOutlook(TOKEN, GROUP_ID)).rejects.toMatchObject({ code: 'graph_unavailable' });
  });

  it('a refusal is a typed error with its status, so the caller can log it and post anyway', async () => {
    nock(GRAPH)
      .get(`/v1.0/groups/${GROUP_ID}`)
      .query(true)
      .reply(404, { error: { code: 'Request_ResourceNotFound', message: 'gone' } });
    await expect(client().isHiddenFromOutlook(TOKEN, GROUP_ID)).rejects.toMatchObject({ status: 404 });
  });
});

describe('the group directory keeps the flag per group', () => {
  it('for five minutes, for anyone; then reads again; a failed read is not kept', async () => {
    const asked: Array<[string, string]> = [];
    let answer: () => Promise<boolean> = async () => true;
    const graph = {
      isHiddenFromOutlook: (token: string, groupId: string) => {
        asked.push([token, groupId]);
        return answer();
      }
    } as unknown as GraphClient;
    const clock = { now: 0 };
    const directory = createGroupDirectory(graph, () => clock.now);
    expect(await directory.hiddenFromOutlook('t1', GROUP_ID)).toBe(true);
    clock.now = 5 * 60_000 - 1;
    expect(await directory.hiddenFromOutlook('t2', GROUP_ID.toUpperCase())).toBe(true);
    expect(asked).toEqual([['t1', GROUP_ID]]);
    expect(await directory.hiddenFromOutlook('t2', OTHER_ID)).toBe(true);
    clock.now = 5 * 60_000;
    answer = () => Promise.reject(new Error('graph down'));
    await expect(directory.hiddenFromOutlook('t3', GROUP_ID)).rejects.toThrow('graph down');
    answer = async () => false;
    expect(await directory.hiddenFromOutlook('t3', GROUP_ID)).toBe(false);
    expect(asked.map(([, g]) => g)).toEqual([GROUP_ID, OTHER_ID, GROUP_ID, GROUP_ID]);
  });

  it('is bounded: past its size the oldest group is read again', async () => {
    let reads = 0;
    const graph = {
      isHiddenFromOutlook: async () => {
        reads++;
        return false;
      }
    } as unknown as GraphClient;
    const directory = createGroupDirectory(graph, () => 0, undefined, undefined, undefined, undefined, 60_000, 2);
    await directory.hiddenFromOutlook('t', GROUP_ID);
    await directory.hiddenFromOutlook('t', OTHER_ID);
    await directory.hiddenFromOutlook('t', '2d8f4a52-8e3c-4d4e-9b1a-2f6f0c1d2e3c');
    await directory.hiddenFromOutlook('t', OTHER_ID);
    expect(reads).toBe(3);
    await directory.hiddenFromOutlook('t', GROUP_ID);
    expect(reads).toBe(4);
  });
});
