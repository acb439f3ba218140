// Outside a 1:1 chat everyone reads the bot's answers (issue 11): `new` offers only the team's own
// group (a group chat: none, one click to the 1:1 chat), and `list` of any group but the team's own
// answers "open our 1:1 chat" without a token or a Graph call. Local mode, Graph nocked.
import nock from 'nock';
import { useTestBot } from '../helpers/test-bot';
import { ALICE } from '../helpers/entra';
import { cardAttachments, fixture, type Activity } from '../helpers/fixtures';
import { GRAPH, nockGetGroup, nockMyGroups, nockOutlookVisibility, type Group } from '../helpers/graph-nock';
import { conversation, nockListConversations } from '../helpers/conversation-nock';
import { cardTexts, cardTitle, findInput, inputValues, openUrls } from '../helpers/card-readers';
import { notice, say } from '../../src/core/words';

const TOKEN = `sandbox.${ALICE.aadObjectId}`;
const TEAM_GROUP_ID = 'c0ffee00-0000-4000-8000-0000000000c2';
const BOT_USER = '28:2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const GROUPS: Group[] = [
  { id: TEAM_GROUP_ID, displayName: 'Engineering', mail: 'engineering@contoso.test' },
  { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' },
  { id: 'c0ffee00-0000-4000-8000-000000000009', displayName: 'Leadership (private)' }
];
const chatLink = (command: string) =>
  `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(BOT_USER)}&message=${command}`;

function inChannel(text: string, patch: (a: Activity) => void = () => undefined): Activity {
  return fixture('channel-mention-new', (a) => {
    a.deliveryMode = 'expectReplies';
    a.text = `<at>Group Conversations</at> ${text}`;
    a.channelData.team.name = 'Engineering';
    patch(a);
  });
}

function inGroupChat(text: string): Activity {
  return fixture('message-new', (a) => {
    a.deliveryMode = 'expectReplies';
    a.text = text;
    a.conversation = { ...a.conversation, conversationType: 'groupChat', isGroup: true, id: '19:chat@thread.v2' };
  });
}

/** Any request to Graph at all, to show that none went out. */
function anyGraph(): nock.Scope {
  return nock(GRAPH).get(/.*/).reply(500, {}).post(/.*/).reply(500, {});
}

describe('Local mode: commands in a channel or group chat show nothing personal', () => {
  const bot = useTestBot({ env: { GRAPH_BASE_URL: `${GRAPH}/v1.0` } });

  async function only(activity: Activity): Promise<any> {
    const res = await bot.post('/api/messages', activity);
    expect(res.status).toBe(200);
    const cards = cardAttachments(res.body.activities);
    expect(cards).toHaveLength(1);
    return cards[0];
  }

  it("'new' in a channel: the form offers the team's group alone, never the person's other groups", async () => {
    const graph = nockMyGroups(TOKEN, GROUPS);
    // The team's group is hidden from Outlook (issue 17): a setting of that group, said to the channel.
    const flag = nockOutlookVisibility(TOKEN, TEAM_GROUP_ID, true);
    const card = await only(inChannel('new'));
    expect(graph.isDone()).toBe(true);
    expect(flag.isDone()).toBe(true);
    const group = findInput(card, 'groupId') as Record<string, any>;
    expect(group.choices).toEqual([{ title: 'Engineering', value: TEAM_GROUP_ID }]);
    expect(group.value).toBe(TEAM_GROUP_ID);
    expect(cardTexts(card)).toContain(say('hidden.title', { group: 'Engineering' }));
    const everything = JSON.stringify(card);
    for (const other of GROUPS.slice(1)) {
      expect(everything).not.toContain(other.displayName);
      expect(everything).not.toContain(other.id);
    }
  });

  it(
    "a channel message that does not name the team's group: it is " + 'read from the Bot Connector, once per team',
    async () => {
      const teamDetails = nock('http://localhost:56150')
        .get(`/_connector/v3/teams/${encodeURIComponent('19:team-general@thread.tacv2')}`)
        .reply(200, { id: '19:team-general@thread.tacv2', name: 'Engineering', aadGroupId: TEAM_GROUP_ID });
      const withoutGroup = (a: Activity) => {
        a.channelData.team = { id: '19:team-general@thread.tacv2' };
      };
      // Read once, then kept per group: the second form asks Graph only for the person's groups.
      const flag = nockOutlookVisibility(TOKEN, TEAM_GROUP_ID, false);
      for (let i = 0; i < 2; i++) {
        nockMyGroups(TOKEN, GROUPS);
        const card = await only(inChannel('new', withoutGroup));
        const group = findInput(card, 'groupId') as Record<string, any>;
        expect(group.choices).toEqual([{ title: 'Engineering', value: TEAM_GROUP_ID }]);
      }
      expect(teamDetails.isDone()).toBe(true);
      expect(flag.isDone()).toBe(true);
    }
  );

  it("'new' in a channel whose team group the person is not in: no form, one click to the 1:1 chat", async () => {
    nockMyGroups(
      TOKEN,
      GROUPS.filter((g) => g.id !== TEAM_GROUP_ID)
    );
    const card = await only(inChannel('new'));
    expect(cardTexts(card)).toEqual(Object.values(notice('notice.teamGroupNotYours')));
    expect(openUrls(card)).toEqual([chatLink('new')]);
    expect(inputValues(card)).toEqual({});
    expect(JSON.stringify(card)).not.toContain('Marketing');
  });

  it("'new' in a group chat, even with a token: no form, no Graph call, one click to the 1:1 chat", async () => {
    const graph = anyGraph();
    const card = await only(inGroupChat('new'));
    expect(graph.isDone()).toBe(false);
    expect(cardTitle(card)).toBe(say('continueInChat.title'));
    expect(openUrls(card)).toEqual([chatLink('new')]);
    expect(inputValues(card)).toEqual({});
  });

  it.each([
    ['another group by name, in a channel', () => inChannel('list Marketing')],
    ["a name that is not the team's, in a channel", () => inChannel('list Leader')],
    ['the plain list, in a group chat', () => inGroupChat('list')],
    ['a group by name, in a group chat', () => inGroupChat('list Engineering')]
  ])('list of %s → "open our 1:1 chat" with the deep link, and no Graph call at all', async (_name, activity) => {
    const graph = anyGraph();
    const card = await only(activity());
    expect(graph.isDone()).toBe(false);
    expect(nock.pendingMocks()).toHaveLength(2);
    expect(cardTexts(card)).toEqual(Object.values(notice('notice.listInOurChat')));
    expect(openUrls(card)).toEqual([chatLink('list')]);
  });

  it.each([
    ['list', 'list'],
    ["list with the team's name, in any case", 'list  engineering']
  ])("%s in the team's channel → the team's group, as before", async (_name, text) => {
    nockGetGroup(TOKEN, { id: TEAM_GROUP_ID, displayName: 'Engineering' });
    const list = nockListConversations(TOKEN, TEAM_GROUP_ID, { value: [conversation(1)] });
    const card = await only(inChannel(text));
    expect(list.isDone()).toBe(true);
    expect(cardTitle(card)).toBe(say('list.title', { group: 'Engineering' }));
  });
});
