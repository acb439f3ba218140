// Issue 14: two bot processes, one state. Two instances of the bot (child processes, local mode,
// as an App Service scale-out would run them) share one Azurite (Blob Storage) and one Graph
// sandbox; the test plays Teams delivering the same thing to either of them:
//   - the same draft submitted to both at the same moment, 100 times → exactly 100 conversations,
//     and each answer true (the confirmation, or "Still posting" while the other one posts);
//   - a message action's form opened on A and posted on B: its groups, people and the message's
//     formatting come from the shared form context;
//   - Azurite killed and restarted mid-run → while it is down every Post is told "Can't post
//     right now" and nothing reaches Graph; afterwards Try again posts each draft exactly once,
//     with no restart of either bot.
// Each instance has GRAPH_MAILBOX_CONCURRENCY=2: Outlook's 4 per mailbox divided by two instances
// (README "Running several instances").
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PLAYGROUND_SERVICE_URL } from '../helpers/bot-framework-auth';
import { createInvoke, fixture, type Activity } from '../helpers/fixtures';
import { startChildBot, killAllChildBots, type ChildBot } from '../helpers/fault-child-bot';
import { useAzurite } from '../helpers/azurite';
import { sandboxControl, type Control } from '../helpers/sandbox-control';
import { checkAnswerCards } from '../helpers/answer-cards';
import { banner, cardTitle, findAction, findInput, inputValues } from '../helpers/card-readers';
import type { SandboxState } from '../helpers/fault-truth';
import {
  createGraphSandbox,
  CURRENT_USER_ID,
  SEED_GROUP_IDS,
  SEED_USER_IDS,
  type GraphSandbox
} from '../../src/sandbox';
import { notice, say } from '../../src/core/words';

const GROUP = SEED_GROUP_IDS.productLaunch;
const POSTED = say('confirmation.title', { group: 'Product launch' });
const STILL_POSTING = notice('error.draft_in_progress').title;
const CANT_POST = notice('error.storage_unavailable').title;
const RACES = 100;
/** Races run this many at a time (each one request to each instance). */
const AT_ONCE = 10;

const azurite = useAzurite();
let sandbox: GraphSandbox;
let control: Control;
let a: ChildBot;
let b: ChildBot;
const dirs: string[] = [];
let seq = 0;

function asAlex(activity: Activity): void {
  activity.id = `f:two-instances-${++seq}`;
  activity.from.aadObjectId = CURRENT_USER_ID;
  activity.serviceUrl = PLAYGROUND_SERVICE_URL;
}

async function startInstance(): Promise<ChildBot> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'two-instances-'));
  dirs.push(dataDir);
  return startChildBot({
    GRAPH_BASE_URL: `${sandboxOrigin}/v1.0`,
    DATA_DIR: dataDir,
    AZURE_STORAGE_CONNECTION_STRING: azurite().connectionString,
    AZURE_STORAGE_CONTAINER: 'two-instances',
    GRAPH_MAILBOX_CONCURRENCY: '2',
    GRAPH_MAILBOX_QUEUE: '1000',
    POSTS_PER_MINUTE: '10000',
    READS_PER_MINUTE: '10000',
    INVOKE_DEADLINE_MS: '12000'
  });
}
let sandboxOrigin = '';

beforeAll(async () => {
  sandbox = createGraphSandbox({});
  ({ origin: sandboxOrigin } = await sandbox.listen(0));
  control = sandboxControl(sandboxOrigin);
  [a, b] = await Promise.all([startInstance(), startInstance()]);
}, 90_000);

afterAll(async () => {
  await killAllChildBots();
  await sandbox?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Posts an activity to an instance; the answer's body (checked: a proper invoke answer with valid cards). */
async function send(bot: ChildBot, activity: Activity): Promise<any> {
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
    signal: AbortSignal.timeout(30_000)
  });
  // Parsed here, not by res.json(): fetch's objects come from another realm than the contract's checks.
  const body = JSON.parse(await res.text());
  expect(res.status).toBe(200);
  checkAnswerCards('/api/messages', body);
  const broken = bot.invokeContract.problemOf('/api/messages', activity, { status: res.status, body });
  expect(broken).toBeUndefined();
  return body;
}

/** The card an Action.Execute was answered with, and what the person read first on it. */
async function press(bot: ChildBot, activity: Activity): Promise<{ card: any; told: string }> {
  const body = await send(bot, activity);
  expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  return { card: body.value, told: banner(body.value)?.title ?? (cardTitle(body.value) as string) };
}

function postOf(draftId: string, topic: string): Activity {
  return createInvoke(
    { draftId, groupId: GROUP, topic, body: `Two instances.\n${topic}`, participants: '', otherEmails: '' },
    asAlex
  );
}

const stored = async (topic: string): Promise<number> =>
  ((await control('GET', '/state')) as SandboxState).conversations.filter((c) => c.topic === topic).length;

describe('Two instances on one Azurite and one Graph sandbox', () => {
  it(`the same draft sent to both at the same moment, ${RACES} times: ${RACES} conversations, each answer true`, async () => {
    const tag = randomUUID().slice(0, 8);
    const topics = Array.from({ length: RACES }, (_, i) => `Race ${tag} #${i}`);
    const told: string[] = [];
    for (let i = 0; i < RACES; i += AT_ONCE) {
      await Promise.all(
        topics.slice(i, i + AT_ONCE).map(async (topic) => {
          const draftId = randomUUID();
          const answers = await Promise.all([press(a, postOf(draftId, topic)), press(b, postOf(draftId, topic))]);
          told.push(...answers.map((x) => x.told));
          // At least one of them posted it; the other was told the truth about the same draft.
          expect(answers.map((x) => x.told)).toContain(POSTED);
          for (const x of answers) expect([POSTED, STILL_POSTING]).toContain(x.told);
          // Pressed again on the instance that said "Still posting" (or either): the confirmation, nothing new.
          expect((await press(b, postOf(draftId, topic))).told).toBe(POSTED);
        })
      );
    }
    const state = (await control('GET', '/state')) as SandboxState;
    const counts = topics.map((t) => state.conversations.filter((c) => c.topic === t).length);
    expect(counts.filter((n) => n !== 1)).toEqual([]);
    expect(told).toHaveLength(2 * RACES);
  }, 240_000);

  it("a message action's form opened on A and posted on B: groups, people and formatting from A's form", async () => {
    const opened = fixture('invoke-message-action-fetch', (x) => {
      asAlex(x);
      // The message's author is someone the sandbox knows: the form names them as a participant.
      x.value.messagePayload.from.user = {
        id: SEED_USER_IDS.megan,
        displayName: 'Megan Bowen',
        userIdentityType: 'aadUser'
      };
    });
    const dialog = await send(a, opened);
    const form = dialog.task.value.card.content;
    const values = inputValues(form);
    const draftId = findAction(form, 'createConversation')?.data?.draftId as string;
    expect(values.participants).toBe(SEED_USER_IDS.megan);
    const topic = `Opened on A ${randomUUID().slice(0, 8)}`;
    const submit = (over: Record<string, unknown>) =>
      fixture('invoke-message-action-submit', (x) => {
        asAlex(x);
        x.value.data = { verb: 'createConversation', draftId, ...values, groupId: GROUP, ...over };
      });

    // On B, a form sent back without a topic: the retry form lists A's groups and names A's participant.
    const again = (await send(b, submit({ topic: '' }))).task.value.card.content;
    expect(findInput(form, 'participants')?.choices).toEqual([{ title: 'Megan Bowen', value: SEED_USER_IDS.megan }]);
    expect(findInput(form, 'groupId')?.choices.length).toBeGreaterThan(1);
    expect(findInput(again, 'groupId')?.choices).toEqual(findInput(form, 'groupId')?.choices);
    expect(findInput(again, 'participants')?.choices).toEqual(findInput(form, 'participants')?.choices);

    // On B, posted: the message's formatting (kept on the server by A) is what reaches Graph.
    // The dialog closes with the confirmation in the chat, or shows it when the bot cannot reach the
    // chat (no Agents Playground here).
    const done = await send(b, submit({ topic }));
    if (Object.keys(done).length > 0) expect(cardTitle(done.task.value.card.content)).toBe(POSTED);
    const state = (await control('GET', '/state')) as SandboxState;
    const posted = state.conversations.filter((c) => c.topic === topic);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.threads[0]?.posts[0]?.body.content).toContain('<strong>Q1 launch</strong>');
  }, 60_000);

  it('Azurite killed and restarted mid-run: "Can\'t post right now" while down, then each draft exactly once', async () => {
    const tag = randomUUID().slice(0, 8);
    const drafts = Array.from({ length: 12 }, (_, i) => ({ draftId: randomUUID(), topic: `Outage ${tag} #${i}` }));
    const bots = [a, b];
    // Before: posted, through either instance.
    for (const [i, d] of drafts.slice(0, 4).entries())
      expect((await press(bots[i % 2] as ChildBot, postOf(d.draftId, d.topic))).told).toBe(POSTED);

    // Azurite writes its metadata to disk every 5 s: killed right after a write it would forget
    // blobs the bots were told are stored (an emulator's artefact; Azure acknowledges a write once
    // it is durable). Quiet first, then killed.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    await azurite().kill();
    for (const [i, d] of drafts.slice(4, 8).entries()) {
      const { told, card } = await press(bots[i % 2] as ChildBot, postOf(d.draftId, d.topic));
      expect(told).toBe(CANT_POST);
      // Everything typed is kept, and Try again is the same draft.
      expect(inputValues(card)).toMatchObject({ topic: d.topic });
      expect(findAction(card, 'createConversation')?.data?.draftId).toBe(d.draftId);
      expect(await stored(d.topic)).toBe(0);
    }
    for (const bot of bots) expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);

    await azurite().restart();
    // Try again on the other instance, and the rest for the first time: each posted once.
    for (const [i, d] of drafts.slice(4).entries())
      expect((await press(bots[(i + 1) % 2] as ChildBot, postOf(d.draftId, d.topic))).told).toBe(POSTED);
    // The drafts posted before the outage are still known to both instances: a repeat, not a second post.
    for (const d of drafts.slice(0, 4)) expect((await press(b, postOf(d.draftId, d.topic))).told).toBe(POSTED);
    for (const d of drafts) expect(await stored(d.topic)).toBe(1);
    expect(a.alive() && b.alive()).toBe(true);
  }, 120_000);

  it('on Blob neither instance keeps a SQLite file in its DATA_DIR', () => {
    for (const dir of dirs) expect(readdirSync(dir).filter((f) => f.startsWith('bot-state'))).toEqual([]);
  });
});
