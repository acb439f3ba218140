// "Posted, but will anyone see it?" (issue 17) as the form opens, local mode against the Graph
// sandbox: a form opened on a known group (`new <name>`, the team's group in a channel, the message
// action's default) reads the group's hideFromOutlookClients through the same cached directory as
// Post and warns at once; keeping that group, its Post posts with no second press (the warning
// shown is recorded on the server for the draft, not taken from the card). Graph's flag reads are
// counted at the Graph client, under the directory's cache: a form without a known group reads none.
import { useTestBot, type TestBot } from '../helpers/test-bot';
import { assertValidCard } from '../helpers/card-schema';
import { actionData, cardTexts, cardTitle, findActions, inputValues } from '../helpers/card-readers';
import { cardAttachments, createInvoke, fixture, type Activity } from '../helpers/fixtures';
import { startVariantSandbox, type Control } from '../helpers/sandbox-control';
import { sandboxVariant } from '../helpers/sandbox-variant';
import { typedCard } from '../helpers/typed-card';
import { nockPersonalChat } from '../helpers/personal-chat-nock';
import {
  CURRENT_USER_ID,
  SEED_GROUP_IDS as G,
  SEED_USER_IDS,
  TEAM_GROUP_ID,
  type GraphSandbox
} from '../../src/sandbox';
import { createGroupDirectory } from '../../src/core/group-directory';
import type { GraphClient } from '../../src/graph/graph-client';
import { say } from '../../src/core/words';

type Node = Record<string, any>;
const asAlex = (a: Activity) => {
  a.from.aadObjectId = CURRENT_USER_ID;
};
const HIDDEN_TITLE = say('hidden.title', { group: 'Contoso Team' });
const inChannel = (a: Activity) => {
  asAlex(a);
  a.conversation = {
    isGroup: true,
    conversationType: 'channel',
    tenantId: a.conversation.tenantId,
    id: '19:general@thread.tacv2;messageid=1732700000100'
  };
  a.channelData.team = { id: '19:team@thread.tacv2', aadGroupId: TEAM_GROUP_ID };
};

let sandbox: GraphSandbox;
let baseUrl: string;
let control: Control;
/** The group ids Graph was asked hideFromOutlookClients for, in order (below the directory's cache). */
let flagReads: string[] = [];

beforeAll(async () => {
  ({ sandbox, baseUrl, control } = await startVariantSandbox());
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await control('POST', '/reset');
  flagReads = [];
});

const posted = async (topic: string) =>
  ((await control('GET', '/state')).conversations as Node[]).filter((c) => c.topic === topic);

/** The Graph client the bot built, with its flag reads counted; a fresh directory over it. */
function countingDirectory(graph: GraphClient) {
  const counted: GraphClient = {
    ...graph,
    isHiddenFromOutlook: (token, groupId) => {
      flagReads.push(groupId);
      return graph.isHiddenFromOutlook(token, groupId);
    }
  };
  return createGroupDirectory(counted, Date.now);
}

const typed = (bot: TestBot, text: string, patch: (a: Activity) => void = asAlex) =>
  typedCard(bot, text, (a) => {
    asAlex(a);
    patch(a);
  });

/** Presses the form's Post (its first createConversation action): the inputs as shown, then `typedIn`. */
async function pressPost(bot: TestBot, card: Node, typedIn: Node, patch: (a: Activity) => void = asAlex) {
  const [post] = findActions(card, 'createConversation');
  const data = { ...inputValues(card), ...actionData(post as Node), ...typedIn };
  const res = await bot.post('/api/messages', createInvoke(data, patch));
  expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  assertValidCard(res.body.value);
  return res.body.value as Node;
}

const topic = () => `Launch ${Math.random().toString(36).slice(2, 10)}`;
const typedIn = (t: string) => ({ topic: t, body: 'Hi all,\nplease review the plan by Friday.', participants: '' });

describe(`a group hidden from Outlook, warned as the form opens (${sandboxVariant().name})`, () => {
  const bot = useTestBot({
    env: () => ({ GRAPH_BASE_URL: baseUrl, ...sandboxVariant().botEnv }),
    deps: (built) => ({ groups: countingDirectory(built.graph) })
  });

  it('new Contoso Team: the form warns at once; its Post posts once, with no second press', async () => {
    const form = await typed(bot, 'new Contoso Team');
    expect(inputValues(form)).toMatchObject({ groupId: G.contosoTeam });
    expect(cardTexts(form)).toEqual(expect.arrayContaining([HIDDEN_TITLE, say('hidden.text')]));
    const [post] = findActions(form, 'createConversation');
    expect(post?.title).toBe(say('button.postAnyway'));
    // The card carries no consent: the server recorded the warning for this draft.
    expect(actionData(post as Node).hiddenAck).toBe('');
    expect(flagReads).toEqual([G.contosoTeam]);

    const t = topic();
    const confirmed = await pressPost(bot, form, typedIn(t));
    expect(cardTitle(confirmed)).toBe(say('confirmation.title', { group: 'Contoso Team' }));
    expect(cardTexts(confirmed)).toContain(say('hidden.confirmation'));
    expect(await posted(t)).toHaveLength(1);
    // Post read the flag from the directory's cache.
    expect(flagReads).toEqual([G.contosoTeam]);
  });

  it("new in a team channel: the team's group is warned about at once; Post posts once", async () => {
    const form = await typed(bot, 'new', inChannel);
    expect(inputValues(form)).toMatchObject({ groupId: G.contosoTeam });
    expect(cardTexts(form)).toContain(HIDDEN_TITLE);
    const t = topic();
    const confirmed = await pressPost(bot, form, typedIn(t), inChannel);
    expect(cardTitle(confirmed)).toBe(say('confirmation.title', { group: 'Contoso Team' }));
    expect(cardTexts(confirmed)).toContain(say('hidden.confirmation'));
    expect(await posted(t)).toHaveLength(1);
    expect(flagReads).toEqual([G.contosoTeam]);
  });

  it('new Marketing (not hidden): no warning, posted at once; one flag read, Post served from the cache', async () => {
    const form = await typed(bot, 'new Marketing');
    expect(inputValues(form)).toMatchObject({ groupId: G.marketing });
    expect(cardTexts(form)).not.toContain(say('hidden.text'));
    const [post] = findActions(form, 'createConversation');
    expect(post?.title).toBe(say('button.post'));
    const t = topic();
    const confirmed = await pressPost(bot, form, typedIn(t));
    expect(cardTitle(confirmed)).toBe(say('confirmation.title', { group: 'Marketing' }));
    expect(cardTexts(confirmed)).not.toContain(say('hidden.confirmation'));
    expect(await posted(t)).toHaveLength(1);
    expect(flagReads).toEqual([G.marketing]);
  });

  it('the flag cannot be read as the form opens: it opens unwarned, logged; Post asks, Post anyway posts', async () => {
    await control('POST', '/faults', { method: 'GET', path: `^/v1\\.0/groups/${G.contosoTeam}$`, status: 503 });
    const form = await typed(bot, 'new Contoso Team');
    expect(inputValues(form)).toMatchObject({ groupId: G.contosoTeam });
    expect(cardTexts(form)).not.toContain(HIDDEN_TITLE);
    expect(bot.logs.some((l) => l.includes('the form opens without a warning'))).toBe(true);

    // A failed read is not cached: Post reads again, warns, and Post anyway posts once.
    const t = topic();
    const warned = await pressPost(bot, form, typedIn(t));
    expect(cardTexts(warned)).toContain(HIDDEN_TITLE);
    expect(await posted(t)).toHaveLength(0);
    const confirmed = await pressPost(bot, warned, {});
    expect(cardTitle(confirmed)).toBe(say('confirmation.title', { group: 'Contoso Team' }));
    expect(await posted(t)).toHaveLength(1);
    expect(flagReads).toEqual([G.contosoTeam, G.contosoTeam]);
  });

  it('warned at open, then a field refused: the form again still warns; with the topic fixed it posts', async () => {
    const form = await typed(bot, 'new Contoso Team');
    const t = topic();
    const refused = await pressPost(bot, form, { ...typedIn(t), topic: '' });
    expect(inputValues(refused)).toMatchObject({ groupId: G.contosoTeam, topic: '' });
    expect(cardTexts(refused)).toContain(HIDDEN_TITLE);
    expect(await posted(t)).toHaveLength(0);
    const confirmed = await pressPost(bot, refused, { topic: t });
    expect(cardTitle(confirmed)).toBe(say('confirmation.title', { group: 'Contoso Team' }));
    expect(await posted(t)).toHaveLength(1);
  });

  it('warned at open on Contoso Team, then another hidden group picked: that one is asked about at Post', async () => {
    await control('PATCH', `/groups/${G.marketing}`, { hideFromOutlookClients: true });
    const form = await typed(bot, 'new Contoso Team');
    expect(cardTexts(form)).toContain(HIDDEN_TITLE);
    const t = topic();
    const warned = await pressPost(bot, form, { ...typedIn(t), groupId: G.marketing });
    expect(cardTexts(warned)).toContain(say('hidden.title', { group: 'Marketing' }));
    expect(await posted(t)).toHaveLength(0);
  });

  it("a channel's form is one card everyone reads: another member's Post of it posts once too", async () => {
    const form = await typed(bot, 'new', inChannel);
    expect(cardTexts(form)).toContain(HIDDEN_TITLE);
    const asMegan = (a: Activity) => {
      inChannel(a);
      a.from.aadObjectId = SEED_USER_IDS.megan;
    };
    const t = topic();
    const confirmed = await pressPost(bot, form, typedIn(t), asMegan);
    expect(cardTitle(confirmed)).toBe(say('confirmation.title', { group: 'Contoso Team' }));
    expect(cardTexts(confirmed)).toContain(say('hidden.confirmation'));
    expect(await posted(t)).toHaveLength(1);
  });

  it('a forged form id is no acknowledgement: asked about at Post, nothing posted', async () => {
    const form = await typed(bot, 'new Contoso Team');
    const t = topic();
    const forged = await pressPost(bot, form, { ...typedIn(t), draftId: '5e1ec7ed-0000-4000-8000-000000000000' });
    expect(cardTexts(forged)).toContain(HIDDEN_TITLE);
    expect(await posted(t)).toHaveLength(0);
  });

  it('no known group, no flag read: new in the 1:1 chat, several matches, a group chat dialog', async () => {
    const plain = await typed(bot, 'new');
    expect(inputValues(plain).groupId).toBe('');
    expect(cardTexts(plain)).not.toContain(say('hidden.text'));
    const several = await typed(bot, 'new o'); // several of Alex's groups hold an "o"
    expect(inputValues(several).groupId).toBe('');
    const res = await bot.post('/api/messages', fixture('invoke-message-action-fetch', asAlex));
    expect(res.body.task.type).toBe('continue');
    expect(inputValues(res.body.task.value.card.content).groupId).toBe('');
    expect(flagReads).toEqual([]);
  });

  it('the message action in a channel: the dialog warns at once; its Post posts once and closes it', async () => {
    const res = await bot.post('/api/messages', fixture('invoke-message-action-fetch', inChannel));
    const dialog = res.body.task.value.card.content;
    assertValidCard(dialog);
    expect(inputValues(dialog)).toMatchObject({ groupId: G.contosoTeam });
    expect(cardTexts(dialog)).toContain(HIDDEN_TITLE);
    const [post] = findActions(dialog, 'createConversation');
    expect(post).toMatchObject({ type: 'Action.Submit', title: say('button.postAnyway') });

    const t = topic();
    // In a channel the dialog's result reaches the person in the 1:1 chat (the playground's connector).
    const personal = nockPersonalChat({ teams: false });
    const sent = await bot.post(
      '/api/messages',
      fixture('invoke-message-action-submit', (a) => {
        inChannel(a);
        a.deliveryMode = 'expectReplies';
        a.value.data = { ...inputValues(dialog), ...typedIn(t), ...actionData(post as Node) };
      })
    );
    const activities: Activity[] = sent.body.activities;
    expect(activities.find((a) => a.type === 'invokeResponse')?.value.body.task).toBeUndefined();
    expect(await posted(t)).toHaveLength(1);
    const [confirmation] = cardAttachments([await personal.firstMessage]);
    expect(cardTitle(confirmation)).toBe(say('confirmation.title', { group: 'Contoso Team' }));
    expect(cardTexts(confirmation)).toContain(say('hidden.confirmation'));
    expect(flagReads).toEqual([G.contosoTeam]);
  });
});
