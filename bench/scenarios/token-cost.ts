// Token cost: processes/token-cost-process.ts, a fresh process per run (msal's caches start
// empty), its one JSON line summed up over the runs.
import { childScript } from '../processes/compile-children';
import { spawnNode } from '../processes/supervisor';
import type { TokenCostOutput } from '../processes/token-cost-process';
import { TOKEN_COST_RUNS } from '../settings';
import { type Summary, summary } from '../stats';

export interface TokenCost {
  submits: number;
  people: number;
  tokenRequests: Summary;
  otherEntraRequests: Summary;
  wallMsPerSubmit: Summary;
  cachedTokenP50Ms: Summary;
  cachedTokenP99Ms: Summary;
  doublePressTokenRequests: Summary;
}

function runOnce(): Promise<TokenCostOutput> {
  return new Promise((resolve, reject) => {
    const child = spawnNode([childScript('token-cost-process')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk));
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk));
    // Our own process's one line, in the shape it declares: the one trusted cast.
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as TokenCostOutput) : reject(new Error(`token-cost exited ${code}: ${err}`))
    );
  });
}

export async function tokenCost(): Promise<TokenCost> {
  const runs: TokenCostOutput[] = [];
  for (let i = 0; i < TOKEN_COST_RUNS; i++) runs.push(await runOnce());
  const of = (pick: (run: TokenCostOutput) => number) => summary(runs.map(pick));
  return {
    submits: runs[0].rounds.submits,
    people: runs[0].rounds.people,
    tokenRequests: of((r) => r.rounds.tokenRequests),
    otherEntraRequests: of((r) => r.rounds.otherEntraRequests),
    wallMsPerSubmit: of((r) => r.rounds.wallMsPerSubmit),
    cachedTokenP50Ms: of((r) => r.rounds.cachedMsP50),
    cachedTokenP99Ms: of((r) => r.rounds.cachedMsP99),
    doublePressTokenRequests: of((r) => r.doublePress.tokenRequests)
  };
}
