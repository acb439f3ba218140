// `npm run bench`: the bot measured against the framework's own ceiling, in one run.
//
// Processes (all on 127.0.0.1): this one runs the load generator (autocannon's programmatic
// API); bench/echo-bot.js is the baseline (a bare botbuilder CloudAdapter echo bot);
// bench/bot-process.js is the bot (built code, local mode); bench/sandbox-process.js is the Graph
// sandbox the bot talks to. Echo and bot rounds alternate in the same run, so every figure of
// ours is also a ratio to a ceiling measured minutes apart on the same machine.
// Prints a Markdown table and writes bench/results.json. See README "Performance".
'use strict';
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const autocannon = require('autocannon');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist', 'src');
const { SEED, SEED_USER_IDS, TEAM_GROUP_ID } = require(path.join(DIST, 'sandbox'));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4); // alternating echo/bot rounds per figure (≥ 3)
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 3);
const WARMUP_SECONDS = 1;
const CONNECTIONS = [1, 32];
const MEMORY_ACTIVITIES = 10_000;
const MEMORY_RUNS = 3;
const START_RUNS = 3;
const GRAPH_COUNT_POSTS = 20;
const POSTS_PER_MINUTE = '10000';
const MAILBOX_CONCURRENCY = 1000;
const BOT_LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const NODE_FLAGS = ['--disable-warning=DEP0111'];

const TARGETS = {
  helpRatio: 0.8,
  newRatio: 0.6,
  ownShareP99Ms: 5,
  tokenRequests: 10,
  graphCallsWithParticipants: 2,
  graphCallsWithout: 1,
  startMs: 1500,
  rssGrowthMb: 10
};

// ───────────────────────────── processes and cleanup ─────────────────────────────

const children = new Set();
const portsUsed = new Set();
const tmpDirs = [];
const tmp = (name) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gcbot-bench-${name}-`));
  tmpDirs.push(dir);
  return dir;
};

const spawnedPids = [];
function track(child, name) {
  child.benchName = name;
  spawnedPids.push(child.pid);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function killAll(signal = 'SIGKILL') {
  for (const child of children) {
    try {
      process.kill(child.pid, signal);
    } catch {
      // already gone
    }
  }
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\nbench: ${signal}, stopping every process it started…\n`);
    stopAll().finally(() => process.exit(130));
  });
}
process.on('exit', () => {
  killAll('SIGKILL');
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function stopChild(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(child.pid, signal);
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

async function stopAll() {
  await Promise.all([...children].map((c) => stopChild(c)));
}

/** A Node child with an IPC channel; resolves once it sends {type:'ready'}. */
function startIpcChild(name, script, { env = {}, execArgv = [], logFile } = {}) {
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = track(
    spawn(process.execPath, [...NODE_FLAGS, ...execArgv, script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', out, out, 'ipc']
    }),
    name
  );
  if (typeof out === 'number') fs.closeSync(out);
  let seq = 0;
  const pending = new Map();
  child.on('message', (msg) => {
    const waiter = msg && pending.get(msg.id);
    if (waiter) {
      pending.delete(msg.id);
      waiter(msg);
    }
  });
  child.ask = (type, extra = {}) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, resolve);
      child.send({ type, id, ...extra }, (err) => err && reject(err));
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 30 s${logFile ? ` (log: ${logFile})` : ''}`)), 30_000);
    child.once('exit', (code, signal) => reject(new Error(`${name} exited during start (${code ?? signal})${logFile ? `:\n${tail(logFile)}` : ''}`)));
    child.on('message', (msg) => {
      if (msg?.type !== 'ready') return;
      clearTimeout(timer);
      if (msg.port) portsUsed.add(msg.port);
      child.ready = msg;
      resolve(child);
    });
  });
}

function tail(file, lines = 20) {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// ───────────────────────────── activities ─────────────────────────────

const PLAYGROUND_PEOPLE = [SEED_USER_IDS.alex, SEED_USER_IDS.megan, SEED_USER_IDS.adele, SEED_USER_IDS.isaiah, SEED_USER_IDS.patti, SEED_USER_IDS.lynne].map((id) => {
  const user = SEED.users.find((u) => u.id === id);
  return { id, name: user.displayName, aadObjectId: id };
});
const ALEX = PLAYGROUND_PEOPLE[0];

function activity(person, extra) {
  return {
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/unused',
    from: person,
    recipient: { id: 'bot', name: 'Group Conversations' },
    conversation: { id: `personal-chat-${person.id}`, conversationType: 'personal', tenantId: SEED.tenantId },
    ...extra
  };
}

let activitySeq = 0;
const nextId = () => `bench-${++activitySeq}`;

/** A message as Teams would post it, with deliveryMode expectReplies so the replies come back in the HTTP answer. */
function messageBody(text, person = ALEX) {
  return JSON.stringify(activity(person, { type: 'message', id: nextId(), text, deliveryMode: 'expectReplies' }));
}

/** Post pressed on the form: an Action.Execute invoke (Teams sends invokes without deliveryMode). */
function postBody(person, { participants = true, draftId = randomUUID() } = {}) {
  const others = PLAYGROUND_PEOPLE.filter((p) => p.id !== person.id).slice(0, 2).map((p) => p.id);
  return JSON.stringify(
    activity(person, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: nextId(),
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'createConversation',
          data: {
            draftId,
            groupId: TEAM_GROUP_ID,
            topic: 'Benchmark topic',
            body: 'Hello from npm run bench.\nSecond line.',
            participants: participants ? others.join(',') : '',
            otherEmails: ''
          }
        }
      }
    })
  );
}

// What each target answers with; a round counts only answers that match.
const WORKLOADS = {
  echo: { body: () => messageBody('help'), ok: (b) => b.includes('"echo: help"') },
  help: { body: () => messageBody('help'), ok: (b) => b.includes('application/vnd.microsoft.card.adaptive') && b.includes('"activities"') },
  new: { body: () => messageBody('new'), ok: (b) => b.includes('New group conversation') && b.includes('Contoso Team') },
  post: {
    body: (() => {
      let i = 0;
      return () => postBody(PLAYGROUND_PEOPLE[i++ % PLAYGROUND_PEOPLE.length]);
    })(),
    ok: (b) => b.includes('Posted to Contoso Team')
  }
};

async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} → ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

// ───────────────────────────── load ─────────────────────────────

/** One autocannon run; latencies are recorded here from hrtime (sub-millisecond), not autocannon's ms histogram. */
function load(port, workload, { connections, duration, amount, requests }) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    let good = 0;
    let bad = 0;
    let firstBad;
    const reqs = requests ?? [{ workload }];
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}/api/messages`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        connections,
        pipelining: 1,
        timeout: 30,
        ...(amount ? { amount } : { duration }),
        requests: reqs.map(({ workload: w }) => ({
          method: 'POST',
          path: '/api/messages',
          setupRequest: (req) => {
            req.body = WORKLOADS[w].body();
            return req;
          },
          onResponse: (status, body) => {
            if (status === 200 && WORKLOADS[w].ok(String(body))) {
              good++;
            } else {
              bad++;
              firstBad ??= `${status} ${String(body).slice(0, 300)}`;
            }
          }
        }))
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          rps: good / result.duration,
          p50: quantile(latencies, 0.5),
          p99: quantile(latencies, 0.99),
          completed: result['2xx'] + result.non2xx,
          bad: bad + result.errors,
          firstBad,
          durationS: result.duration
        });
      }
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const median = (xs) => quantile(xs, 0.5);
const summary = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

// ───────────────────────────── scenarios ─────────────────────────────

async function throughput(echo, bot, sandbox) {
  const targets = ['echo', 'help', 'new', 'post'];
  const out = {};
  for (const c of CONNECTIONS) {
    process.stderr.write(`  ${c} connection${c > 1 ? 's' : ''}: warm-up`);
    for (const t of targets) await load(t === 'echo' ? echo.ready.port : bot.ready.port, t, { connections: c, duration: WARMUP_SECONDS });
    const rounds = Object.fromEntries(targets.map((t) => [t, []]));
    const own = { p50: [], p99: [], graphP50: [], graphCalls: [], unattributed: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      process.stderr.write(`, round ${r + 1}/${ROUNDS}`);
      for (const t of targets) {
        if (t === 'post') await bot.ask('record', { on: true });
        const res = await load(t === 'echo' ? echo.ready.port : bot.ready.port, t, { connections: c, duration: ROUND_SECONDS });
        if (res.bad > 0) throw new Error(`${t} at ${c} connections: ${res.bad} of ${res.completed} answers were not the expected ones, e.g. ${res.firstBad}`);
        rounds[t].push(res);
        if (t === 'post') {
          const { samples, unattributedGraphCalls } = await bot.ask('timings');
          await bot.ask('record', { on: false });
          const invokes = samples.filter((s) => s[2] > 0);
          own.p50.push(quantile(invokes.map((s) => s[0] - s[1]), 0.5));
          own.p99.push(quantile(invokes.map((s) => s[0] - s[1]), 0.99));
          own.graphP50.push(quantile(invokes.map((s) => s[1]), 0.5));
          own.graphCalls.push(invokes.reduce((n, s) => n + s[2], 0) / Math.max(1, invokes.length));
          own.unattributed += unattributedGraphCalls + (samples.length - invokes.length);
        }
      }
    }
    process.stderr.write('\n');
    const key = `c${c}`;
    for (const t of targets) {
      out[t] ??= {};
      out[t][key] = {
        connections: c,
        activitiesPerSecond: summary(rounds[t].map((x) => x.rps)),
        ratioToEcho: t === 'echo' ? null : summary(rounds[t].map((x, i) => x.rps / rounds.echo[i].rps)),
        p50Ms: summary(rounds[t].map((x) => x.p50)),
        p99Ms: summary(rounds[t].map((x) => x.p99)),
        roundsRps: rounds[t].map((x) => x.rps)
      };
    }
    out.post[key].ownShare = {
      p50Ms: summary(own.p50),
      p99Ms: summary(own.p99),
      graphWaitP50Ms: summary(own.graphP50),
      graphCallsPerSubmit: summary(own.graphCalls),
      unattributed: own.unattributed
    };
  }
  return out;
}

async function graphCallsPerSubmit(bot, sandbox) {
  const url = `http://127.0.0.1:${bot.ready.port}/api/messages`;
  const result = { withParticipants: [], without: [], byRoute: {} };
  for (let r = 0; r < 3; r++) {
    for (const participants of [true, false]) {
      // The form is opened first, as a person does: `new` lists the groups (warm directory).
      const form = await postJson(url, messageBody('new'));
      if (!form.includes('New group conversation')) throw new Error(`new did not answer with the form: ${form.slice(0, 300)}`);
      await postJson(`${sandbox.ready.origin}/_sandbox/stats/reset`, {});
      for (let i = 0; i < GRAPH_COUNT_POSTS; i++) {
        const answer = await postJson(url, postBody(ALEX, { participants }));
        if (!answer.includes('Posted to Contoso Team')) throw new Error(`post did not succeed: ${answer.slice(0, 300)}`);
      }
      const stats = JSON.parse(await (await fetch(`${sandbox.ready.origin}/_sandbox/stats`)).text());
      result[participants ? 'withParticipants' : 'without'].push(stats.total / GRAPH_COUNT_POSTS);
      if (r === 0) result.byRoute[participants ? 'withParticipants' : 'without'] = Object.fromEntries(Object.entries(stats.byRoute).map(([k, v]) => [k, v / GRAPH_COUNT_POSTS]));
    }
  }
  return { withParticipants: summary(result.withParticipants), without: summary(result.without), byRoutePerSubmit: result.byRoute };
}

/** `new` one at a time: the bot's own share (server time − Graph wait) of answering with the form. */
async function ownShareOfNew(bot) {
  const url = `http://127.0.0.1:${bot.ready.port}/api/messages`;
  const p50 = [];
  const p99 = [];
  const graphP50 = [];
  for (let r = 0; r < 3; r++) {
    await bot.ask('record', { on: true });
    for (let i = 0; i < 300; i++) {
      const form = await postJson(url, messageBody('new'));
      if (!form.includes('New group conversation')) throw new Error(`new did not answer with the form: ${form.slice(0, 300)}`);
    }
    const { samples } = await bot.ask('timings');
    await bot.ask('record', { on: false });
    p50.push(quantile(samples.map((x) => x[0] - x[1]), 0.5));
    p99.push(quantile(samples.map((x) => x[0] - x[1]), 0.99));
    graphP50.push(quantile(samples.map((x) => x[1]), 0.5));
  }
  return { activities: 300, p50Ms: summary(p50), p99Ms: summary(p99), graphWaitP50Ms: summary(graphP50) };
}

function runTokenCost() {
  return new Promise((resolve, reject) => {
    const child = track(spawn(process.execPath, [...NODE_FLAGS, path.join(__dirname, 'token-cost.js')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }), 'token-cost');
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`token-cost exited ${code}: ${err}`))));
  });
}

async function tokenCost() {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await runTokenCost());
  return {
    submits: runs[0].rounds.submits,
    people: runs[0].rounds.people,
    tokenRequests: summary(runs.map((r) => r.rounds.tokenRequests)),
    otherEntraRequests: summary(runs.map((r) => r.rounds.otherEntraRequests)),
    wallMsPerSubmit: summary(runs.map((r) => r.rounds.wallMsPerSubmit)),
    cachedTokenP50Ms: summary(runs.map((r) => r.rounds.cachedMsP50)),
    cachedTokenP99Ms: summary(runs.map((r) => r.rounds.cachedMsP99)),
    doublePressTokenRequests: summary(runs.map((r) => r.doublePress.tokenRequests))
  };
}

async function memory(sandbox, botEnv) {
  const runs = [];
  for (let i = 0; i < MEMORY_RUNS; i++) {
    const dataDir = tmp('memory');
    const bot = await startIpcChild('bot (memory)', path.join(__dirname, 'bot-process.js'), {
      env: { ...botEnv, DATA_DIR: dataDir },
      execArgv: ['--expose-gc'],
      logFile: path.join(dataDir, 'bot.log')
    });
    await bot.ask('gc');
    const start = (await bot.ask('memory')).memory;
    const mix = [{ workload: 'help' }, { workload: 'new' }, { workload: 'post' }];
    const batch = async () => {
      const res = await load(bot.ready.port, null, { connections: 8, amount: MEMORY_ACTIVITIES, requests: mix });
      if (res.bad > 0) throw new Error(`memory run: ${res.bad} unexpected answers, e.g. ${res.firstBad}`);
    };
    const collect = async () => {
      await bot.ask('gc');
      await new Promise((r) => setTimeout(r, 200));
      await bot.ask('gc');
      return (await bot.ask('memory')).memory;
    };
    await batch();
    const after = (await bot.ask('memory')).memory;
    const afterGc = await collect();
    // A second batch tells a leak (grows again) from a high-water mark (stays).
    await batch();
    const afterSecondGc = await collect();
    await stopChild(bot);
    runs.push({ start, after, afterGc, afterSecondGc });
  }
  const mb = (bytes) => bytes / (1024 * 1024);
  return {
    activities: MEMORY_ACTIVITIES,
    mix: 'help, new, post (a third each), 8 connections, a fresh bot each run',
    rssAfterStartMb: summary(runs.map((r) => mb(r.start.rss))),
    rssAfterActivitiesMb: summary(runs.map((r) => mb(r.after.rss))),
    rssAfterGcMb: summary(runs.map((r) => mb(r.afterGc.rss))),
    rssGrowthMb: summary(runs.map((r) => mb(r.afterGc.rss - r.start.rss))),
    heapUsedAfterStartMb: summary(runs.map((r) => mb(r.start.heapUsed))),
    heapUsedAfterGcMb: summary(runs.map((r) => mb(r.afterGc.heapUsed))),
    nonHeapGrowthMb: summary(runs.map((r) => mb(r.afterGc.rss - r.afterGc.heapTotal - (r.start.rss - r.start.heapTotal)))),
    rssGrowthSecondBatchMb: summary(runs.map((r) => mb(r.afterSecondGc.rss - r.afterGc.rss))),
    heapUsedGrowthSecondBatchMb: summary(runs.map((r) => mb(r.afterSecondGc.heapUsed - r.afterGc.heapUsed)))
  };
}

function healthz(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('error', () => resolve(false));
  });
}

/** `node dist/src/index.js` (the real entry, local mode: sandbox + bot, no playground) until /healthz answers 200. */
async function startTime() {
  const times = [];
  for (let i = 0; i < START_RUNS; i++) {
    const [port, sandboxPort] = [await freePort(), await freePort()];
    portsUsed.add(port);
    portsUsed.add(sandboxPort);
    const dataDir = tmp('start');
    const t0 = performance.now();
    const child = track(
      spawn(process.execPath, [...NODE_FLAGS, path.join(DIST, 'index.js')], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), SANDBOX_PORT: String(sandboxPort), PLAYGROUND: '0', DATA_DIR: dataDir },
        stdio: 'ignore'
      }),
      'index.js'
    );
    let up = false;
    while (!up) {
      if (child.exitCode !== null) throw new Error(`node dist/src/index.js exited with ${child.exitCode} before /healthz answered`);
      if (performance.now() - t0 > 30_000) throw new Error('node dist/src/index.js did not answer /healthz within 30 s');
      up = await healthz(port);
      if (!up) await new Promise((r) => setTimeout(r, 5));
    }
    times.push(performance.now() - t0);
    await stopChild(child, 'SIGINT');
  }
  return { ms: summary(times), runs: times };
}

// ───────────────────────────── report ─────────────────────────────

const r0 = (x) => Math.round(x);
const r2 = (x) => Math.round(x * 100) / 100;
const fmtInt = (x) => r0(x).toLocaleString('en-US');
const fmt = (s, f) => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
const ms = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const mark = (ok) => (ok ? '✓' : '✗');

function roundDeep(value, key = '') {
  if (typeof value === 'number') return /Rps|PerSecond|rps/.test(key) ? r0(value) : r2(value);
  if (Array.isArray(value)) return value.map((v) => roundDeep(v, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v, k === 'median' || k === 'min' || k === 'max' ? key : k)]));
  return value;
}

function report(machine, tp, newOwn, graph, tokens, mem, start) {
  const t = [];
  const checks = [];
  const check = (name, value, unit, target, ok) => checks.push({ name, value, unit, target, met: ok });
  for (const c of CONNECTIONS) {
    const k = `c${c}`;
    check(`help → card, activities/s ÷ echo (${c} conn.)`, tp.help[k].ratioToEcho.median, '×', `≥ ${TARGETS.helpRatio}`, tp.help[k].ratioToEcho.median >= TARGETS.helpRatio);
  }
  for (const c of CONNECTIONS) {
    const k = `c${c}`;
    check(`new → form, activities/s ÷ echo (${c} conn.)`, tp.new[k].ratioToEcho.median, '×', `≥ ${TARGETS.newRatio}`, tp.new[k].ratioToEcho.median >= TARGETS.newRatio);
  }
  const ownP99 = tp.post.c1.ownShare.p99Ms.median;
  check("Post: bot's own share per submit, p99 (1 conn.)", ownP99, 'ms', `≤ ${TARGETS.ownShareP99Ms} ms`, ownP99 <= TARGETS.ownShareP99Ms);
  check('token-endpoint requests for 1,000 submits by 10 people', tokens.tokenRequests.median, 'requests', `${TARGETS.tokenRequests}`, tokens.tokenRequests.max <= TARGETS.tokenRequests);
  check('Graph calls per submit, 2 participants', graph.withParticipants.median, 'calls', `≤ ${TARGETS.graphCallsWithParticipants}`, graph.withParticipants.max <= TARGETS.graphCallsWithParticipants);
  check('Graph calls per submit, no participants', graph.without.median, 'calls', `${TARGETS.graphCallsWithout}`, graph.without.max <= TARGETS.graphCallsWithout);
  check('start to /healthz 200 (node dist/src/index.js)', start.ms.median, 'ms', `≤ ${TARGETS.startMs} ms`, start.ms.median <= TARGETS.startMs);
  check('RSS growth after 10,000 activities, after GC', mem.rssGrowthMb.median, 'MB', `≤ ${TARGETS.rssGrowthMb} MB`, mem.rssGrowthMb.median <= TARGETS.rssGrowthMb);

  t.push(`Machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.platform}.`);
  t.push(
    `Each figure: median (min–max) over ${ROUNDS} rounds of ${ROUND_SECONDS} s; echo, help, new and post rounds alternate (echo, help, new, post, echo, …) after a ${WARMUP_SECONDS} s warm-up each.`
  );
  t.push(
    `Bench settings: POSTS_PER_MINUTE=${POSTS_PER_MINUTE} (the per-person post limit, raised so it cannot interfere), sandbox latency 0 ms and mailbox concurrency ${MAILBOX_CONCURRENCY} (Outlook's 4 would answer 429), the bot's per-mailbox queue GRAPH_MAILBOX_CONCURRENCY=64 (default 4), LOG_LEVEL=${BOT_LOG_LEVEL} (to a file); Graph sandbox in its own process.`
  );
  t.push('');
  t.push('| Workload | Conn. | Activities/s | × echo | p50 ms | p99 ms | Target |');
  t.push('|---|---:|---:|---:|---:|---:|---|');
  const rows = [
    ['echo bot (ceiling): message → 1 text', 'echo', null],
    ['`help` → card', 'help', TARGETS.helpRatio],
    ['`new` → form with the groups (warm)', 'new', TARGETS.newRatio],
    ['Post (createConversation invoke, 2 participants)', 'post', null]
  ];
  for (const [label, key, target] of rows) {
    for (const c of CONNECTIONS) {
      const f = tp[key][`c${c}`];
      const ratio = f.ratioToEcho ? fmt(f.ratioToEcho, (x) => x.toFixed(2)) : '1';
      const tgt = target === null ? '' : `≥ ${target}× ${mark(f.ratioToEcho.median >= target)}`;
      t.push(`| ${label} | ${c} | ${fmt(f.activitiesPerSecond, fmtInt)} | ${ratio} | ${fmt(f.p50Ms, ms)} | ${fmt(f.p99Ms, ms)} | ${tgt} |`);
    }
  }
  t.push('');
  t.push('| Figure | Median (min–max) | Target |');
  t.push('|---|---:|---|');
  for (const c of CONNECTIONS) {
    const o = tp.post[`c${c}`].ownShare;
    const target = c === 1 ? `≤ ${TARGETS.ownShareP99Ms} ms ${mark(o.p99Ms.median <= TARGETS.ownShareP99Ms)}` : '(includes queueing behind 31 other requests)';
    t.push(`| Post, bot's own share per submit (server time − Graph wait), p50 · ${c} conn. | ${fmt(o.p50Ms, ms)} ms | |`);
    t.push(`| Post, bot's own share per submit, p99 · ${c} conn. | ${fmt(o.p99Ms, ms)} ms | ${target} |`);
    t.push(`| Post, Graph wait per submit, p50 · ${c} conn. | ${fmt(o.graphWaitP50Ms, ms)} ms | |`);
  }
  t.push(`| \`new\`, bot's own share (server time − Graph wait), p50 / p99 · one at a time | ${fmt(newOwn.p50Ms, ms)} / ${fmt(newOwn.p99Ms, ms)} ms | |`);
  t.push(`| \`new\`, Graph wait (GET /me/memberOf), p50 · one at a time | ${fmt(newOwn.graphWaitP50Ms, ms)} ms | |`);
  t.push(
    `| Token-endpoint requests, ${fmtInt(tokens.submits)} submits by ${tokens.people} people (one SSO token each) | ${fmt(tokens.tokenRequests, fmtInt)} | ${TARGETS.tokenRequests} ${mark(tokens.tokenRequests.max <= TARGETS.tokenRequests)} |`
  );
  t.push(`| Token per submit once cached (resolveUserToken, one at a time), p50 / p99 | ${fmt(tokens.cachedTokenP50Ms, ms)} / ${fmt(tokens.cachedTokenP99Ms, ms)} ms | |`);
  t.push(`| Token-endpoint requests when 10 people's first Post arrives twice at once (double click) | ${fmt(tokens.doublePressTokenRequests, fmtInt)} | (information; 10 = coalesced) |`);
  t.push(
    `| Graph calls per submit, 2 participants (form opened first) | ${fmt(graph.withParticipants, (x) => String(r2(x)))} | ≤ ${TARGETS.graphCallsWithParticipants} ${mark(graph.withParticipants.max <= TARGETS.graphCallsWithParticipants)} |`
  );
  t.push(`| Graph calls per submit, no participants | ${fmt(graph.without, (x) => String(r2(x)))} | ${TARGETS.graphCallsWithout} ${mark(graph.without.max <= TARGETS.graphCallsWithout)} |`);
  const mbf = (x) => x.toFixed(1);
  t.push(`| RSS after start (after a GC) | ${fmt(mem.rssAfterStartMb, mbf)} MB | |`);
  t.push(`| RSS after ${fmtInt(mem.activities)} activities (help/new/post) | ${fmt(mem.rssAfterActivitiesMb, mbf)} MB | |`);
  t.push(`| RSS after a forced GC | ${fmt(mem.rssAfterGcMb, mbf)} MB | |`);
  t.push(`| RSS growth (after GC − after start) | ${fmt(mem.rssGrowthMb, mbf)} MB | ≤ ${TARGETS.rssGrowthMb} MB ${mark(mem.rssGrowthMb.median <= TARGETS.rssGrowthMb)} |`);
  t.push(`| … of which outside the V8 heap (RSS − heap total) | ${fmt(mem.nonHeapGrowthMb, mbf)} MB | |`);
  t.push(`| V8 heap used after start → after GC | ${fmt(mem.heapUsedAfterStartMb, mbf)} → ${fmt(mem.heapUsedAfterGcMb, mbf)} MB | |`);
  t.push(`| RSS growth during a second ${fmtInt(mem.activities)} activities, after GC (leak or high-water mark?) | ${fmt(mem.rssGrowthSecondBatchMb, mbf)} MB | (information) |`);
  t.push(`| V8 heap used growth during the second ${fmtInt(mem.activities)} | ${fmt(mem.heapUsedGrowthSecondBatchMb, mbf)} MB | (information) |`);
  t.push(`| Start: \`node dist/src/index.js\` → /healthz 200 (${START_RUNS} starts) | ${fmt(start.ms, fmtInt)} ms | ≤ ${fmtInt(TARGETS.startMs)} ms ${mark(start.ms.median <= TARGETS.startMs)} |`);
  t.push('');
  const met = checks.filter((c) => c.met).length;
  t.push(`Targets met: ${met} of ${checks.length}.${checks.some((c) => !c.met) ? ` Missed: ${checks.filter((c) => !c.met).map((c) => c.name).join('; ')}.` : ''}`);
  return { table: t.join('\n'), checks };
}

// ───────────────────────────── main ─────────────────────────────

async function main() {
  if (!fs.existsSync(path.join(DIST, 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does).');
  const began = performance.now();
  const cpus = os.cpus();
  const machine = { cores: cpus.length, cpu: (cpus[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(), node: process.version, platform: `${process.platform} ${process.arch}` };
  const estimate = CONNECTIONS.length * 4 * (ROUNDS * ROUND_SECONDS + WARMUP_SECONDS) + MEMORY_RUNS * 25 + 15;
  process.stderr.write(`bench: ${machine.cores} cores, Node ${machine.node}; takes about ${Math.round(estimate / 30) / 2} minutes\n`);

  const sandboxDir = tmp('sandbox');
  const sandbox = await startIpcChild('graph sandbox', path.join(__dirname, 'sandbox-process.js'), { env: { BENCH_SANDBOX_DIR: sandboxDir }, logFile: path.join(sandboxDir, 'sandbox.log') });
  await postJson(`${sandbox.ready.origin}/_sandbox/config`, { latencyMs: 0, mailboxConcurrency: MAILBOX_CONCURRENCY });
  // The bot's own per-mailbox queue matches the sandbox's raised limit, so queueing is not
  // counted as the bot's own share (the product default, 4, is Outlook's limit).
  const botEnv = { MODE: 'local', HOST: '127.0.0.1', PORT: '0', GRAPH_BASE_URL: sandbox.ready.baseUrl, POSTS_PER_MINUTE, GRAPH_MAILBOX_CONCURRENCY: '64', LOG_LEVEL: BOT_LOG_LEVEL };
  const botDir = tmp('bot');
  const [echo, bot] = await Promise.all([
    startIpcChild('echo bot', path.join(__dirname, 'echo-bot.js'), { execArgv: ['--expose-gc'] }),
    startIpcChild('bot', path.join(__dirname, 'bot-process.js'), { env: { ...botEnv, DATA_DIR: botDir }, execArgv: ['--expose-gc'], logFile: path.join(botDir, 'bot.log') })
  ]);
  // Every person who posts opens the form first: the group directory is warm, as after `new`.
  for (const person of PLAYGROUND_PEOPLE) await postJson(`http://127.0.0.1:${bot.ready.port}/api/messages`, messageBody('new', person));

  process.stderr.write('bench: throughput (echo and bot alternating)\n');
  const tp = await throughput(echo, bot, sandbox);
  process.stderr.write('bench: Graph calls per submit\n');
  const graph = await graphCallsPerSubmit(bot, sandbox);
  const newOwn = await ownShareOfNew(bot);
  await stopChild(echo);
  await stopChild(bot);
  process.stderr.write('bench: token cost\n');
  const tokens = await tokenCost();
  process.stderr.write(`bench: memory (${MEMORY_RUNS} fresh bots × ${fmtInt(MEMORY_ACTIVITIES)} activities)\n`);
  const mem = await memory(sandbox, botEnv);
  await stopChild(sandbox);
  process.stderr.write('bench: start time\n');
  const start = await startTime();

  const { table, checks } = report(machine, tp, newOwn, graph, tokens, mem, start);
  const results = roundDeep({
    machine,
    settings: {
      rounds: ROUNDS,
      roundSeconds: ROUND_SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      connections: CONNECTIONS,
      postsPerMinute: Number(POSTS_PER_MINUTE),
      sandbox: { process: 'own child process', latencyMs: 0, mailboxConcurrency: MAILBOX_CONCURRENCY },
      botLogLevel: BOT_LOG_LEVEL
    },
    throughput: Object.fromEntries(
      ['echo', 'help', 'new', 'post'].map((k) => [k, Object.fromEntries(Object.entries(tp[k]).map(([c, v]) => [c, Object.fromEntries(Object.entries(v).filter(([f]) => f !== 'roundsRps'))]))])
    ),
    newOwnShare: newOwn,
    graphCallsPerSubmit: graph,
    tokens,
    memory: mem,
    start: { ms: start.ms },
    targets: checks
  });
  fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  // Nothing this run started may outlive it.
  await stopAll();
  const leftovers = [];
  for (const port of portsUsed) if (await portOpen(port)) leftovers.push(`port ${port}`);
  for (const pid of spawnedPids) if (pidAlive(pid)) leftovers.push(`pid ${pid}`);
  process.stdout.write(`\n${table}\n\n`);
  process.stdout.write(`Wrote bench/results.json. Took ${Math.round((performance.now() - began) / 1000)} s. `);
  process.stdout.write(leftovers.length === 0 ? `Cleanup: all ${spawnedPids.length} processes it started have exited, no listener left on the ${portsUsed.size} ports used.\n` : `Cleanup problem: still there: ${leftovers.join(', ')}\n`);
  if (leftovers.length > 0) process.exitCode = 1;
}

main().catch(async (err) => {
  process.stderr.write(`\nbench failed: ${err.stack ?? err}\n`);
  await stopAll();
  process.exit(1);
});
