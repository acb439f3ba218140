// The child processes run as plain JavaScript, not under tsx: tsx in a measured process costs
// 25–45 MB of RSS and 12 MB of V8 heap, turns source maps on and transforms every module it
// loads (measured on the bot process), which would move the memory figures and more. So before
// the run, the child scripts and the bench modules they import are transpiled to dist/bench/
// (transpile-bench.ts), where node_modules and dist/src resolve as they do from bench/. That
// runs in a short-lived process of its own, so the TypeScript compiler never sits in the load
// generator's heap.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DIST_BENCH, REPO_ROOT } from '../paths';

/** The scripts run as child processes, in bench/processes/. */
export const CHILD_SCRIPTS = [
  'echo-bot',
  'teams-ai-bot',
  'bot-process',
  'sandbox-process',
  'token-cost-process'
] as const;

export function compileChildren(): void {
  // process.execArgv carries tsx's hooks, however this run was started (tsx CLI or --import tsx).
  const result = spawnSync(process.execPath, [...process.execArgv, path.join(__dirname, 'transpile-bench.ts')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit']
  });
  if (result.status !== 0)
    throw new Error(`transpiling bench/ for the child processes failed (${result.status ?? result.signal})`);
}

/** The plain-JS copy of a bench/processes script, for `node`. */
export function childScript(name: (typeof CHILD_SCRIPTS)[number]): string {
  return path.join(DIST_BENCH, 'processes', `${name}.js`);
}
