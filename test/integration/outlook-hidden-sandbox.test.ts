// "Posted, but will anyone see it?" (issue 17) at the HTTP edge, local mode against the Graph
// sandbox: Contoso Team (created from Teams, so hidden from Outlook) brings the form back as typed
// with the warning and "Post anyway"; that posts once and the confirmation repeats the warning.
// Marketing (not hidden) posts at once; a flag that cannot be read never stops a post.
import { randomUUID } from 'node:crypto';
import { useTestBot, type TestBot } from '../helpers/test-bot';
import { assertValidCard } from '../helpers/card-schema';
import { actionData, banner, cardTexts, cardTitle, findActions, inputValues } from '../helpers/card-readers';
import { cardAttachments, createInvoke, fixture, type Activity } from '../helpers/fixtures';
import { startVariantSandbox, type Control } from '../helpers/sandbox-control';
import { sandboxVariant } from '../helpers/sandbox-variant';
import { CURRENT_USER_ID, SEED_GROUP_IDS as G, type GraphSandbox } from '../../src/sandbox';
import { notice, say } from '../../src/core/words';

type Node = Record<string, any>;
const asAlex = (a: Activity) => {
  a.from.aadObjectId = CURRENT_USER_ID;
};
const HIDDEN_TITLE = say('hidden.title', { group: 'Contoso Team' });

let sandbox: GraphSandbox;
let baseUrl: string;
let control: Control;

beforeAll(async () => {
  ({ sandbox, baseUrl, control } = await startVariantSandbox());
});
afterAll(() => sandbox.close());
beforeEach(() => control('POST', '/reset'));

const posted = async (topic: string) =>
  ((await control('GET', '/state')).conversations as Node[]).filter((c) => c.topic === topic);

async function press(bot: TestBot, data: Node): Promise<Node> {
  const res = await bot.post('/api/messages', createInvoke(data, asAlex));
  expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  assertValidCard(res.body.value);
  return res.body.value;
}

const form = (groupId: string, over: Node = {}) => ({
  draftId: randomUUID(),
  groupId,
  topic: `Launch ${randomUUID().slice(0, 8)}`,
  body: 'Hi all,\nplease review the plan by Friday.',
  participants: '',
  otherEmails: 'partner@fabrikam.test',
  ...over
});

describe(`a group hidden from Outlook (${sandboxVariant().name})`, () => {
  const bot = useTestBot({ env: () => ({ GRAPH_BASE_URL: baseUrl, ...sandboxVariant().botEnv }) });

  it('Contoso Team: the form back as typed, warned; Post anyway posts once, confirmed with the warning', async () => {
    const typed = form(G.contosoTeam);
    const warned = await press(bot, typed);
    expect(banner(warned)).toBeUndefined(); // not an error: a warning
    expect(cardTexts(warned)).toEqual(expect.arrayContaining([HIDDEN_TITLE, say('hidden.text')]));
    expect(inputValues(warned)).toMatchObject({
      groupId: G.contosoTeam,
      topic: typed.topic,
      body: typed.body,
      otherEmails: typed.otherEmails
    });
    expect(await posted(typed.topic)).toHaveLength(0);

    const [anyway] = findActions(warned, 'createConversation');
    expect(anyway?.title).toBe(say('button.postAnyway'));
    expect(actionData(anyway as Node)).toMatchObject({ draftId: typed.draftId, hiddenAck: G.contosoTeam });
    const confirmed = await press(bot, { ...typed, ...actionData(anyway as Node) });
    expect(cardTitle(confirmed)).toBe(say('confirmation.title', { group: 'Contoso Team' }));
    expect(cardTexts(confirmed)).toContain(say('hidden.confirmation'));
    expect(await posted(typed.topic)).toHaveLength(1);

    // Pressed again: the same post, never a second one.
    const again = await press(bot, { ...typed, hiddenAck: G.contosoTeam });
    expect(cardTitle(again)).toBe(say('confirmation.title', { group: 'Contoso Team' }));
    expect(await posted(typed.topic)).toHaveLength(1);
  });

  it('an acknowledgement of another group, or garbage, is not consent: the warning again, nothing posted', async () => {
    for (const hiddenAck of [G.marketing, 'yes', { $ne: '' }, G.contosoTeam.replace(/.$/, 'x')]) {
      const typed = form(G.contosoTeam, { hiddenAck });
      expect(cardTexts(await press(bot, typed))).toContain(HIDDEN_TITLE);
      expect(await posted(typed.topic)).toHaveLength(0);
    }
  });

  it('Marketing (not hidden): posted at once, no warning', async () => {
    const typed = form(G.marketing);
    const confirmed = await press(bot, typed);
    expect(cardTitle(confirmed)).toBe(say('confirmation.title', { group: 'Marketing' }));
    expect(cardTexts(confirmed)).not.toContain(say('hidden.confirmation'));
    expect(await posted(typed.topic)).toHaveLength(1);
  });

  it('a group hidden through the control API is warned about too; unhidden, it posts directly', async () => {
    await control('PATCH', `/groups/${G.marketing}`, { hideFromOutlookClients: true });
    const typed = form(G.marketing);
    expect(cardTexts(await press(bot, typed))).toContain(say('hidden.title', { group: 'Marketing' }));
    expect(await posted(typed.topic)).toHaveLength(0);
  });

  it('the flag cannot be read: posted anyway, without a warning, and the failure is logged', async () => {
    await control('POST', '/faults', { method: 'GET', path: `^/v1\\.0/groups/${G.contosoTeam}$`, status: 503 });
    const typed = form(G.contosoTeam);
    const confirmed = await press(bot, typed);
    expect(cardTitle(confirmed)).toBe(say('confirmation.title', { group: 'Contoso Team' }));
    expect(cardTexts(confirmed)).not.toContain(say('hidden.confirmation'));
    expect(await posted(typed.topic)).toHaveLength(1);
    expect(bot.logs.some((l) => l.includes('could not read whether the group is hidden from Outlook'))).toBe(true);
  });

  it("the message action's dialog: warned in the dialog; its Post anyway posts once and closes it", async () => {
    const typed = form(G.contosoTeam, { participants: '' });
    const submit = async (data: Node) => {
      const res = await bot.post(
        '/api/messages',
        fixture('invoke-message-action-submit', (a) => {
          asAlex(a);
          a.deliveryMode = 'expectReplies';
          a.value.data = { ...a.value.data, ...data };
        })
      );
      const activities: Activity[] = res.body.activities;
      cardAttachments(activities.filter((a) => a.type === 'message')).forEach(assertValidCard);
      return {
        task: activities.find((a) => a.type === 'invokeResponse')?.value.body.task,
        sent: cardAttachments(activities.filter((a) => a.type === 'message'))
      };
    };
    const first = await submit(typed);
    expect(first.task.type).toBe('continue');
    const warned = first.task.value.card.content;
    assertValidCard(warned);
    expect(cardTexts(warned)).toContain(HIDDEN_TITLE);
    expect(await posted(typed.topic)).toHaveLength(0);
    const [anyway] = findActions(warned, 'createConversation');
    expect(anyway).toMatchObject({ type: 'Action.Submit', title: say('button.postAnyway') });

    const second = await submit({ ...typed, ...actionData(anyway as Node) });
    expect(await posted(typed.topic)).toHaveLength(1);
    // The dialog closes; the conversation (a shared one) reads only who posted where.
    expect(second.task).toBeUndefined();
    expect(second.sent.map(cardTitle)).toEqual([
      notice('notice.sharedPosted', { actor: 'Alice Wong', group: 'Contoso Team' }).title
    ]);
  });
});
