// Start: the real entry point, `node dist/src/index.js` (local mode with its own sandbox, no
// playground, free ports, a temporary DATA_DIR), from spawn to the first /healthz 200. Plain
// node, not the bench's children: this is what `npm start` runs.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { BUILT_ENTRY } from '../built-code';
import { freePort } from '../../test/helpers/local-process';
import { notePort, spawnNode, stopChild, tmpDir } from '../processes/supervisor';
import { baseChildEnv, START_RUNS } from '../settings';
import { type Summary, summary } from '../stats';

export interface StartTime {
  ms: Summary;
  runs: number[];
}

function healthz(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('error', () => resolve(false));
  });
}

async function startOnce(): Promise<number> {
  const [port, sandboxPort] = [await freePort(), await freePort()];
  notePort(port);
  notePort(sandboxPort);
  const dataDir = tmpDir('start');
  const env = {
    ...baseChildEnv(),
    PORT: String(port),
    SANDBOX_PORT: String(sandboxPort),
    PLAYGROUND: '0',
    DATA_DIR: dataDir
  };
  const t0 = performance.now();
  const child = spawnNode([BUILT_ENTRY], { env, stdio: 'ignore' });
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`node dist/src/index.js exited with ${child.exitCode} before /healthz answered`);
    if (performance.now() - t0 > 30_000) throw new Error('node dist/src/index.js did not answer /healthz within 30 s');
    if (await healthz(port)) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const ms = performance.now() - t0;
  await stopChild(child, 'SIGINT');
  return ms;
}

export async function startTime(): Promise<StartTime> {
  const runs: number[] = [];
  for (let i = 0; i < START_RUNS; i++) runs.push(await startOnce());
  return { ms: summary(runs), runs };
}
