// One person cannot starve a group (issue 13, item 3): against the Graph sandbox with latency (so
// requests queue at the bot's mailbox gate), one person presses More 200 times at once and, while
// those are in flight, another person posts to the same group. The post's invoke answers with the
// confirmation within INVOKE_DEADLINE_MS (not the "Posting…" card); most of the 200 get the read
// limit's or the busy group's answer at once; none is a 5xx (useTestBot's post checks every answer
// against the invoke contract). On the code before the limits, all 200 queued ahead of the post.
import { useTestBot } from '../helpers/test-bot';
import { cardAction } from '../helpers/conversation-nock';
import { buttonsFor, cardTitle } from '../helpers/card-readers';
import { createInvoke, type Activity } from '../helpers/fixtures';
import { sandboxControl, type Control } from '../helpers/sandbox-control';
import { createGraphSandbox, CURRENT_USER_ID, SEED_USER_IDS, type GraphSandbox } from '../../src/sandbox';
import { notice, say } from '../../src/core/words';

const LATENCY_MS = 300;
// The default: Teams waits about 10 s for an invoke.
const DEADLINE_MS = 7000;
const MORE_PRESSES = 200;
const as = (aadObjectId: string, teamsId: string) => (a: Activity) => {
  a.from = { ...a.from, id: teamsId, aadObjectId };
};
const asAlex = as(CURRENT_USER_ID, '29:1alex');
const asMegan = as(SEED_USER_IDS.megan, '29:1megan');

let sandbox: GraphSandbox;
let baseUrl: string;
let control: Control;
let group: { id: string; displayName: string };

beforeAll(async () => {
  sandbox = createGraphSandbox({ latencyMs: LATENCY_MS });
  let origin: string;
  ({ origin, baseUrl } = await sandbox.listen(0));
  control = sandboxControl(origin);
  const made = await control('POST', '/groups', {
    count: 1,
    memberIds: [CURRENT_USER_ID, SEED_USER_IDS.megan],
    namePrefix: 'Busy'
  });
  group = made.groups[0];
  await control('POST', '/conversations', { groupId: group.id, count: 12, senderId: SEED_USER_IDS.megan });
});
afterAll(async () => {
  await sandbox.close();
});

describe('200 "More" from one person and one post from another, one group', () => {
  const bot = useTestBot({ per: 'describe', env: () => ({ GRAPH_BASE_URL: baseUrl }) });

  it("the other person's post is confirmed within the invoke deadline; most Mores are refused at once", async () => {
    const first = await bot.post('/api/messages', cardAction('listConversations', { groupId: group.id }, asAlex));
    const more = buttonsFor(first.body.value, 'listConversations')[0]?.data;
    expect(more?.cursor).toEqual(expect.any(String));

    const received = () => bot.logs.filter((l) => l.includes('"msg":"activity received"')).length;
    const before = received();
    const presses = Array.from({ length: MORE_PRESSES }, () =>
      bot.post('/api/messages', cardAction('listConversations', more, asAlex))
    );
    // One process: the presses reach the bot one connection at a time. Megan posts once all of
    // them are in (those let through then wait for the group's mailbox).
    while (received() < before + MORE_PRESSES) await new Promise((r) => setTimeout(r, 10));
    const startedAt = performance.now();
    const posted = await bot.post(
      '/api/messages',
      createInvoke(
        {
          draftId: 'd0000000-0000-4000-8000-00000000f001',
          groupId: group.id,
          topic: 'Not starved',
          body: 'Posted while Alex reads.',
          participants: '',
          otherEmails: ''
        },
        asMegan
      )
    );
    const tookMs = performance.now() - startedAt;
    expect(posted.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardTitle(posted.body.value)).toBe(say('confirmation.title', { group: group.displayName }));
    expect(tookMs).toBeLessThan(DEADLINE_MS);

    const answers = await Promise.all(presses);
    for (const a of answers) expect(a.status).toBeLessThan(500);
    const titles = answers.map((a) => JSON.stringify(a.body.value));
    const refused = titles.filter(
      (t) => t.includes(notice('error.reads_limited', {}).title) || t.includes(notice('error.mailbox_busy', {}).title)
    );
    expect(refused.length).toBeGreaterThan(MORE_PRESSES / 2);
    // The ones let through were shown (the group's conversations), or, on a slow machine, answered
    // "Posting…" at the deadline like any slow card action; nothing else.
    const shown = answers.filter((a) => buttonsFor(a.body.value, 'openReply').length > 0);
    const late = titles.filter((t) => t.includes(say('posting.title')));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length + refused.length + late.length).toBe(MORE_PRESSES);
  }, 60_000);
});
