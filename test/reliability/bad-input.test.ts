// Reliability: hostile and broken input. A corpus of malformed, oversized, tampered and
// malicious requests (test/helpers/bad-input-corpus.ts + test/fixtures/bad-input/*.json) is sent
// over HTTP to the real server, 8 at a time: the local-mode bot (anonymous, on loopback, with the
// in-process Graph sandbox) as the seeded current user, and a Teams-mode bot for Bot Framework
// authentication and hostile bodies behind a valid token.
//
// For every case: a status below 500; an adaptiveCard/action answered 200 carries a proper invoke
// answer; no body (nor any reply the bot sends) shows a stack frame, a source path or
// node_modules; no turn logs an unhandled error. After every batch /healthz answers within 5 s
// (else: a crash; so is a request left unanswered for 5 s), and the sandbox holds exactly the
// conversations of the valid-but-weird cases, each posted once, as the person, text escaped.
// Figures: test-results/reliability/bad-input.json → "reliability: N bad inputs, 0 crashes, 0 5xx".
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import nock from 'nock';
import { useTestBot, type TestBot } from '../helpers/test-bot';
import { checkAnswerCards } from '../helpers/answer-cards';
import type { InvokeContract } from '../helpers/invoke-contract';
import { findInCard, matchesWord } from '../helpers/card-readers';
import {
  createGraphSandbox,
  CURRENT_USER_ID,
  SEED,
  SEED_GROUP_IDS,
  SEED_TENANT_ID,
  SEED_USER_IDS,
  type GraphSandbox
} from '../../src/sandbox';
import { say } from '../../src/core/words';
import { nockBotFrameworkMetadata, TEAMS_SERVICE_URL } from '../helpers/bot-framework-auth';
import { ALICE, BOB, BOT_ID, TENANT_ID } from '../helpers/entra';
import { FIGURES_DIR, recordFigures } from '../helpers/reliability-figures';
import { CARD_BUDGET_BYTES, TEAMS_MESSAGE_LIMIT_BYTES } from '../helpers/size-budget';
import {
  buildLocalCorpus,
  buildTeamsCorpus,
  comparable,
  countByCategory,
  htmlToText,
  internalsIn,
  normalisedText,
  type BadInputCase,
  type ExpectedPost
} from '../helpers/bad-input-corpus';

const BATCH = 8;
const TIMEOUT_MS = 5000;
const POLLUTION_KEYS = [
  'polluted',
  'isAdmin',
  'verb',
  'data',
  'groupId',
  'topic',
  'tenant',
  'conversationType',
  'deliveryMode',
  'aadObjectId'
];

const figures = { inputs: 0, crashes: 0, serverErrors: 0, worstLoopDelayMs: 0 };
// The bot runs in this process (useTestBot): the longest the event loop was blocked while it
// handled the bad inputs, pathological texts included (issue 13). Sampled only while a batch is in
// flight: the bot's start and the harness's own card checks (schemas compiled once, about a
// second) are not the bot handling input. The batch it happened in is named in the report.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let worstBatch = '';
const firstBatchDelays: number[] = [];
const report: string[] = [];
/** One line per case, written next to the figures (test-results/reliability/bad-input-cases.json). */
const caseLog: { mode: string; id: string; status: number; ms: number; answerChars: number; note?: string }[] = [];

interface Outcome {
  c: BadInputCase;
  status: number;
  text: string;
  ms: number;
  /** No answer: the request hung for TIMEOUT_MS, or the connection was dropped. */
  noAnswer?: string;
}

async function send(url: string, c: BadInputCase): Promise<Outcome> {
  const started = Date.now();
  try {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: c.headers,
      body: c.body,
      signal: AbortSignal.timeout(TIMEOUT_MS)
    });
    const text = await res.text();
    return { c, status: res.status, text, ms: Date.now() - started };
  } catch (err) {
    const name = (err as Error).name;
    return {
      c,
      status: 0,
      text: '',
      ms: Date.now() - started,
      noAnswer: name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : `connection failed: ${String(err)}`
    };
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    return res.status === 200 && (await res.json()).status === 'ok';
  } catch {
    return false;
  }
}

/** What the server parsed, as far as the test can tell: the activity, or undefined. */
function activityOf(c: BadInputCase): Record<string, any> | undefined {
  try {
    const text = typeof c.body === 'string' ? c.body : Buffer.from(c.body).toString('utf8');
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, any>) : undefined;
  } catch {
    return undefined;
  }
}

type AnswerKind = 'card' | 'error' | 'login';

/** The kind of a proper adaptiveCard/action answer, or undefined when it is not one. */
function invokeAnswerKind(body: any, mode: BadInputCase['mode']): AnswerKind | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  if (
    body.statusCode === 200 &&
    body.type === 'application/vnd.microsoft.card.adaptive' &&
    body.value?.type === 'AdaptiveCard'
  )
    return 'card';
  if (
    body.statusCode === 400 &&
    body.type === 'application/vnd.microsoft.error' &&
    typeof body.value?.code === 'string' &&
    typeof body.value?.message === 'string'
  )
    return 'error';
  // Teams mode only: "sign in first", so Teams resends the action with the person's token.
  if (mode === 'teams' && body.statusCode === 401 && body.type === 'application/vnd.microsoft.activity.loginRequest')
    return 'login';
  return undefined;
}

/** A confirmation anywhere in the answer: some `text` (a card's TextBlock, an activity) saying "Posted to …". */
const isConfirmation = (body: unknown) =>
  findInCard(
    body,
    (n) => typeof n.text === 'string' && matchesWord(n.text, (group) => say('confirmation.title', { group }))
  ).length > 0;

/** Everything wrong with one outcome (empty: the case passed). */
function problemsOf(o: Outcome, contract: InvokeContract): string[] {
  const { c } = o;
  if (o.noAnswer) return [o.noAnswer];
  const problems: string[] = [];
  if (o.status >= 500) problems.push(`HTTP ${o.status}: ${o.text.slice(0, 200)}`);
  if (c.expect.status !== undefined && o.status !== c.expect.status)
    problems.push(`HTTP ${o.status}, expected ${c.expect.status}: ${o.text.slice(0, 200)}`);
  const leak = internalsIn(o.text);
  if (leak) problems.push(`the response shows ${leak}`);
  let body: any;
  try {
    body = o.text ? JSON.parse(o.text) : undefined;
  } catch {
    problems.push(`the response is not JSON: ${o.text.slice(0, 100)}`);
  }
  // However hostile the input, every card the bot answers with must be one Teams can show.
  try {
    checkAnswerCards('/api/messages', body);
  } catch (err) {
    problems.push((err as Error).message.slice(0, 600));
  }
  // However hostile the input, an invoke's answer must have the shape Teams documents for it.
  const broken = contract.problemOf('/api/messages', activityOf(c), { status: o.status, body });
  if (broken) problems.push(broken.slice(0, 600));
  const activity = activityOf(c);
  if (o.status === 200 && activity?.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    // An invoke asking for expectReplies gets its invoke answer back among the activities.
    const answer =
      activity.deliveryMode === 'expectReplies'
        ? body?.activities?.find((a: any) => a?.type === 'invokeResponse')?.value?.body
        : body;
    const kind = invokeAnswerKind(answer, c.mode);
    if (!kind) problems.push(`not a proper invoke answer: ${o.text.slice(0, 200)}`);
    else if (c.expect.answer && c.expect.answer !== kind) {
      problems.push(`invoke answer "${kind}", expected "${c.expect.answer}": ${o.text.slice(0, 200)}`);
    }
  }
  if (c.expect.post) {
    if (o.status !== 200 || !isConfirmation(body))
      problems.push(`expected the confirmation (a valid form), got HTTP ${o.status}: ${o.text.slice(0, 300)}`);
  } else if (isConfirmation(body)) {
    problems.push('answered with a confirmation: something was posted');
  }
  return problems;
}

/** Sends the corpus in batches; after each batch: /healthz, and (local) what the sandbox stored. */
async function runCorpus(
  bot: TestBot,
  cases: BadInputCase[],
  afterBatch: (batch: BadInputCase[]) => Promise<string[]> = async () => []
): Promise<{ outcomes: Outcome[]; failures: string[] }> {
  const outcomes: Outcome[] = [];
  const failures: string[] = [];
  for (let i = 0; i < cases.length; i += BATCH) {
    const batch = cases.slice(i, i + BATCH);
    loopDelay.reset();
    loopDelay.enable();
    const results = await Promise.all(batch.map((c) => send(bot.url, c)));
    loopDelay.disable();
    const batchDelayMs = Math.round(loopDelay.max / 1e6);
    // A fresh bot's first turns compile its code paths, templates and SQL once (JIT, ~150 ms on
    // this machine): reported on its own, the worst delay is that of the warm bot.
    if (i === 0) firstBatchDelays.push(batchDelayMs);
    else if (batchDelayMs > figures.worstLoopDelayMs) {
      figures.worstLoopDelayMs = batchDelayMs;
      worstBatch = batch.map((c) => c.id).join(' | ');
    }
    for (const o of results) {
      outcomes.push(o);
      figures.inputs += 1;
      if (o.noAnswer) figures.crashes += 1;
      else if (o.status >= 500) figures.serverErrors += 1;
      for (const p of problemsOf(o, bot.invokeContract)) failures.push(`${o.c.id}: ${p}`);
    }
    if (!(await healthy(bot.url))) {
      figures.crashes += 1;
      failures.push(
        `after batch ${i / BATCH + 1} (${batch.map((c) => c.id).join(' | ')}): /healthz did not answer 200`
      );
    }
    failures.push(...(await afterBatch(batch)));
  }
  return { outcomes, failures };
}

/** Log lines at error level or above, by activity id: a turn that failed unexpectedly. */
function turnErrors(bot: TestBot, cases: BadInputCase[]): { failures: string[]; knownBugHits: string[] } {
  const byId = new Map(cases.filter((c) => c.activityId).map((c) => [c.activityId as string, c]));
  const failures: string[] = [];
  const knownBugHits = new Set<string>();
  for (const line of bot.logs) {
    let entry: { level?: number; activityId?: string; msg?: string; err?: { message?: string; stack?: string } };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if ((entry.level ?? 0) < 50) continue;
    const c = entry.activityId ? byId.get(entry.activityId) : undefined;
    if (c?.expect.knownBug) {
      knownBugHits.add(`${c.id}: ${entry.msg} (${entry.err?.message})`);
      continue;
    }
    const where = /\n\s+at .*?\(?([^\s()]+:\d+:\d+)\)?/
      .exec(entry.err?.stack ?? '')?.[1]
      ?.replace(`${process.cwd()}/`, '');
    const who = c?.id ?? `activity ${entry.activityId ?? '(none)'}`;
    failures.push(`${who}: logged "${entry.msg}" ${entry.err?.message ?? ''}${where ? ` at ${where}` : ''}`);
  }
  return { failures, knownBugHits: [...knownBugHits] };
}

function expectNoPollution(): void {
  expect(({} as any).polluted).toBeUndefined();
  for (const key of POLLUTION_KEYS) {
    expect(Object.hasOwn(Object.prototype, key)).toBe(false);
    expect(Object.hasOwn(Array.prototype, key)).toBe(false);
  }
}

function summarise(mode: string, cases: BadInputCase[], outcomes: Outcome[]): void {
  for (const o of outcomes)
    caseLog.push({ mode, id: o.c.id, status: o.status, ms: o.ms, answerChars: o.text.length, note: o.c.expect.note });
  // Sizes as Teams counts them (UTF-16: two bytes per code unit). Answers over the 80 KB aim are
  // listed; over Teams' 100 KB limit the card would not show.
  const utf16 = (o: Outcome) => o.text.length * 2;
  const oversized = outcomes.filter((o) => utf16(o) > CARD_BUDGET_BYTES);
  if (oversized.length > 0) {
    const sizes = oversized.map((o) => `${o.c.id} (${Math.round(utf16(o) / 1024)} KB)`);
    report.push(`  answers over ${CARD_BUDGET_BYTES / 1024} KB: ${sizes.join(', ')}`);
  }
  expect(outcomes.filter((o) => utf16(o) > TEAMS_MESSAGE_LIMIT_BYTES).map((o) => o.c.id)).toEqual([]);
  const statuses: Record<number, number> = {};
  for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
  const slowest = [...outcomes].sort((a, b) => b.ms - a.ms)[0];
  const largest = [...outcomes].sort((a, b) => b.text.length - a.text.length)[0];
  report.push(
    `${mode}: ${cases.length} cases ${JSON.stringify(countByCategory(cases))}`,
    [
      `  statuses ${JSON.stringify(statuses)}`,
      `slowest ${slowest?.ms} ms (${slowest?.c.id})`,
      `largest answer ${largest?.text.length} chars (${largest?.c.id})`
    ].join('; ')
  );
}

// -------------------------------------------------------------------------------------------------

describe('Bad input: local mode (anonymous bot, Graph sandbox, seeded current user)', () => {
  let sandbox: GraphSandbox;
  let origin: string;
  let baseUrl: string;
  let channel: http.Server;
  const channelReplies: string[] = [];
  const outbound: string[] = [];
  const onNoMatch = (req: { hostname?: string; method?: string; href?: string; path?: string }) => {
    if (!/^(127\.0\.0\.1|localhost|\[?::1\]?)$/.test(req.hostname ?? ''))
      outbound.push(`${req.method} ${req.href ?? `${req.hostname}${req.path}`}`);
  };

  beforeAll(async () => {
    nock.emitter.on('no match', onNoMatch);
    // Posts of the valid-but-weird cases land 8 at a time in one group mailbox.
    sandbox = createGraphSandbox({ mailboxConcurrency: 64 });
    const listening = await sandbox.listen(0);
    origin = listening.origin;
    baseUrl = listening.baseUrl;
    // A loopback channel for normal delivery (as the Agents Playground): it keeps every reply.
    channel = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        channelReplies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"reply-1"}');
      });
    });
    await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', resolve));
  });
  // Declared between the two hooks: it starts after the sandbox and the channel, and stops first.
  const bot = useTestBot({ per: 'describe', env: () => ({ GRAPH_BASE_URL: baseUrl, POSTS_PER_MINUTE: '10000' }) });
  afterAll(async () => {
    nock.emitter.removeListener('no match', onNoMatch);
    await new Promise<void>((resolve) => channel?.close(() => resolve()));
    await sandbox?.close();
  });

  async function conversations(): Promise<any[]> {
    const res = await fetch(`${origin}/_sandbox/state`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    return (await res.json()).conversations;
  }

  it('answers every case below 500, without internals, and stores only the valid-but-weird posts', async () => {
    const participant = SEED.users.find((u) => u.id === SEED_USER_IDS.megan);
    const cases = buildLocalCorpus({
      userId: CURRENT_USER_ID,
      tenantId: SEED_TENANT_ID,
      groupId: SEED_GROUP_IDS.productLaunch,
      financeGroupId: SEED_GROUP_IDS.finance,
      securityGroupId: SEED_GROUP_IDS.allStaffSecurity,
      participant: { id: SEED_USER_IDS.megan, address: participant?.mail as string },
      otherEmail: 'partner@fabrikam.test',
      channelServiceUrl: `http://127.0.0.1:${(channel.address() as AddressInfo).port}/`
    });
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    const expectedPosts = cases.filter((c) => c.expect.post);
    const before = (await conversations()).length;
    expect(before).toBe(0);

    let stored = before;
    const { outcomes, failures } = await runCorpus(bot, cases, async (batch) => {
      const now = (await conversations()).length;
      const expected = batch.filter((c) => c.expect.post).length;
      const added = now - stored;
      stored = now;
      return added === expected
        ? []
        : [`batch [${batch.map((c) => c.id).join(' | ')}] stored ${added} conversation(s), expected ${expected}`];
    });

    // Each valid-but-weird case posted exactly once, as the person, its text escaped.
    const all = await conversations();
    const claimed = new Set<string>();
    for (const c of expectedPosts) {
      const post = c.expect.post as ExpectedPost;
      const matches = all.filter(
        (conv) =>
          comparable(conv.topic) === comparable(post.topic) &&
          comparable(htmlToText(conv.threads[0]?.posts[0]?.body?.content ?? '')) ===
            comparable(normalisedText(post.text))
      );
      if (matches.length !== 1) {
        failures.push(`${c.id}: posted ${matches.length} time(s), expected once (marker ${post.marker})`);
        continue;
      }
      const [conv] = matches;
      claimed.add(conv.id);
      const stored = conv.threads[0].posts[0];
      if (conv.groupId !== SEED_GROUP_IDS.productLaunch) failures.push(`${c.id}: posted to ${conv.groupId}`);
      if (stored.from !== CURRENT_USER_ID) failures.push(`${c.id}: posted as ${stored.from}, not as the person`);
      if (stored.body.contentType !== 'html') failures.push(`${c.id}: body contentType ${stored.body.contentType}`);
      if (/[<>]/.test(stored.body.content.replace(/<br>/g, '')))
        failures.push(`${c.id}: markup reached the post unescaped: ${stored.body.content.slice(0, 200)}`);
      const addresses = (stored.newParticipants ?? []).map((p: any) => p.emailAddress.address);
      if (JSON.stringify(addresses) !== JSON.stringify(post.participants))
        failures.push(
          `${c.id}: participants ${JSON.stringify(addresses)}, expected ${JSON.stringify(post.participants)}`
        );
    }
    for (const conv of all.filter((x) => !claimed.has(x.id)))
      failures.push(`unexpected conversation stored: topic ${JSON.stringify(conv.topic.slice(0, 80))}`);

    // Replies delivered to the channel (normal delivery) show nothing internal either.
    for (const reply of channelReplies) {
      const leak = internalsIn(reply);
      if (leak) failures.push(`a reply sent to the channel shows ${leak}: ${reply.slice(0, 200)}`);
    }
    const logged = turnErrors(bot, cases);
    failures.push(...logged.failures);
    if (outbound.length > 0) failures.push(`requests left loopback: ${outbound.slice(0, 5).join(', ')}`);

    summarise('local', cases, outcomes);
    report.push(
      `  posted (valid-but-weird): ${expectedPosts.length}; replies to the channel: ${channelReplies.length}`
    );
    if (logged.knownBugHits.length > 0)
      report.push(`  known bug still reproduces:\n    ${logged.knownBugHits.join('\n    ')}`);
    expectNoPollution();
    expect(failures).toEqual([]);
    expect(all).toHaveLength(expectedPosts.length);
  }, 120_000);
});

describe('Bad input: Teams mode (Bot Framework JWT, hostile bodies behind a valid token)', () => {
  const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const TRUSTED_KID = 'bad-input-second-key';
  const entraCalls: string[] = [];
  const outbound: string[] = [];
  const onNoMatch = (req: { hostname?: string; method?: string; href?: string; path?: string }) => {
    if (!/^(127\.0\.0\.1|localhost|\[?::1\]?)$/.test(req.hostname ?? ''))
      outbound.push(`${req.method} ${req.href ?? `${req.hostname}${req.path}`}`);
  };
  let consoleError: jest.SpyInstance;
  let consoleWarn: jest.SpyInstance;

  beforeAll(() => {
    nock.emitter.on('no match', onNoMatch);
  });
  const bot = useTestBot({ teams: true, per: 'describe' });
  beforeEach(async () => {
    // The Bot Framework's published keys (the helper's test key) plus a second key of ours, so
    // tokens can be correctly signed yet wrong in exactly one claim (issuer, nbf, kid, exp).
    nockBotFrameworkMetadata();
    const published = (await (await fetch('https://login.botframework.com/v1/.well-known/keys')).json()) as {
      keys: object[];
    };
    nock.cleanAll();
    nock('https://login.botframework.com')
      .persist()
      .get('/v1/.well-known/openidconfiguration')
      .reply(200, {
        issuer: 'https://api.botframework.com',
        jwks_uri: 'https://login.botframework.com/v1/.well-known/keys',
        id_token_signing_alg_values_supported: ['RS256']
      })
      .get('/v1/.well-known/keys')
      .reply(200, {
        keys: [
          ...published.keys,
          {
            ...(trusted.publicKey.export({ format: 'jwk' }) as object),
            kid: TRUSTED_KID,
            use: 'sig',
            endorsements: ['msteams']
          }
        ]
      });
    // Emulator/skill-issued tokens make botbuilder read Entra's public metadata (reachable in
    // production): served here with a key none of the corpus' tokens is signed with.
    const entraKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    nock('https://login.microsoftonline.com')
      .persist()
      .get('/common/v2.0/.well-known/openid-configuration')
      .reply(200, {
        issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
        jwks_uri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys'
      })
      .get('/common/discovery/v2.0/keys')
      .reply(200, { keys: [{ ...(entraKey.export({ format: 'jwk' }) as object), kid: 'entra-key', use: 'sig' }] })
      // On-behalf-of must never be attempted with a hostile token; if it is, Entra refuses it.
      .post(`/${TENANT_ID}/oauth2/v2.0/token`)
      .reply(function () {
        entraCalls.push(String(this.req.path));
        return [
          400,
          {
            error: 'invalid_grant',
            error_description: 'AADSTS50013: Assertion failed signature validation.',
            error_codes: [50013]
          }
        ];
      });
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    consoleError.mockRestore();
    consoleWarn.mockRestore();
  });
  afterAll(async () => {
    nock.emitter.removeListener('no match', onNoMatch);
  });

  it('refuses every bad token with 401 and answers hostile bodies below 500, calling nothing', async () => {
    const cases = buildTeamsCorpus({
      botId: BOT_ID,
      serviceUrl: TEAMS_SERVICE_URL,
      user: { aadObjectId: ALICE.aadObjectId, tenantId: TENANT_ID },
      otherUser: { aadObjectId: BOB.aadObjectId },
      trusted: { privateKey: trusted.privateKey, publicKey: trusted.publicKey, kid: TRUSTED_KID }
    });
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);

    const { outcomes, failures } = await runCorpus(bot, cases);
    const logged = turnErrors(bot, cases);
    failures.push(...logged.failures);
    if (entraCalls.length > 0) failures.push(`on-behalf-of was attempted ${entraCalls.length} time(s)`);
    if (outbound.length > 0) failures.push(`unexpected requests left the process: ${outbound.slice(0, 5).join(', ')}`);
    // Rejected requests never reached a turn: nothing but the rejection was logged for them.
    for (const c of cases.filter((x) => x.category === 'auth header' && x.expect.status === 401)) {
      const lines = bot.logs.filter((l) => l.includes(`"activityId":"${c.activityId}"`));
      if (lines.some((l) => !l.includes('rejected activity') && !l.includes('activity received')))
        failures.push(`${c.id}: the turn ran for a rejected request`);
    }
    // The tokens themselves are never logged.
    const allLogs = bot.logs.join('\n');
    for (const c of cases) {
      const token = /^Bearer (\S{40,})$/.exec(c.headers.authorization ?? '')?.[1];
      if (token && allLogs.includes(token)) failures.push(`${c.id}: the token appears in the logs`);
    }

    summarise('teams', cases, outcomes);
    if (logged.knownBugHits.length > 0)
      report.push(`  known bug still reproduces:\n    ${logged.knownBugHits.join('\n    ')}`);
    expectNoPollution();
    expect(failures).toEqual([]);
  }, 60_000);
});

describe('Bad input: figures', () => {
  it(`records the figures: at least 200 inputs, no crash, no 5xx`, () => {
    report.push(
      `  worst event-loop delay ${figures.worstLoopDelayMs} ms, in the batch: ${worstBatch}`,
      `  a fresh bot's first batch: ${firstBatchDelays.join(', ')} ms`
    );
    recordFigures('bad-input', figures);
    mkdirSync(FIGURES_DIR, { recursive: true });
    writeFileSync(path.join(FIGURES_DIR, 'bad-input-cases.json'), JSON.stringify(caseLog, null, 1));
    // eslint-disable-next-line no-console
    console.log(
      [`bad input: ${figures.inputs} inputs, ${figures.crashes} crashes, ${figures.serverErrors} 5xx`, ...report].join(
        '\n'
      )
    );
    expect(figures.inputs).toBeGreaterThanOrEqual(200);
    expect(figures.crashes).toBe(0);
    expect(figures.serverErrors).toBe(0);
  });
});
