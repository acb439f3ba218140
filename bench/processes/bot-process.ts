// The bot under test for `npm run bench`: the BUILT code (dist/src), composed exactly as
// src/start.ts does it (loadConfig → createLogger → buildBot → listen), in local mode against
// the Graph sandbox whose URL the parent passes in GRAPH_BASE_URL. Run with --expose-gc.
//
// Bench-only instrumentation (besides counting the turns still running), off until the parent asks
// `record` with on: true:
//   - each activity's turn runs inside an AsyncLocalStorage context (BotAdapter.processParsedActivity
//     is wrapped), so every Graph request can be attributed to the activity that made it;
//   - Graph wait = time inside fetch() for a Graph URL, plus reading the response body (the Graph
//     client looks up the global fetch per call, so wrapping globalThis.fetch sees every request);
//   - request total = node http 'request' event → response 'finish', server side;
//   - with `graphLog` on, every Graph request's send and answer times and status, in a turn or not
//     (a broadcast posts after its turn: the broadcast scenario's profile).
// No change to src/: all of it is wrapping from the outside.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { botCode } from '../built-code';
import { answerQuestions, sendReady, stopWithParent } from './child-side';
import type { GraphCall, Sample } from './ipc-protocol';

interface TurnTimings {
  graphMs: number;
  graphCalls: number;
}

const { loadConfig, createLogger, buildBot, BotAdapter } = botCode();
const als = new AsyncLocalStorage<TurnTimings>();
let recording = false;
let samples: Sample[] = [];
let unattributedGraphCalls = 0;
const turns = new Map<string, TurnTimings>(); // activity id → its Graph time so far
let graphLog: GraphCall[] | undefined;

// The bot's config reader is handed this process's environment, as src/start.ts hands it its own.
const config = loadConfig(process.env);
const graphBase = config.graphBaseUrl;

const realFetch = globalThis.fetch;
globalThis.fetch = async function benchFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (graphLog && url.startsWith(graphBase)) return loggedFetch(graphLog, input, init);
  if (!recording || !url.startsWith(graphBase)) return realFetch(input, init);
  const turn = als.getStore();
  if (!turn) {
    unattributedGraphCalls++;
    return realFetch(input, init);
  }
  turn.graphCalls++;
  const t0 = performance.now();
  let res: Response;
  try {
    res = await realFetch(input, init);
  } finally {
    turn.graphMs += performance.now() - t0;
  }
  // Reading the body is waiting on Graph too.
  const timed =
    <T>(read: () => Promise<T>) =>
    async (): Promise<T> => {
      const t1 = performance.now();
      try {
        return await read();
      } finally {
        turn.graphMs += performance.now() - t1;
      }
    };
  res.text = timed(res.text.bind(res));
  res.json = timed(res.json.bind(res));
  res.arrayBuffer = timed(res.arrayBuffer.bind(res));
  return res;
};

/** The request's path only: no query (it may hold search words), never a header (the token). */
async function loggedFetch(log: GraphCall[], input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const sentAt = Date.now();
  try {
    const res = await realFetch(input, init);
    log.push([sentAt, Date.now(), method, url.pathname, res.status]);
    return res;
  } catch (err) {
    log.push([sentAt, Date.now(), method, url.pathname, 0]); // no answer: a dropped connection or a timeout
    throw err;
  }
}

// Turns still running. autocannon ends a round by closing its sockets, but the bot finishes the
// turns it has started (a slow Post on Blob for up to a second): the parent waits for none to be
// left (`busy`), so that they do not eat into the next round, another process's.
let turnsRunning = 0;
const processParsedActivity = BotAdapter.prototype.processParsedActivity;
BotAdapter.prototype.processParsedActivity = function (
  this: InstanceType<typeof BotAdapter>,
  authHeader,
  activity,
  logic
) {
  const run = () => {
    if (!recording || typeof activity.id !== 'string')
      return processParsedActivity.call(this, authHeader, activity, logic);
    const turn: TurnTimings = { graphMs: 0, graphCalls: 0 };
    turns.set(activity.id, turn);
    return als.run(turn, () => processParsedActivity.call(this, authHeader, activity, logic));
  };
  turnsRunning++;
  return run().finally(() => turnsRunning--);
};

const bot = buildBot(config, { logger: createLogger(config.logLevel) });

// Ahead of restify's own listeners, so the clock starts when node hands over the request.
const httpServer = bot.server.server;
const restifyListeners = httpServer.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
httpServer.removeAllListeners('request');
httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
  if (recording) {
    const t0 = performance.now();
    res.once('finish', () => {
      const total = performance.now() - t0;
      // restify's body parser has set the parsed activity on the same request object by now.
      const body = (req as { body?: { id?: unknown } }).body;
      const id = typeof body?.id === 'string' ? body.id : undefined;
      const turn = id === undefined ? undefined : turns.get(id);
      if (id !== undefined) turns.delete(id);
      samples.push([total, turn ? turn.graphMs : 0, turn ? turn.graphCalls : 0]);
    });
  }
  for (const listener of restifyListeners) listener.call(httpServer, req, res);
});

void bot
  .ready()
  .then(() =>
    bot.server.listen(config.port, config.host, () => sendReady({ port: (bot.server.address() as AddressInfo).port }))
  );

answerQuestions({
  record: ({ on }) => {
    recording = on;
    samples = [];
    turns.clear();
    unattributedGraphCalls = 0;
    return {};
  },
  busy: () => ({ turns: turnsRunning }),
  graphLog: ({ on }) => {
    const calls = graphLog ?? [];
    graphLog = on ? [] : undefined;
    return { calls };
  },
  timings: () => {
    const answer = { samples, unattributedGraphCalls };
    samples = [];
    unattributedGraphCalls = 0;
    return answer;
  }
});

stopWithParent(
  () =>
    new Promise<void>((resolve) => {
      bot.server.close(() => {
        bot.close();
        resolve();
      });
      httpServer.closeAllConnections?.();
    })
);
