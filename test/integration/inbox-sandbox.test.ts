// Following a group in one's own inbox (issue 17) at the HTTP edge, in local mode against the Graph
// sandbox (no nock for Graph): `subscribe` / `unsubscribe` in the 1:1 chat and their answer's
// button, the "Get these by email" button of the confirmation and list cards, a non-member's and an
// unknown name's words, and a channel's rule (the team's group, else the 1:1 chat). The sandbox's
// state says who gets each group's mail.
import { useTestBot } from '../helpers/test-bot';
import { createInvoke, type Activity } from '../helpers/fixtures';
import { cardAction } from '../helpers/conversation-nock';
import { assertValidCard } from '../helpers/card-schema';
import { buttonsFor, cardTitle, findAction, openUrls } from '../helpers/card-readers';
import { notice, say } from '../../src/core/words';
import { CURRENT_USER_ID, SEED_GROUP_IDS as G, TEAM_GROUP_ID, type GraphSandbox } from '../../src/sandbox';
import { startVariantSandbox } from '../helpers/sandbox-control';
import { sandboxVariant } from '../helpers/sandbox-variant';
import { typedCard } from '../helpers/typed-card';

type Node = Record<string, any>;
const asAlex = (a: Activity) => {
  a.from.aadObjectId = CURRENT_USER_ID;
};

describe(`Local mode against the Graph sandbox: a group in your inbox (${sandboxVariant().name})`, () => {
  let sandbox: GraphSandbox;
  let origin: string;
  let baseUrl: string;

  beforeAll(async () => {
    ({ sandbox, origin, baseUrl } = await startVariantSandbox());
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(async () => {
    await fetch(`${origin}/_sandbox/reset`, { method: 'POST' });
    await fetch(`${origin}/_sandbox/stats/reset`, { method: 'POST' });
  });
  const bot = useTestBot({ per: 'describe', env: () => ({ GRAPH_BASE_URL: baseUrl, ...sandboxVariant().botEnv }) });

  async function invoke(activity: Activity): Promise<Node> {
    const res = await bot.post('/api/messages', activity);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    assertValidCard(res.body.value);
    return res.body.value;
  }

  const typed = (text: string, patch: (a: Activity) => void = asAlex): Promise<Node> =>
    typedCard(bot, text, (a) => {
      asAlex(a);
      patch(a);
    });

  const subscribers = async (groupId: string): Promise<string[]> => {
    const state = (await (await fetch(`${origin}/_sandbox/state`)).json()) as Node;
    return state.groups.find((g: Node) => g.id === groupId).mailSubscribers;
  };
  const posts = async (action: 'subscribeByMail' | 'unsubscribeByMail'): Promise<number> => {
    const stats = (await (await fetch(`${origin}/_sandbox/stats`)).json()) as Node;
    return stats.byRoute[`POST /groups/{id}/${action}`] ?? 0;
  };

  it('subscribe <group> puts it in your inbox; its Stop emails button and unsubscribe take it out', async () => {
    const on = await typed('subscribe marketing');
    expect(cardTitle(on)).toBe(say('inbox.onTitle', { group: 'Marketing' }));
    const stop = findAction(on, 'mailSubscription');
    expect(stop).toMatchObject({ type: 'Action.Execute', title: say('button.unsubscribeByMail') });
    expect(stop.data).toEqual({ groupId: G.marketing, op: 'off' });
    expect(stop.fallback).toMatchObject({ type: 'Action.Submit', data: { verb: 'mailSubscription', ...stop.data } });
    expect(await subscribers(G.marketing)).toEqual([CURRENT_USER_ID]);

    const off = await invoke(cardAction('mailSubscription', stop.data, asAlex));
    expect(cardTitle(off)).toBe(say('inbox.offTitle', { group: 'Marketing' }));
    expect(findAction(off, 'mailSubscription').data).toEqual({ groupId: G.marketing, op: 'on' });
    expect(await subscribers(G.marketing)).toEqual([]);

    await typed('Subscribe  Product launch');
    expect(await subscribers(G.productLaunch)).toEqual([CURRENT_USER_ID]);
    const typedOff = await typed('unsubscribe product launch');
    expect(cardTitle(typedOff)).toBe(say('inbox.offTitle', { group: 'Product launch' }));
    expect(await subscribers(G.productLaunch)).toEqual([]);
  });

  it('an unknown name is "No such group"; a missing one asks which; nothing changes', async () => {
    const none = await typed('subscribe Nonexistent group');
    expect(cardTitle(none)).toBe('No such group');
    expect(cardTitle(await typed('subscribe'))).toBe(say('inbox.whichTitle'));
    // Alex is not in Design guild: his own group list does not offer it by name either
    expect(cardTitle(await typed('subscribe design guild'))).toBe('No such group');
    expect(await posts('subscribeByMail')).toBe(0);
  });

  it("a non-member's press is refused by Graph and said in words; damaged card data changes nothing", async () => {
    const refused = await invoke(cardAction('mailSubscription', { groupId: G.designGuild, op: 'on' }, asAlex));
    expect(cardTitle(refused)).toBe(say('inbox.notMemberTitle', { group: 'Design guild' }));
    expect(await subscribers(G.designGuild)).toEqual([]);
    const unknownGroup = await invoke(
      cardAction('mailSubscription', { groupId: '00000000-0000-4000-8000-000000000000', op: 'on' }, asAlex)
    );
    expect(cardTitle(unknownGroup)).toBe(notice('error.group_not_found').title);
    const damaged = await invoke(cardAction('mailSubscription', { groupId: G.marketing, op: 'toggle' }, asAlex));
    expect(cardTitle(damaged)).toBe('Pick a group');
    expect(await subscribers(G.marketing)).toEqual([]);
  });

  it('the confirmation card offers Get these by email: the press reads the state, then subscribes once', async () => {
    const posted = await invoke(
      createInvoke(
        { groupId: G.productLaunch, topic: 'Launch date', body: 'Friday.', participants: '', otherEmails: '' },
        asAlex
      )
    );
    const get = findAction(posted, 'mailSubscription');
    expect(get).toMatchObject({ type: 'Action.Execute', title: say('button.subscribeByMail') });
    expect(get.data).toEqual({ groupId: G.productLaunch, op: 'on' });
    const on = await invoke(cardAction('mailSubscription', get.data, asAlex));
    expect(cardTitle(on)).toBe(say('inbox.onTitle', { group: 'Product launch' }));
    expect(await subscribers(G.productLaunch)).toEqual([CURRENT_USER_ID]);
    // Pressed again (the old card): already so, no second write
    const again = await invoke(cardAction('mailSubscription', get.data, asAlex));
    expect(cardTitle(again)).toBe(say('inbox.onTitle', { group: 'Product launch' }));
    expect(await posts('subscribeByMail')).toBe(1);
  });

  it('the list card offers Get these by email for the listed group', async () => {
    const list = await typed('list marketing');
    expect(cardTitle(list)).toBe(say('list.title', { group: 'Marketing' }));
    const [get] = buttonsFor(list, 'mailSubscription');
    expect(get.data).toEqual({ groupId: G.marketing, op: 'on' });
    const on = await invoke(cardAction('mailSubscription', get.data, asAlex));
    expect(cardTitle(on)).toBe(say('inbox.onTitle', { group: 'Marketing' }));
    expect(await subscribers(G.marketing)).toEqual([CURRENT_USER_ID]);
  });

  it("in a channel: the team's own group, any other name leads to the 1:1 chat without a Graph call", async () => {
    const inChannel = (a: Activity) => {
      asAlex(a);
      a.conversation = { ...a.conversation, conversationType: 'channel', isGroup: true, id: '19:general@thread.tacv2' };
      a.channelData = {
        ...a.channelData,
        channel: { id: '19:general@thread.tacv2' },
        team: { id: '19:team@thread.tacv2', aadGroupId: TEAM_GROUP_ID, name: 'Contoso Team' }
      };
    };
    const other = await typed('subscribe marketing', inChannel);
    expect(cardTitle(other)).toBe(say('inbox.inOurChatTitle'));
    expect(openUrls(other)).toHaveLength(1);
    expect(await posts('subscribeByMail')).toBe(0);

    const team = await typed('subscribe', inChannel);
    expect(cardTitle(team)).toBe(say('inbox.onTitle', { group: 'Contoso Team' }));
    expect(await subscribers(TEAM_GROUP_ID)).toEqual([CURRENT_USER_ID]);
  });
});
