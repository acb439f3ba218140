// The group picker's typeahead (`application/search` on the bot's own dataset), in local mode with
// Graph nock'd: the acting person's own groups only, read with their own token (the sandbox token
// of from.aadObjectId) and cached for a minute while they type; failures answer in the documented
// shape (useTestBot's post checks each answer against invoke-contract-search.ts).
import { useTestBot } from '../helpers/test-bot';
import { fixture, type Activity } from '../helpers/fixtures';
import { GRAPH, nockMyGroups, type Group } from '../helpers/graph-nock';
import { notice } from '../../src/core/words';

const ALICE = 'a11ce000-0000-4000-8000-00000000a11c';
const BOB = 'b0b00000-0000-4000-8000-000000000b0b';
const group = (n: number, displayName: string): Group => ({
  id: `c0ffee00-0000-4000-8000-${String(n).padStart(12, '0')}`,
  displayName
});
const ALICES = [group(1, 'Marketing'), group(2, 'Market research'), group(3, 'Sales')];
const BOBS = [group(9, 'Marketing leads')];

const search = (queryText: string, patch: (a: Activity) => void = () => undefined) =>
  fixture('invoke-group-search', (a) => {
    a.value.queryText = queryText;
    patch(a);
  });
const results = (body: any) => body.value.results;

describe('Local mode: the group typeahead (application/search)', () => {
  const bot = useTestBot({ env: { GRAPH_BASE_URL: `${GRAPH}/v1.0` } });

  it("answers the person's own matching groups, read once with their token while they type", async () => {
    const graph = nockMyGroups(`sandbox.${ALICE}`, ALICES);
    const first = await bot.post('/api/messages', search('MARKET'));
    expect(graph.isDone()).toBe(true);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.search.searchResponse',
      value: {
        results: [
          { title: 'Market research', value: ALICES[1]?.id },
          { title: 'Marketing', value: ALICES[0]?.id }
        ]
      }
    });
    // The next keystroke: no Graph call (nock would refuse an unexpected one).
    expect(results((await bot.post('/api/messages', search('sal'))).body)).toEqual([
      { title: 'Sales', value: ALICES[2]?.id }
    ]);
  });

  it("another person gets their own groups, never the first person's cached list", async () => {
    nockMyGroups(`sandbox.${ALICE}`, ALICES);
    await bot.post('/api/messages', search('market'));
    const bobs = nockMyGroups(`sandbox.${BOB}`, BOBS);
    const res = await bot.post(
      '/api/messages',
      search('market', (a) => (a.from.aadObjectId = BOB))
    );
    expect(bobs.isDone()).toBe(true);
    expect(results(res.body)).toEqual([{ title: 'Marketing leads', value: BOBS[0]?.id }]);
  });

  it('Graph failing: no matches (the static choices and `list <name>` still work), logged', async () => {
    nockMyGroups(`sandbox.${ALICE}`, [], { status: 403, body: { error: { code: 'Forbidden', message: 'no' } } });
    const res = await bot.post('/api/messages', search('market'));
    expect(res.body).toMatchObject({ statusCode: 200, value: { results: [] } });
    expect(bot.logs.some((l) => l.includes('could not list the groups to search'))).toBe(true);
  });

  it('a sender without an Entra identity is refused in the documented error shape, without Graph', async () => {
    const res = await bot.post(
      '/api/messages',
      search('market', (a) => delete a.from.aadObjectId)
    );
    expect(res.body).toEqual({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'no_user', message: notice('notice.accountNeeded').text }
    });
  });

  it('a dataset that is not the bot’s own is not handled (400 at the edge)', async () => {
    const res = await bot.post(
      '/api/messages',
      search('market', (a) => (a.value.dataset = 'graph.microsoft.com/users'))
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unsupported_invoke');
  });
});
