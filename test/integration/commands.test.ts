// Chat commands in local mode (anonymous Bot Framework, LocalTokenProvider): the bot answers
// in the same HTTP exchange (deliveryMode expectReplies). GRAPH_BASE_URL points at the real
// Graph URL, nocked (local mode would otherwise use its loopback sandbox); the bearer is the
// local `sandbox.<object id>` token.
import nock from 'nock';
import { useTestBot } from '../helpers/test-bot';
import { ALICE } from '../helpers/entra';
import { cardAttachments, fixture, type Activity } from '../helpers/fixtures';
import { GRAPH, nockMyGroups, nockOutlookVisibility, type Group } from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { actionTitles, cardTexts, cardTitle, facts, findAction, findInput, inputValues } from '../helpers/card-readers';
import { describeError } from '../../src/core/describe-error';
import { AppError } from '../../src/core/errors';
import { notice, say } from '../../src/core/words';

const TOKEN = `sandbox.${ALICE.aadObjectId.toLowerCase()}`;
const TEAM_GROUP_ID = 'c0ffee00-0000-4000-8000-0000000000c2';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GROUPS_PATH = '/v1.0/me/memberOf/microsoft.graph.group';
const LOCAL_GRAPH = `${GRAPH}/v1.0`;

// Deliberately out of order and mixed case: the form must list them by name.
const GROUPS: Group[] = [
  { id: 'c0ffee00-0000-4000-8000-000000000003', displayName: 'zeta Project' },
  { id: TEAM_GROUP_ID, displayName: 'Engineering', mail: 'engineering@contoso.test' },
  { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' },
  { id: 'c0ffee00-0000-4000-8000-000000000002', displayName: 'accounting' }
];
const SORTED = [GROUPS[3], GROUPS[1], GROUPS[2], GROUPS[0]].map((g) => ({ title: g.displayName, value: g.id }));

function message(text: string, patch: (a: Activity) => void = () => undefined): Activity {
  return fixture('message-new', (a) => {
    a.text = text;
    a.deliveryMode = 'expectReplies';
    patch(a);
  });
}

function channelMention(patch: (a: Activity) => void = () => undefined): Activity {
  return fixture('channel-mention-new', (a) => {
    a.deliveryMode = 'expectReplies';
    patch(a);
  });
}

describe('Local mode: chat commands', () => {
  // Local mode, but against the real Graph URL (nocked) rather than the loopback sandbox.
  const bot = useTestBot({ env: { GRAPH_BASE_URL: LOCAL_GRAPH } });

  /** Sends one activity and returns the Adaptive Cards the bot replied with. */
  async function cards(activity: Activity): Promise<any[]> {
    const res = await bot.post('/api/messages', activity);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body?.activities)).toBe(true);
    const found = cardAttachments(res.body.activities);
    found.forEach(assertValidCard);
    return found;
  }

  /** The single form card the bot sent, checked for the parts every form has. */
  async function form(activity: Activity): Promise<any> {
    const replies = await cards(activity);
    expect(replies).toHaveLength(1);
    const card = replies[0];
    expect(findInput(card, 'groupId')?.type).toBe('Input.ChoiceSet');
    const post = findAction(card, 'createConversation');
    expect(post.type).toBe('Action.Execute');
    expect(post.data.draftId).toMatch(GUID);
    // The people picker: a Data.Query over Graph users (Teams 1.6 dynamic typeahead).
    expect(findInput(card, 'participants')).toMatchObject({
      type: 'Input.ChoiceSet',
      isMultiSelect: true,
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' }
    });
    return card;
  }

  const groupInputOf = (card: unknown) => findInput(card, 'groupId') as Record<string, any>;
  const draftIdOf = (card: unknown) => findAction(card, 'createConversation').data.draftId as string;

  it.each(['new', 'post', 'New Conversation', '  NEW  ', 'new\tconversation'])(
    '"%s" → the form, groups sorted by name, no default group in a personal chat',
    async (text) => {
      const graph = nockMyGroups(TOKEN, GROUPS);
      const card = await form(message(text));
      expect(graph.isDone()).toBe(true);
      const groupInput = groupInputOf(card);
      expect(groupInput.choices).toEqual(SORTED);
      expect(groupInput.value).toBe('');
    }
  );

  it('a channel @mention "New Conversation" → the form on the team\'s group alone, preselected', async () => {
    const graph = nockMyGroups(TOKEN, GROUPS);
    // The group is known as the form opens: whether it is hidden from Outlook is read too (issue 17).
    const flag = nockOutlookVisibility(TOKEN, TEAM_GROUP_ID, false);
    const card = await form(channelMention());
    expect(graph.isDone()).toBe(true);
    expect(flag.isDone()).toBe(true);
    const groupInput = groupInputOf(card);
    // Everyone in the channel reads the form: never the person's other groups (shared-audience-commands).
    expect(groupInput.choices).toEqual([{ title: 'Engineering', value: TEAM_GROUP_ID }]);
    expect(groupInput.value).toBe(TEAM_GROUP_ID);
  });

  it("the team's group id is matched case-insensitively", async () => {
    nockMyGroups(TOKEN, GROUPS);
    const flag = nockOutlookVisibility(TOKEN, TEAM_GROUP_ID, false);
    const card = await form(channelMention((a) => (a.channelData.team.aadGroupId = TEAM_GROUP_ID.toUpperCase())));
    expect(groupInputOf(card).value.toLowerCase()).toBe(TEAM_GROUP_ID);
    expect(flag.isDone()).toBe(true);
  });

  it("in a channel whose team group is not among the person's groups, no form: the 1:1 chat", async () => {
    nockMyGroups(
      TOKEN,
      GROUPS.filter((g) => g.id !== TEAM_GROUP_ID)
    );
    const [card] = await cards(channelMention());
    expect(cardTitle(card)).toBe(notice('notice.teamGroupNotYours').title);
    expect(inputValues(card)).toEqual({});
  });

  it('every form gets its own GUID draftId', async () => {
    nockMyGroups(TOKEN, GROUPS);
    nockMyGroups(TOKEN, GROUPS);
    const first = draftIdOf(await form(message('new')));
    const second = draftIdOf(await form(message('new')));
    expect(first).toMatch(GUID);
    expect(second).toMatch(GUID);
    expect(second).not.toBe(first);
    // The Action.Submit fallback carries the same draftId.
    const card = await (async () => {
      nockMyGroups(TOKEN, GROUPS);
      return form(message('new'));
    })();
    expect(findAction(card, 'createConversation').fallback).toMatchObject({
      type: 'Action.Submit',
      data: { verb: 'createConversation', draftId: draftIdOf(card) }
    });
  });

  it('the sandbox token is built from the lower-cased object id', async () => {
    const graph = nockMyGroups(TOKEN, GROUPS);
    await form(message('new', (a) => (a.from.aadObjectId = ALICE.aadObjectId.toUpperCase())));
    expect(graph.isDone()).toBe(true);
  });

  it('groups on two pages (@odata.nextLink on the Graph origin) are all listed', async () => {
    const page2 = `${GRAPH}${GROUPS_PATH}?$skiptoken=RFNwdAIAAQAAAD8`;
    const first = nockMyGroups(TOKEN, [], {
      body: {
        value: GROUPS.slice(0, 2).map((g) => ({ groupTypes: ['Unified'], visibility: 'Public', ...g })),
        '@odata.nextLink': page2
      }
    });
    const second = nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}`, consistencylevel: 'eventual' } })
      .get(GROUPS_PATH)
      .query({ $skiptoken: 'RFNwdAIAAQAAAD8' })
      .reply(200, { value: GROUPS.slice(2).map((g) => ({ groupTypes: ['Unified'], visibility: 'Private', ...g })) });
    const card = await form(message('new'));
    expect(first.isDone()).toBe(true);
    expect(second.isDone()).toBe(true);
    expect(groupInputOf(card).choices).toEqual(SORTED);
  });

  it('a person with no Microsoft 365 group → a notice, no form', async () => {
    const graph = nockMyGroups(TOKEN, []);
    const replies = await cards(message('new'));
    expect(graph.isDone()).toBe(true);
    expect(replies).toHaveLength(1);
    expect(inputValues(replies[0])).toEqual({});
    expect(actionTitles(replies[0])).toEqual([]);
    expect(cardTexts(replies[0]).join(' ')).toContain(notice('error.no_groups').text);
  });

  it('"help" → the help card listing new, post, list and help (no Graph call)', async () => {
    const replies = await cards(message('help'));
    expect(replies).toHaveLength(1);
    const help = facts(replies[0]);
    expect(help.map((f) => f.title)).toEqual(['new', 'list', 'follow', 'subscribe', 'signout', 'help']);
    expect(help[0].value).toMatch(/\bpost\b/);
    expect(help[0].value).toMatch(/new conversation/);
    expect(inputValues(replies[0])).toEqual({});
  });

  it('" HELP " is help too', async () => {
    const replies = await cards(message(' HELP '));
    expect(cardTexts(replies[0])).toContain(say('help.commands'));
  });

  it('unknown text → a notice pointing to **new** and **help**', async () => {
    const replies = await cards(message('hello'));
    expect(replies).toHaveLength(1);
    const text = cardTexts(replies[0]).join('\n');
    expect(text).toContain('**new**');
    expect(text).toContain('**help**');
    expect(inputValues(replies[0])).toEqual({});
  });

  it('a command word inside a sentence is not a command', async () => {
    const replies = await cards(message('please make a new one'));
    expect(inputValues(replies[0])).toEqual({});
    expect(cardTexts(replies[0]).join('\n')).toContain('**help**');
  });

  it('the bot being added → the welcome card', async () => {
    const replies = await cards(fixture('conversation-update-bot-added', (a) => (a.deliveryMode = 'expectReplies')));
    expect(replies).toHaveLength(1);
    expect(cardTexts(replies[0])).toContain(say('welcome.title'));
    expect(cardTexts(replies[0]).join('\n')).toContain('**new**');
  });

  it('someone else being added → no welcome card', async () => {
    const replies = await cards(
      fixture('conversation-update-bot-added', (a) => {
        a.deliveryMode = 'expectReplies';
        a.membersAdded = [{ id: '29:someone' }];
      })
    );
    expect(replies).toEqual([]);
  });

  it('"new" from someone without an Entra object id → a notice, no Graph call, no crash', async () => {
    const graph = nockMyGroups(TOKEN, GROUPS);
    const replies = await cards(message('new', (a) => delete a.from.aadObjectId));
    expect(replies).toHaveLength(1);
    expect(inputValues(replies[0])).toEqual({});
    expect(cardTitle(replies[0])).toBe(notice('notice.accountNeeded').title);
    expect(graph.isDone()).toBe(false);
    // And the bot still works afterwards.
    expect(cardTexts((await cards(message('help')))[0])).toContain(say('help.commands'));
  });

  it.each([
    [403, 'access_denied'],
    [503, 'graph_unavailable'],
    [429, 'throttled'],
    [401, 'sign_in_required']
  ] as const)(
    'Graph answering %i to the group list → a notice titled as describeError says, no crash',
    async (status, code) => {
      // Four identical failures on offer: reads are retried on 429/5xx (backoff), never on 401/403.
      const scopes = Array.from({ length: 4 }, () =>
        nockMyGroups(TOKEN, [], {
          status,
          body: {
            error: {
              code: 'SomeGraphCode',
              message: 'failed',
              innerError: { 'request-id': 'req-1', date: '2026-11-27T10:00:00' }
            }
          }
        })
      );
      const replies = await cards(message('new'));
      expect(scopes.filter((s) => s.isDone()).length).toBe(status === 429 || status === 503 ? 4 : 1);
      expect(replies).toHaveLength(1);
      expect(inputValues(replies[0])).toEqual({});
      expect(cardTitle(replies[0])).toBe(describeError(new AppError(code, 'x'), 'open-form').title);
      const serialized = JSON.stringify(replies[0]);
      expect(serialized).not.toContain('SomeGraphCode');
      expect(serialized).not.toContain('req-1');
      expect(bot.logs.some((l) => l.includes('could not open the form'))).toBe(true);
    }
  );

  it('Graph failing with 503 says Microsoft 365 is not answering, and the next "new" works', async () => {
    nockMyGroups(TOKEN, [], { status: 503, body: '' });
    const replies = await cards(message('new'));
    expect(cardTitle(replies[0])).toBe(notice('error.graph_unavailable.open', { command: 'new' }).title);
    nockMyGroups(TOKEN, GROUPS);
    await form(message('new'));
  });

  it('a nextLink to another origin is not followed (the token stays on Graph)', async () => {
    nockMyGroups(TOKEN, [], {
      body: {
        value: GROUPS.slice(0, 1).map((g) => ({ groupTypes: ['Unified'], ...g })),
        '@odata.nextLink': 'https://evil.example.test/v1.0/next'
      }
    });
    const evil = nock('https://evil.example.test').get(/.*/).reply(200, { value: [] });
    const replies = await cards(message('new'));
    expect(evil.isDone()).toBe(false);
    expect(inputValues(replies[0])).toEqual({});
    expect(cardTitle(replies[0])).toBe(notice('error.graph_unavailable.open', { command: 'new' }).title);
  });
});
