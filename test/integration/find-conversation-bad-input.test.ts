// The compose box's search (issue 17) given what no Teams client sends: hostile or malformed query
// and selectItem values, in local mode against the Graph sandbox. Each is answered 200 with a
// documented answer (useTestBot's post() checks the invoke contract on every one), never a 5xx, and
// the bot goes on answering.
import { useTestBot } from '../helpers/test-bot';
import { fixture, type Activity } from '../helpers/fixtures';
import { PATHOLOGICAL_TEXTS } from '../helpers/pathological-texts';
import { say } from '../../src/core/words';
import { CURRENT_USER_ID, SEED_GROUP_IDS as G, SEED_USER_IDS as U } from '../../src/sandbox';
import { useVariantSandbox } from '../helpers/sandbox-control';
import { sandboxVariant } from '../helpers/sandbox-variant';

const invoke = (name: string, value: unknown, patch: (a: Activity) => void = () => undefined): Activity =>
  fixture('invoke-message-action-fetch', (a) => {
    a.name = name;
    a.from.aadObjectId = CURRENT_USER_ID;
    a.value = value;
    patch(a);
  });
const query = (parameters: unknown, queryOptions: unknown = { skip: 0, count: 25 }) =>
  invoke('composeExtension/query', { commandId: 'findConversation', parameters, queryOptions });

describe(`Local mode: the compose box search given hostile input (${sandboxVariant().name})`, () => {
  const sb = useVariantSandbox();
  beforeAll(async () => {
    await sb.control('POST', `/groups/${G.marketing}/conversations`, {
      as: U.megan,
      topic: 'Q3 budget review',
      body: 'Numbers are in.'
    });
  });
  const bot = useTestBot({ per: 'describe', env: () => ({ GRAPH_BASE_URL: sb.baseUrl, ...sandboxVariant().botEnv }) });

  const answered = async (activity: Activity): Promise<Record<string, any>> => {
    const res = await bot.post('/api/messages', activity);
    expect(res.status).toBe(200);
    return res.body.composeExtension;
  };

  it.each([
    ['parameters missing', undefined],
    ['parameters an object', { name: 'query', value: 'budget' }],
    ['a parameter that is a number', [{ name: 'query', value: 42 }]],
    ['an unknown parameter', [{ name: 'toString', value: 'budget' }]],
    ['a 100k-character query', [{ name: 'query', value: 'budget '.repeat(15_000) }]],
    ['proto keys', JSON.parse('[{"__proto__": {"polluted": 1}, "name": "query", "value": "budget"}]')]
  ])('query with %s: a documented answer', async (_name, parameters) => {
    const answer = await answered(query(parameters));
    expect(['result', 'message']).toContain(answer.type);
  });

  it.each(PATHOLOGICAL_TEXTS)('query words "%s": a documented answer', async (_name, text) => {
    const answer = await answered(query([{ name: 'query', value: text }]));
    expect(['result', 'message']).toContain(answer.type);
  });

  it.each([
    ['queryOptions a string', 'skip=5'],
    ['negative skip', { skip: -5, count: 25 }],
    ['huge count', { skip: 0, count: 1e9 }],
    ['skip not a number', { skip: '10', count: 'x' }]
  ])('%s: the first results, as if none were given', async (_name, options) => {
    const answer = await answered(query([{ name: 'query', value: 'budget' }], options));
    expect(answer.attachments.map((a: any) => a.preview.content.title)).toEqual(['Q3 budget review']);
  });

  it.each([
    ['no value', undefined],
    ['an array', []],
    ['ids that are paths', { commandId: 'findConversation', groupId: '../../me', conversationId: '/x/../y' }],
    ['ids that are objects', { commandId: 'findConversation', groupId: { a: 1 }, conversationId: [1] }],
    ['a huge conversation id', { commandId: 'findConversation', groupId: G.marketing, conversationId: 'A'.repeat(1e5) }]
  ])('selectItem with %s: found nothing, said so (or not ours: refused at the edge)', async (_name, value) => {
    const res = await bot.post('/api/messages', invoke('composeExtension/selectItem', value));
    if (res.status === 200)
      expect(res.body.composeExtension).toEqual({ type: 'message', text: say('search.notFound') });
    else expect(res.status).toBe(400);
  });

  it('still answers afterwards', async () => {
    const answer = await answered(query([{ name: 'query', value: 'budget' }]));
    expect(answer.attachments).toHaveLength(1);
  });
});
