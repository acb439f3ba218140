// Reliability: faults ("Never double-post, never lose a draft"). The bot posts through HTTP
// /api/messages (adaptiveCard/action invokes with the createConversation and replyToThread verbs,
// as the seeded people) while the Graph sandbox's fault injection, Entra ID (nock), SQLite and the
// operating system (SIGKILL) fail under it:
//   - 429 storms on the create: within the retry budget (posted once) and beyond it ("Too many
//     requests", nothing stored; Try again posts once);
//   - 502/503/504 and dropped connections before and after the write committed, on creates and on
//     replies; the reconcile's own reads failing too;
//   - Graph slower than GRAPH_TIMEOUT_MS, with and without the write committing server-side;
//   - Entra ID's token endpoint down (Teams-mode bot, signed activities) then back;
//   - the bot's SQLite file locked by another process: shorter and longer than its busy_timeout,
//     and while a post is in flight;
//   - the bot process killed (SIGKILL) mid-post and restarted on the same DATA_DIR.
// The sandbox runs in this jest project's configuration (test/helpers/sandbox-variant.ts: order
// unspecified or newest, skiptoken or $skip paging, $orderby honoured, refused or ignored, page
// sizes, concurrency per mailbox or per app), and the group already holds 32 conversations, older
// and newer than every attempt, half of them Alex's own: finding a post must not depend on order.
// After every answer the sandbox's state (GET /_sandbox/state) is the truth the answer is checked
// against (test/helpers/fault-truth.ts); each scenario ends with the person having pressed Try
// again as told, and the draft must then be stored exactly once and confirmed.
// Figures: test-results/reliability/faults.json → "N faults, 0 duplicates, 0 lost drafts, 0 untruths".
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { useTestBot } from '../helpers/test-bot';
import { checkAnswerCards } from '../helpers/answer-cards';
import type { InvokeContract } from '../helpers/invoke-contract';
import { createInvoke, type Activity } from '../helpers/fixtures';
import { cardAction } from '../helpers/conversation-nock';
import { recordFigures } from '../helpers/reliability-figures';
import { PLAYGROUND_SERVICE_URL, teamsAuth } from '../helpers/bot-framework-auth';
import { TENANT_ID, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { LOGIN, entraError, nockTokenEndpoint, type OboRequest } from '../helpers/graph-nock';
import { FaultLedger, storedCount, type Classified, type FaultDraft, type SandboxState } from '../helpers/fault-truth';
import { startChildBot, killAllChildBots, type ChildBot } from '../helpers/fault-child-bot';
import { holdExclusiveLock, killAllLockHolders } from '../helpers/fault-sqlite-lock';
import { bridgeGraphToSandbox } from '../helpers/fault-graph-bridge';
import {
  createGraphSandbox,
  CURRENT_USER_ID,
  SEED,
  SEED_GROUP_IDS,
  SEED_USER_IDS,
  type GraphSandbox
} from '../../src/sandbox';
import { notice, say } from '../../src/core/words';
import { sandboxVariant } from '../helpers/sandbox-variant';
import { sandboxControl, type Control } from '../helpers/sandbox-control';

const GROUP = SEED_GROUP_IDS.productLaunch;
const GROUP_NAME = 'Product launch';
const CREATE_PATH = `^/v1\\.0/groups/${GROUP}/conversations$`;
const REPLY_PATH = `^/v1\\.0/groups/${GROUP}/threads/[^/]+/reply$`;
const CREATE_ROUTE = 'POST /groups/{id}/conversations';
const REPLY_ROUTE = 'POST /groups/{id}/threads/{id}/reply';
const ALEX = SEED.users.find((u) => u.id === CURRENT_USER_ID) as (typeof SEED.users)[number];
const POSTED = say('confirmation.title', { group: GROUP_NAME });
const UNCONFIRMED = notice('error.post_status_unknown', {}).title;
/** The Graph timeout of the bot that meets slow answers, and the latency that exceeds it. */
const SHORT_GRAPH_TIMEOUT_MS = 800;
const SLOW_MS = 2500;

const VARIANT = sandboxVariant();
const ledger = new FaultLedger();
const timings: Record<string, number> = {};

let sandbox: GraphSandbox;
let origin: string;
let baseUrl: string;
const tempDirs: string[] = [];

interface FaultSpec {
  method?: string;
  path: string;
  status?: number;
  retryAfter?: number;
  times?: number;
  latencyMs?: number;
  afterCommit?: boolean;
  html?: boolean;
}

// ---- the sandbox's control API --------------------------------------------------------------

/** The sandbox's control API, once it listens (beforeAll below). */
let control: Control;

const sandboxState = (): Promise<SandboxState> => control('GET', '/state');
const routeCount = async (route: string): Promise<number> =>
  ((await control('GET', '/stats')).byRoute[route] as number | undefined) ?? 0;

/** Arms a fault and counts it (`times` of them): `disarm` checks every armed fault was met. */
async function arm(scenario: string, spec: FaultSpec): Promise<void> {
  await control('POST', '/faults', spec);
  ledger.countFault(scenario, spec.times ?? 1);
}

/** Clears the faults; any left unused is taken off the count and reported (the scenario did not meet it). */
async function disarm(scenario: string): Promise<void> {
  const { faults } = (await control('GET', '/faults')) as { faults: { remaining: number; path: string }[] };
  for (const f of faults) {
    ledger.countFault(scenario, -f.remaining);
    ledger.problems.push(`${scenario}: ${f.remaining} armed fault(s) on ${f.path} never met`);
  }
  await control('DELETE', '/faults');
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
  everyMs = 20
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

// ---- activities -------------------------------------------------------------------------------

let activitySeq = 0;

/** Alex, in the local-mode chat (the bot's token for him is `sandbox.<id>`). */
function asAlex(a: Activity): void {
  a.id = `f:faults-${++activitySeq}`;
  a.from.aadObjectId = CURRENT_USER_ID;
  a.from.name = ALEX.displayName;
}

/** Alex in the Agents Playground, local mode's channel: its activities name its loopback connector. */
function asAlexInPlayground(a: Activity): void {
  asAlex(a);
  a.serviceUrl = PLAYGROUND_SERVICE_URL;
}

/** A draft with a marker (its topic, or a reply's text) that nothing else in the sandbox contains. */
function newDraft(scenario: string, kind: FaultDraft['kind'] = 'conversation'): FaultDraft {
  const tag = randomUUID().slice(0, 8);
  return ledger.draft(
    scenario,
    kind,
    randomUUID(),
    kind === 'conversation' ? `Faults suite topic ${tag}` : `Faults suite reply ${tag}`
  );
}

/** Post on the New group conversation form (or its Try again: the same draft, a new activity). */
function createActivity(d: FaultDraft, patch: (a: Activity) => void = asAlexInPlayground): Activity {
  return createInvoke(
    {
      draftId: d.draftId,
      groupId: GROUP,
      topic: d.marker,
      body: `Hello from the faults suite.\n${d.marker}`,
      participants: SEED_USER_IDS.megan,
      otherEmails: ''
    },
    patch
  );
}

interface Thread {
  groupId: string;
  conversationId: string;
  threadId: string;
  topic: string;
}

/** Post on a reply form (or its Try again). */
function replyActivity(d: FaultDraft, thread: Thread): Activity {
  return cardAction(
    'replyToThread',
    { ...thread, draftId: d.draftId, body: d.marker, participants: '', otherEmails: '' },
    asAlexInPlayground
  );
}

/** A bot to press on: a useTestBot bot or a child process, each with its own invoke contract. */
type Target = { url: string; invokeContract: InvokeContract };

/**
 * Sends one invoke; checks it is a proper card answer (its documented shape, and its cards); records
 * what the person was told against the store.
 */
async function press(
  bot: Target,
  d: FaultDraft,
  activity: Activity,
  headers: Record<string, string> = {}
): Promise<Classified> {
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
    signal: AbortSignal.timeout(30_000)
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  checkAnswerCards('/api/messages', body);
  const broken = bot.invokeContract.problemOf('/api/messages', activity, { status: res.status, body });
  if (broken) ledger.problems.push(`${d.scenario}: ${broken}`);
  if (res.status !== 200 || body?.statusCode !== 200 || body?.type !== 'application/vnd.microsoft.card.adaptive') {
    ledger.untruths += 1;
    ledger.problems.push(`${d.scenario}: not a card answer: HTTP ${res.status} ${text.slice(0, 300)}`);
    return { told: 'failed', title: `(HTTP ${res.status})` };
  }
  return ledger.answer(d, body.value, await sandboxState());
}

/**
 * Presses Post, then Try again as long as the card says to (at most `maxPresses` in all), until the
 * draft is confirmed. `beforeRetry` runs before each Try again (e.g. waiting out Retry-After).
 * Returns the titles the person saw, in order; the draft's end state is then checked.
 */
async function postUntilConfirmed(
  bot: Target,
  d: FaultDraft,
  build: () => Activity,
  options: {
    maxPresses?: number;
    beforeRetry?: (told: Classified, n: number) => Promise<void>;
    headers?: Record<string, string>;
  } = {}
): Promise<string[]> {
  const titles: string[] = [];
  for (let n = 1; n <= (options.maxPresses ?? 3); n++) {
    const told = await press(bot, d, build(), options.headers);
    titles.push(told.title);
    if (told.told === 'posted') break;
    await options.beforeRetry?.(told, n);
  }
  ledger.finish(d, await sandboxState());
  return titles;
}

/** Runs one scenario: its problems (untruths, duplicates, losses, unmet faults) must be none. */
function scenario(name: string, fn: (name: string) => Promise<void>, timeoutMs = 30_000): void {
  it(
    name,
    async () => {
      const before = ledger.problems.length;
      const started = Date.now();
      try {
        await fn(name);
      } finally {
        await disarm(name).catch((err: unknown) =>
          ledger.problems.push(`${name}: could not clear faults: ${String(err)}`)
        );
        timings[name] = Date.now() - started;
      }
      expect(ledger.problems.slice(before)).toEqual([]);
    },
    timeoutMs
  );
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

// -------------------------------------------------------------------------------------------------

beforeAll(async () => {
  sandbox = createGraphSandbox({ config: VARIANT.config });
  ({ origin, baseUrl } = await sandbox.listen(0));
  control = sandboxControl(origin);
  const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  for (const [senderId, newestAt] of [
    [CURRENT_USER_ID, hours(3)],
    [SEED_USER_IDS.megan, hours(1.5)]
  ] as const) {
    await control('POST', '/conversations', { groupId: GROUP, count: 16, senderId, newestAt, spacingMinutes: 20 });
  }
});

afterAll(async () => {
  await killAllChildBots();
  killAllLockHolders();
  await sandbox?.close();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('Faults: local-mode bot (in process, state on disk) against the Graph sandbox', () => {
  let dataDir: string;
  /** A conversation Alex started, to reply in. */
  let thread: Thread;

  beforeAll(() => {
    dataDir = tempDir('faults-bot-');
  });
  const bot = useTestBot({
    per: 'describe',
    env: () => ({
      GRAPH_BASE_URL: baseUrl,
      INVOKE_DEADLINE_MS: '12000',
      POSTS_PER_MINUTE: '10000',
      DATA_DIR: dataDir,
      ...VARIANT.botEnv
    })
  });

  const post = (d: FaultDraft) => () => createActivity(d);

  describe('429 storms on the create', () => {
    scenario('429 ×2, Retry-After 1: retried within the budget, posted once', async (name) => {
      await arm(name, { method: 'POST', path: CREATE_PATH, status: 429, retryAfter: 1, times: 2 });
      const d = newDraft(name);
      expect(await postUntilConfirmed(bot, d, post(d))).toEqual([POSTED]);
    });

    scenario('429 ×3, Retry-After 1: still within the budget, posted once', async (name) => {
      await arm(name, { method: 'POST', path: CREATE_PATH, status: 429, retryAfter: 1, times: 3 });
      const d = newDraft(name);
      expect(await postUntilConfirmed(bot, d, post(d))).toEqual([POSTED]);
    });

    scenario(
      '429 ×4, Retry-After 1: beyond the budget → "Too many requests", nothing stored; Try again posts once',
      async (name) => {
        await arm(name, { method: 'POST', path: CREATE_PATH, status: 429, retryAfter: 1, times: 4 });
        const d = newDraft(name);
        expect(await postUntilConfirmed(bot, d, post(d))).toEqual([notice('error.throttled', {}).title, POSTED]);
      }
    );

    scenario(
      '429, Retry-After 30: longer than the budget → "Too many requests" at once; Try again later posts once',
      async (name) => {
        await arm(name, { method: 'POST', path: CREATE_PATH, status: 429, retryAfter: 30, times: 1 });
        const d = newDraft(name);
        const started = Date.now();
        const first = await press(bot, d, createActivity(d));
        expect(first.title).toBe(notice('error.throttled', {}).title);
        // Not waited out: the bot gives up at once and says when to come back.
        expect(Date.now() - started).toBeLessThan(3000);
        expect(await postUntilConfirmed(bot, d, post(d))).toEqual([POSTED]);
      }
    );
  });

  describe('5xx and dropped connections on the create, before and after the write commits', () => {
    for (const { label, spec } of [
      { label: '503', spec: { status: 503 } },
      { label: '504', spec: { status: 504 } },
      { label: 'a dropped connection', spec: { status: 0 } }
    ]) {
      scenario(
        `${label} before the commit → "couldn't confirm", nothing stored; Try again looks, then posts once`,
        async (name) => {
          await arm(name, { method: 'POST', path: CREATE_PATH, ...spec });
          const d = newDraft(name);
          expect(await postUntilConfirmed(bot, d, post(d))).toEqual([UNCONFIRMED, POSTED]);
          expect(await routeCount(CREATE_ROUTE)).toBeGreaterThan(0);
        }
      );
    }

    for (const { label, spec } of [
      { label: '503', spec: { status: 503 } },
      { label: '504', spec: { status: 504 } },
      { label: "a gateway's HTML 502", spec: { status: 502, html: true } },
      { label: 'a dropped connection', spec: { status: 0 } }
    ]) {
      scenario(
        `${label} after the commit → reconciled: "Posted to …", stored once; pressing Post again changes nothing`,
        async (name) => {
          await arm(name, { method: 'POST', path: CREATE_PATH, afterCommit: true, ...spec });
          const d = newDraft(name);
          const creates = await routeCount(CREATE_ROUTE);
          expect(await postUntilConfirmed(bot, d, post(d))).toEqual([POSTED]);
          const again = await press(bot, d, createActivity(d));
          expect(again.title).toBe(POSTED);
          // One create reached Graph: the reconcile found it, the second press was answered from the ledger.
          expect((await routeCount(CREATE_ROUTE)) - creates).toBe(1);
        }
      );
    }

    scenario(
      "503 after the commit while the reconcile's reads fail too (503 ×4) → " +
        '"couldn\'t confirm"; Try again finds it: stored once',
      async (name) => {
        await arm(name, { method: 'POST', path: CREATE_PATH, status: 503, afterCommit: true });
        await arm(name, { method: 'GET', path: CREATE_PATH, status: 503, times: 4 });
        const d = newDraft(name);
        const creates = await routeCount(CREATE_ROUTE);
        expect(await postUntilConfirmed(bot, d, post(d))).toEqual([UNCONFIRMED, POSTED]);
        expect((await routeCount(CREATE_ROUTE)) - creates).toBe(1);
      }
    );
  });

  describe('5xx, 429 and dropped connections on replies', () => {
    beforeAll(async () => {
      const d = newDraft('a conversation to reply in');
      const told = await press(bot, d, createActivity(d));
      expect(told.title).toBe(POSTED);
      ledger.finish(d, await sandboxState());
      const state = await sandboxState();
      const conversation = state.conversations.find((c) => c.topic === d.marker);
      thread = {
        groupId: GROUP,
        conversationId: conversation?.id as string,
        threadId: conversation?.threads[0]?.id as string,
        topic: d.marker
      };
    });

    const reply = (d: FaultDraft) => () => replyActivity(d, thread);

    for (const { label, spec } of [
      { label: '503', spec: { status: 503 } },
      { label: '504', spec: { status: 504 } },
      { label: 'a dropped connection', spec: { status: 0 } }
    ]) {
      scenario(`reply: ${label} before the commit → not claimed as sent; Try again sends it once`, async (name) => {
        await arm(name, { method: 'POST', path: REPLY_PATH, ...spec });
        const d = newDraft(name, 'reply');
        const titles = await postUntilConfirmed(bot, d, reply(d));
        expect(titles).toEqual([UNCONFIRMED, say('replySent.title', { topic: thread.topic })]);
      });

      scenario(`reply: ${label} after the commit → reconciled: "Reply sent", stored once`, async (name) => {
        await arm(name, { method: 'POST', path: REPLY_PATH, afterCommit: true, ...spec });
        const d = newDraft(name, 'reply');
        expect(await postUntilConfirmed(bot, d, reply(d))).toEqual([say('replySent.title', { topic: thread.topic })]);
        expect((await press(bot, d, replyActivity(d, thread))).told).toBe('posted');
      });
    }

    scenario('reply: 429 ×2, Retry-After 1 → retried, sent once', async (name) => {
      await arm(name, { method: 'POST', path: REPLY_PATH, status: 429, retryAfter: 1, times: 2 });
      const d = newDraft(name, 'reply');
      expect(await postUntilConfirmed(bot, d, reply(d))).toEqual([say('replySent.title', { topic: thread.topic })]);
    });
  });

  describe("the bot's SQLite file locked by another process", () => {
    const dbFile = () => path.join(dataDir, 'bot-state.sqlite');

    scenario('locked for 2 s (under busy_timeout 5000) when Post arrives → waits, then posts once', async (name) => {
      const d = newDraft(name);
      const lock = await holdExclusiveLock(dbFile(), 2000);
      ledger.countFault(name);
      const started = Date.now();
      expect(await postUntilConfirmed(bot, d, post(d))).toEqual([POSTED]);
      // It did wait for the lock (not a lucky miss), and no longer than the lock was held.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(Date.now() - started).toBeLessThan(5000);
      await lock.released;
    });

    scenario(
      'locked for 7 s (over busy_timeout) when Post arrives → ' +
        'an error card, nothing stored; after release Try again posts once',
      async (name) => {
        const d = newDraft(name);
        const lock = await holdExclusiveLock(dbFile(), 7000);
        ledger.countFault(name);
        const titles = await postUntilConfirmed(bot, d, post(d), { beforeRetry: () => lock.released });
        // The ledger could not claim the draft, so nothing was sent: a plain failure with Try again.
        expect(titles).toEqual([notice('error.internal').title, POSTED]);
        expect(d.answers[0]).toMatchObject({ told: 'failed', stored: 0 });
      },
      40_000
    );

    scenario(
      'locked for 9 s while the create is in flight (the write commits, ' +
        'the ledger cannot record it) → the truth, never a second post',
      async (name) => {
        await arm(name, { method: 'POST', path: CREATE_PATH, latencyMs: SLOW_MS });
        const d = newDraft(name);
        const creates = await routeCount(CREATE_ROUTE);
        const first = press(bot, d, createActivity(d));
        await waitFor('the create to reach the sandbox', async () => (await routeCount(CREATE_ROUTE)) > creates);
        const lock = await holdExclusiveLock(dbFile(), 9000);
        ledger.countFault(name);
        const told = await first;
        await lock.released;
        // The lock was met where it matters: after Graph took the post, before the ledger recorded it.
        expect(bot.logs.some((l) => l.includes('posted, but the draft ledger could not record it'))).toBe(true);
        // Told the truth (posted); pressing Post again on the same form looks in Graph, never re-posts.
        const titles = [told.title, ...(await postUntilConfirmed(bot, d, post(d)))];
        expect(titles).toEqual([POSTED, POSTED]);
        expect((await routeCount(CREATE_ROUTE)) - creates).toBe(1);
      },
      40_000
    );
  });
});

describe(`Faults: Graph slower than GRAPH_TIMEOUT_MS (${SHORT_GRAPH_TIMEOUT_MS} ms)`, () => {
  const bot = useTestBot({
    per: 'describe',
    env: () => ({
      GRAPH_BASE_URL: baseUrl,
      INVOKE_DEADLINE_MS: '12000',
      POSTS_PER_MINUTE: '10000',
      GRAPH_TIMEOUT_MS: String(SHORT_GRAPH_TIMEOUT_MS),
      ...VARIANT.botEnv
    })
  });
  let thread: Thread;
  beforeAll(async () => {
    // Alex's conversation to reply in, made straight in the sandbox (not through this bot, whose
    // short timeout is for the scenarios).
    const topic = `Faults suite thread ${randomUUID().slice(0, 8)}`;
    const res = await fetch(`${baseUrl}/groups/${GROUP}/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer sandbox.${CURRENT_USER_ID}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        topic,
        threads: [{ posts: [{ body: { contentType: 'html', content: 'Replies below.' } }] }]
      })
    });
    const created = (await res.json()) as { id: string; threads: { id: string }[] };
    expect(res.status).toBe(201);
    thread = { groupId: GROUP, conversationId: created.id, threadId: created.threads[0]?.id as string, topic };
  });

  // The sandbox holds a delayed request for latencyMs whatever the client does, then handles it:
  // a latency-only fault (or one with afterCommit) COMMITS after the bot has given up, exactly like
  // a Graph request that outlives its client. The bot's reconcile right after its timeout cannot
  // see that write yet, so "couldn't confirm" is the truth; the person's Try again comes after the
  // write landed server-side (the test waits for it) and must find it instead of posting again.
  const waitUntilStored = (d: FaultDraft) => async () => {
    await waitFor('the delayed write to land', async () => storedCount(await sandboxState(), d) > 0, SLOW_MS + 5000);
  };

  scenario(
    'create slower than the timeout, committing server-side → "couldn\'t confirm"; Try again finds it: stored once',
    async (name) => {
      await arm(name, { method: 'POST', path: CREATE_PATH, latencyMs: SLOW_MS });
      const d = newDraft(name);
      expect(await postUntilConfirmed(bot, d, () => createActivity(d), { beforeRetry: waitUntilStored(d) })).toEqual([
        UNCONFIRMED,
        POSTED
      ]);
    }
  );

  scenario(
    'create slower than the timeout, then failing 503 without committing → "couldn\'t confirm"; Try again posts once',
    async (name) => {
      await arm(name, { method: 'POST', path: CREATE_PATH, latencyMs: SLOW_MS, status: 503 });
      const d = newDraft(name);
      const started = Date.now();
      const titles = await postUntilConfirmed(bot, d, () => createActivity(d), {
        // The delayed request is answered (503, nothing written) before the person tries again.
        beforeRetry: async () => void (await sleep(started + SLOW_MS + 300 - Date.now()))
      });
      expect(titles).toEqual([UNCONFIRMED, POSTED]);
    }
  );

  scenario(
    'create slower than the timeout, committing then answering 503 → ' +
      '"couldn\'t confirm"; Try again finds it: stored once',
    async (name) => {
      await arm(name, { method: 'POST', path: CREATE_PATH, latencyMs: SLOW_MS, status: 503, afterCommit: true });
      const d = newDraft(name);
      expect(await postUntilConfirmed(bot, d, () => createActivity(d), { beforeRetry: waitUntilStored(d) })).toEqual([
        UNCONFIRMED,
        POSTED
      ]);
    }
  );

  scenario(
    'reply slower than the timeout, committing server-side → not confirmed early; Try again finds it: stored once',
    async (name) => {
      await arm(name, { method: 'POST', path: REPLY_PATH, latencyMs: SLOW_MS });
      const d = newDraft(name, 'reply');
      const titles = await postUntilConfirmed(bot, d, () => replyActivity(d, thread), {
        beforeRetry: waitUntilStored(d)
      });
      expect(titles).toEqual([UNCONFIRMED, say('replySent.title', { topic: thread.topic })]);
    }
  );
});

describe('Faults: Entra ID down (Teams-mode bot, signed activities, Graph bridged to the sandbox)', () => {
  const graphCalls: string[] = [];
  const alex = { aadObjectId: CURRENT_USER_ID, name: ALEX.displayName, mail: ALEX.mail as string };
  const auth = () => teamsAuth();
  /** Teams attaches Alex's SSO token to each action; the form's draft is the same on every press. */
  const teamsPost = (d: FaultDraft) => () =>
    createActivity(d, (a) => {
      asAlex(a);
      a.value.authentication = { id: 'auth-1', connectionName: '', token: ssoTokenFor(alex) };
    });

  beforeEach(() => {
    bridgeGraphToSandbox(origin, graphCalls);
  });
  // A fresh bot for each scenario: msal's token cache would otherwise answer from the last sign-in.
  const bot = useTestBot({
    teams: true,
    env: { INVOKE_DEADLINE_MS: '12000', POSTS_PER_MINUTE: '10000', LOG_LEVEL: 'info', ...VARIANT.botEnv }
  });

  const unavailable = {
    ...entraError('temporarily_unavailable', 50196, 'The server is temporarily unavailable.'),
    suberror: undefined
  };

  scenario(
    'token endpoint 503 on two Posts (×3 each, the bot retries) → ' +
      '"Sign-in service unavailable", nothing posted; Entra back → posted once',
    async (name) => {
      const obo: OboRequest[] = [];
      const down = nockTokenEndpoint(obo, { status: 503, body: unavailable }, 6);
      ledger.countFault(name, 6);
      const d = newDraft(name);
      const calls = graphCalls.length;
      const titles = await postUntilConfirmed(bot, d, teamsPost(d), {
        headers: auth(),
        beforeRetry: async (_told, n) => {
          // Entra comes back after the second failure.
          if (n === 2)
            nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(alex, `sandbox.${CURRENT_USER_ID}`) });
        }
      });
      expect(titles).toEqual([notice('error.auth_unavailable').title, notice('error.auth_unavailable').title, POSTED]);
      expect(down.isDone()).toBe(true);
      expect(obo).toHaveLength(7);
      // Nothing reached Graph while Entra was down.
      expect(graphCalls.slice(calls).filter((c) => c.startsWith('POST'))).toHaveLength(1);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    }
  );

  scenario(
    'token endpoint unreachable (connection reset ×3) → "Sign-in service unavailable"; back → posted once',
    async (name) => {
      const obo: OboRequest[] = [];
      nock(LOGIN)
        .post(`/${TENANT_ID}/oauth2/v2.0/token`, (b: OboRequest) => Boolean(obo.push(b)))
        .query(true)
        .times(3)
        .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      ledger.countFault(name, 3);
      const d = newDraft(name);
      const titles = await postUntilConfirmed(bot, d, teamsPost(d), {
        headers: auth(),
        beforeRetry: async () => {
          nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(alex, `sandbox.${CURRENT_USER_ID}`) });
        }
      });
      expect(titles).toEqual([notice('error.auth_unavailable').title, POSTED]);
      expect(obo).toHaveLength(4);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    }
  );
});

describe('Faults: the bot process killed (SIGKILL) mid-post and restarted on the same DATA_DIR', () => {
  let dataDir: string;
  let child: ChildBot | undefined;
  let thread: Thread;
  const start = async () => {
    child = await startChildBot({
      GRAPH_BASE_URL: baseUrl,
      DATA_DIR: dataDir,
      INVOKE_DEADLINE_MS: '12000',
      POSTS_PER_MINUTE: '10000',
      ...VARIANT.botEnv
    });
    return child;
  };

  beforeAll(async () => {
    dataDir = tempDir('faults-child-');
    await start();
    const d = newDraft('a conversation to reply in (child bot)');
    const told = await press(child as ChildBot, d, createActivity(d));
    expect(told.title).toBe(POSTED);
    ledger.finish(d, await sandboxState());
    const conversation = (await sandboxState()).conversations.find((c) => c.topic === d.marker);
    thread = {
      groupId: GROUP,
      conversationId: conversation?.id as string,
      threadId: conversation?.threads[0]?.id as string,
      topic: d.marker
    };
  }, 60_000);
  afterAll(async () => {
    await child?.kill();
  });

  /**
   * Sends the draft's invoke, waits until the sandbox holds the write, SIGKILLs the bot, lets the
   * sandbox finish (`settled`), restarts the bot and presses Try again until confirmed.
   */
  async function killMidPost(
    name: string,
    d: FaultDraft,
    build: () => Activity,
    route: string,
    settled: () => Promise<void>
  ): Promise<string[]> {
    // A scenario that failed half-way may have left no bot running.
    if (!child?.alive()) await start();
    const bot = child as ChildBot;
    const before = await routeCount(route);
    const inFlight = fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(build()),
      signal: AbortSignal.timeout(30_000)
    }).then(
      (res) => `answered ${res.status}`,
      (err: unknown) => `no answer (${(err as Error).name})`
    );
    await waitFor('the write to reach the sandbox', async () => (await routeCount(route)) > before);
    await bot.kill('SIGKILL');
    ledger.countFault(name);
    // The person got no answer (Teams would show "Unable to reach app").
    expect(await inFlight).toMatch(/^no answer/);
    await settled();
    const restarted = await start();
    // The ledger's pending draft is in doubt now: the Try again below must look in Graph first.
    // The bot logs it once its (asynchronous) recovery has run, which may be after "ready".
    const IN_DOUBT = 'drafts interrupted by the last stop are now in doubt';
    await waitFor('the restarted bot to report the draft in doubt', async () =>
      restarted.output().includes(IN_DOUBT)
    ).catch(() => undefined);
    expect(restarted.output()).toContain(IN_DOUBT);
    return postUntilConfirmed(restarted, d, build);
  }

  scenario(
    'killed while the create is in flight, the write commits server-side → ' +
      'restarted: reconciled, "Posted to …", stored once',
    async (name) => {
      await arm(name, { method: 'POST', path: CREATE_PATH, latencyMs: SLOW_MS });
      const d = newDraft(name);
      const titles = await killMidPost(
        name,
        d,
        () => createActivity(d),
        CREATE_ROUTE,
        async () => {
          await waitFor('the write to land', async () => storedCount(await sandboxState(), d) > 0, SLOW_MS + 5000);
        }
      );
      expect(titles).toEqual([POSTED]);
    },
    60_000
  );

  scenario(
    'killed while the create is in flight, the write never commits (connection dropped) → restarted: posted once',
    async (name) => {
      await arm(name, { method: 'POST', path: CREATE_PATH, latencyMs: SLOW_MS, status: 0 });
      const d = newDraft(name);
      const started = Date.now();
      const titles = await killMidPost(
        name,
        d,
        () => createActivity(d),
        CREATE_ROUTE,
        async () => {
          await sleep(started + SLOW_MS + 300 - Date.now());
          expect(storedCount(await sandboxState(), d)).toBe(0);
        }
      );
      expect(titles).toEqual([POSTED]);
    },
    60_000
  );

  scenario(
    'killed while a reply is in flight, the write commits → restarted: "Reply sent", stored once',
    async (name) => {
      await arm(name, { method: 'POST', path: REPLY_PATH, latencyMs: SLOW_MS });
      const d = newDraft(name, 'reply');
      const titles = await killMidPost(
        name,
        d,
        () => replyActivity(d, thread),
        REPLY_ROUTE,
        async () => {
          await waitFor('the reply to land', async () => storedCount(await sandboxState(), d) > 0, SLOW_MS + 5000);
        }
      );
      expect(titles).toEqual([say('replySent.title', { topic: thread.topic })]);
    },
    60_000
  );

  scenario(
    'killed while a reply is in flight, the write never commits → restarted: sent once',
    async (name) => {
      await arm(name, { method: 'POST', path: REPLY_PATH, latencyMs: SLOW_MS, status: 0 });
      const d = newDraft(name, 'reply');
      const started = Date.now();
      const titles = await killMidPost(
        name,
        d,
        () => replyActivity(d, thread),
        REPLY_ROUTE,
        async () => {
          await sleep(started + SLOW_MS + 300 - Date.now());
          expect(storedCount(await sandboxState(), d)).toBe(0);
        }
      );
      expect(titles).toEqual([say('replySent.title', { topic: thread.topic })]);
    },
    60_000
  );
});

describe('Faults: figures', () => {
  it('records the figures: at least 40 faults, 0 duplicates, 0 lost drafts, 0 untruths', () => {
    const figures = {
      faults: ledger.faults,
      duplicates: ledger.duplicates,
      lostDrafts: ledger.lostDrafts,
      untruths: ledger.untruths,
      drafts: ledger.drafts.length
    };
    recordFigures('faults', figures);
    const lines = Object.entries(ledger.faultsByScenario).map(([name, n]) => {
      const told = ledger.drafts
        .filter((d) => d.scenario === name)
        .map((d) => d.answers.map((a) => a.title).join(' → '));
      return [
        `  ${String(n).padStart(2)} fault(s) ${String(timings[name] ?? 0).padStart(6)} ms  ${name}`,
        `${' '.repeat(25)}told: ${told.join('; ')}`
      ].join('\n');
    });
    const totals = [
      `${figures.faults} faults over ${figures.drafts} drafts`,
      `${figures.duplicates} duplicates`,
      `${figures.lostDrafts} lost drafts`,
      `${figures.untruths} untruths`
    ];
    // eslint-disable-next-line no-console
    console.log(
      [
        `faults: ${totals.join(', ')}`,
        ...lines,
        ...(ledger.problems.length > 0 ? ['problems:', ...ledger.problems.map((p) => `  ${p}`)] : [])
      ].join('\n')
    );
    expect(ledger.problems).toEqual([]);
    expect(figures.faults).toBeGreaterThanOrEqual(40);
    expect(figures.duplicates).toBe(0);
    expect(figures.lostDrafts).toBe(0);
    expect(figures.untruths).toBe(0);
  });
});
