// Issue 15's rules before anything is posted, at the HTTP edge against the Graph sandbox: what
// refuses a whole broadcast leaves every group untouched and gives the form back with every input
// kept (more groups than BROADCAST_MAX_GROUPS, more than the person's post allowance, a participant
// that cannot be resolved); "Post to all my groups" past 20 groups asks first and then posts to
// each; in a channel the form stays single-group.
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { useTestBot } from '../helpers/test-bot';
import { PLAYGROUND_SERVICE_URL } from '../helpers/bot-framework-auth';
import { banner, cardTexts, findAction, inputValues } from '../helpers/card-readers';
import { fieldErrors } from '../helpers/retry-form';
import { asAlex, pressPost, useBroadcastSandbox, type Node } from '../helpers/broadcast-sandbox';
import { sandboxVariant } from '../helpers/sandbox-variant';
import { notice, say } from '../../src/core/words';
import { SEED_USER_IDS } from '../../src/sandbox';
import type { Activity } from '../helpers/fixtures';

const { baseUrl, newGroups, postsWith } = useBroadcastSandbox();

const inChannel = (a: Activity) => {
  asAlex(a);
  a.conversation = { ...a.conversation, conversationType: 'channel', id: '19:general@thread.tacv2' };
};

const findInputs = (card: Node, id: string): Node[] => (card.body as Node[]).filter((n) => n.id === id);
const press = pressPost;

/**
 * A bot for a describe block against the file's sandbox; progress updates go to the playground's
 * connector (these tests read the invoke answers), and each test waits for its broadcasts to end.
 */
function useBroadcastBot(env: Record<string, string>) {
  const bot = useTestBot({
    per: 'describe',
    schedule: (delayMs, task) => void setTimeout(() => void task(), delayMs),
    env: () => ({ GRAPH_BASE_URL: baseUrl(), ...env, ...sandboxVariant().botEnv })
  });
  beforeEach(() => {
    nock(PLAYGROUND_SERVICE_URL)
      .persist()
      .put(/activities/)
      .reply(200, { id: '1' });
  });
  afterEach(async () => {
    await bot.bot.deps.broadcaster.idle();
    nock.cleanAll();
  });
  return bot;
}

function form(groupIds: string[], extra: Record<string, unknown> = {}) {
  return {
    draftId: randomUUID(),
    groupId: groupIds.join(','),
    topic: `Announcement ${randomUUID().slice(0, 8)}`,
    body: 'The office is closed on Friday.',
    participants: '',
    otherEmails: '',
    ...extra
  };
}

describe(`before a broadcast posts anything (${sandboxVariant().name})`, () => {
  const bot = useBroadcastBot({ RECONCILE_GRACE_MS: '0', POSTS_PER_MINUTE: '30', BROADCAST_MAX_GROUPS: '60' });

  it('more groups than BROADCAST_MAX_GROUPS: the form again, the reason under the picker, nothing posted', async () => {
    const ids = Array.from({ length: 61 }, () => randomUUID());
    const data = form(ids);
    const card = await press(bot, data);
    expect(fieldErrors(card)).toEqual({ groupId: say('field.group.tooMany', { max: 60 }) });
    expect(inputValues(card)).toMatchObject({ groupId: data.groupId, topic: data.topic, body: data.body });
    expect(await postsWith(data.topic)).toHaveLength(0);
  });

  it('over the post allowance (one post per group): refused up front with the numbers, nothing posted', async () => {
    const groups = await newGroups(12);
    // 20 of the 30 a minute already used by two broadcasts of ten groups.
    for (const batch of [groups.slice(0, 10), groups.slice(2, 12)]) {
      const card = await press(bot, form(batch.map((g) => g.id)));
      expect(cardTexts(card)[0]).toBe(say('broadcast.posting', { total: 10 }));
    }
    await bot.bot.deps.broadcaster.idle();
    const data = form(groups.slice(0, 11).map((g) => g.id));
    const card = await press(bot, data);
    const text = fieldErrors(card).groupId ?? '';
    expect(text).toContain(
      say('field.group.overAllowance', { count: 11, limit: 30, available: 10, seconds: 60 }).split(':')[0]
    );
    expect(text).toContain('10 more right now');
    expect(banner(card)?.title).toBe(notice('error.validation_failed', { refreshed: false, fields: 1 }).title);
    expect(await postsWith(data.topic)).toHaveLength(0);
  });

  it('a participant that cannot be resolved fails the form before any group is posted to', async () => {
    const groups = await newGroups(3);
    const data = form(
      groups.map((g) => g.id),
      { participants: 'deadbeef-0000-4000-8000-00000000dead' }
    );
    const card = await press(bot, data);
    expect(banner(card)?.title).toBe(notice('error.participant_not_found').title);
    expect(inputValues(card)).toMatchObject({ participants: data.participants, topic: data.topic });
    expect(await postsWith(data.topic)).toHaveLength(0);
  });

  it("another person's broadcast id: refused with a card, nothing posted, their broadcast not shown", async () => {
    const groups = await newGroups(2);
    const data = form(groups.map((g) => g.id));
    const mine = await press(bot, data);
    expect(cardTexts(mine)[0]).toBe(say('broadcast.posting', { total: 2 }));
    await bot.bot.deps.broadcaster.idle();
    const asMegan = (a: Activity) => {
      a.from.aadObjectId = SEED_USER_IDS.megan;
    };
    const theirs = await press(bot, { ...data, topic: 'Not yours' }, asMegan);
    expect(cardTexts(theirs)).toEqual([say('broadcast.goneTitle'), say('broadcast.notYours')]);
    expect(JSON.stringify(theirs)).not.toContain(data.topic);
    expect(await postsWith('Not yours')).toHaveLength(0);
    expect(await postsWith(data.topic)).toHaveLength(2);
  });

  it('in a channel the form stays single-group: several ids are refused as not in the list', async () => {
    const groups = await newGroups(2);
    const data = form(groups.map((g) => g.id));
    const card = await press(bot, data, inChannel);
    expect(await postsWith(data.topic)).toHaveLength(0);
    expect(fieldErrors(card)).toEqual({ groupId: say('field.group.notInList') });
    // No "Post to all my groups" and a single-select picker: the channel's form.
    expect(Object.keys(inputValues(card))).not.toContain('allGroups');
    expect(findInputs(card, 'groupId')[0]?.isMultiSelect).toBe(false);
  });
});

describe(`Post to all my groups (${sandboxVariant().name})`, () => {
  const bot = useBroadcastBot({ POSTS_PER_MINUTE: '1000' });

  it('Post to all my groups past 20: asks first (nothing posted), then posts once to each', async () => {
    await newGroups(21);
    const data = form([], { allGroups: 'true' });
    const ask = await press(bot, data);
    const title = cardTexts(ask).find((t) => /^Post to all \d+ of your groups\?$/.test(t)) as string;
    const count = Number(/(\d+)/.exec(title)?.[1]);
    expect(count).toBeGreaterThan(20);
    expect(inputValues(ask)).toMatchObject({ allGroups: 'true', topic: data.topic, body: data.body });
    const confirm = findAction(ask, 'createConversation');
    expect(confirm.title).toBe(say('button.postToAll', { count }));
    expect(confirm.data).toEqual({ draftId: data.draftId, confirmAll: String(count) });
    expect(await postsWith(data.topic)).toHaveLength(0);

    // The confirmation sends the form's inputs with the count it showed.
    const started = await press(bot, { ...data, ...confirm.data });
    expect(cardTexts(started)[0]).toBe(say('broadcast.posting', { total: count }));
    await bot.bot.deps.broadcaster.idle();
    const posts = await postsWith(data.topic);
    expect(posts).toHaveLength(count);
    expect(new Set(posts.map((p) => p.groupId)).size).toBe(count);
  });

  it('a confirmation whose count no longer matches asks again instead of posting', async () => {
    const data = form([], { allGroups: 'true', confirmAll: '3' });
    const ask = await press(bot, data);
    expect(cardTexts(ask).some((t) => /^Post to all \d+ of your groups\?$/.test(t))).toBe(true);
    expect(await postsWith(data.topic)).toHaveLength(0);
  });
});
