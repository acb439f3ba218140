// The bot under test for `npm run bench`: the BUILT code (dist/src), composed exactly as
// src/index.ts does it (loadConfig → createLogger → buildBot → listen), in local mode against
// the Graph sandbox whose URL the parent passes in GRAPH_BASE_URL. Run with --expose-gc.
//
// Bench-only instrumentation, off until the parent sends {type:'record', on:true}:
//   - each activity's turn runs inside an AsyncLocalStorage context (BotAdapter.processParsedActivity
//     is wrapped), so every Graph request can be attributed to the activity that made it;
//   - Graph wait = time inside fetch() for a Graph URL, plus reading the response body (the Graph
//     client looks up the global fetch per call, so wrapping globalThis.fetch sees every request);
//   - request total = node http 'request' event → response 'finish', server side.
// IPC: {type:'record',on} · {type:'timings'} → samples [totalMs, graphMs, graphCalls] since the
// last call · {type:'gc'} · {type:'memory'} → process.memoryUsage().
'use strict';
const path = require('node:path');
const { AsyncLocalStorage } = require('node:async_hooks');
const { performance } = require('node:perf_hooks');

const DIST = path.join(__dirname, '..', 'dist', 'src');
const { loadConfig } = require(path.join(DIST, 'config'));
const { createLogger } = require(path.join(DIST, 'logger'));
const { buildBot } = require(path.join(DIST, 'create-bot'));
const { BotAdapter } = require(path.join(DIST, 'teams', 'bot-adapter'));

const als = new AsyncLocalStorage();
let recording = false;
let samples = [];
let unattributedGraphCalls = 0;
const contexts = new Map(); // activity id → { graphMs, graphCalls }

const config = loadConfig(process.env);
const graphBase = config.graphBaseUrl;

const realFetch = globalThis.fetch;
globalThis.fetch = async function benchFetch(input, init) {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!recording || !url.startsWith(graphBase)) return realFetch(input, init);
  const ctx = als.getStore();
  if (!ctx) {
    unattributedGraphCalls++;
    return realFetch(input, init);
  }
  ctx.graphCalls++;
  const t0 = performance.now();
  let res;
  try {
    res = await realFetch(input, init);
  } finally {
    ctx.graphMs += performance.now() - t0;
  }
  for (const reader of ['text', 'json', 'arrayBuffer']) {
    const read = res[reader].bind(res);
    res[reader] = async () => {
      const t1 = performance.now();
      try {
        return await read();
      } finally {
        ctx.graphMs += performance.now() - t1;
      }
    };
  }
  return res;
};

const processParsedActivity = BotAdapter.prototype.processParsedActivity;
BotAdapter.prototype.processParsedActivity = function (authHeader, activity, logic) {
  if (!recording || typeof activity.id !== 'string') return processParsedActivity.call(this, authHeader, activity, logic);
  const ctx = { graphMs: 0, graphCalls: 0 };
  contexts.set(activity.id, ctx);
  return als.run(ctx, () => processParsedActivity.call(this, authHeader, activity, logic));
};

const logger = createLogger(config.logLevel);
const bot = buildBot(config, { logger });

const httpServer = bot.server.server;
const restifyListeners = httpServer.listeners('request');
httpServer.removeAllListeners('request');
httpServer.on('request', (req, res) => {
  if (recording) {
    const t0 = performance.now();
    res.once('finish', () => {
      const total = performance.now() - t0;
      const id = req.body && typeof req.body.id === 'string' ? req.body.id : undefined;
      const ctx = id === undefined ? undefined : contexts.get(id);
      if (ctx) contexts.delete(id);
      samples.push([total, ctx ? ctx.graphMs : 0, ctx ? ctx.graphCalls : 0]);
    });
  }
  for (const listener of restifyListeners) listener.call(httpServer, req, res);
});

bot.server.listen(config.port, config.host, () => {
  process.send({ type: 'ready', port: bot.server.address().port });
});

process.on('message', (msg) => {
  switch (msg?.type) {
    case 'record':
      recording = Boolean(msg.on);
      samples = [];
      contexts.clear();
      unattributedGraphCalls = 0;
      return process.send({ type: 'record', id: msg.id });
    case 'timings': {
      const out = samples;
      samples = [];
      const unattributed = unattributedGraphCalls;
      unattributedGraphCalls = 0;
      return process.send({ type: 'timings', id: msg.id, samples: out, unattributedGraphCalls: unattributed });
    }
    case 'gc':
      global.gc?.();
      return process.send({ type: 'gc', id: msg.id });
    case 'memory':
      return process.send({ type: 'memory', id: msg.id, memory: process.memoryUsage() });
  }
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(0), 3000).unref();
  bot.server.close(() => {
    bot.close();
    process.exit(0);
  });
  httpServer.closeAllConnections?.();
};
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
