// Graph calls per submit, counted where Graph is: the sandbox's /_sandbox/stats around 20
// sequential Posts, each batch after `new` (the form is opened first, as a person does, so the
// group directory is warm), with 2 participants and without.
import { ALEX, messageBody, postBody } from '../load/activities';
import { getJson, postJson } from '../load/http';
import { expectAnswer } from '../load/workloads';
import { sandboxOrigin } from '../processes/start-processes';
import type { IpcChild } from '../processes/supervisor';
import { GRAPH_COUNT_POSTS, GRAPH_COUNT_ROUNDS } from '../settings';
import { type Summary, summary } from '../stats';

export interface GraphCalls {
  withParticipants: Summary;
  without: Summary;
  /** Calls per submit by sandbox route, from the first round. */
  byRoutePerSubmit: Partial<Record<Variant, Record<string, number>>>;
}

type Variant = 'withParticipants' | 'without';

interface SandboxStats {
  total: number;
  byRoute: Record<string, number>;
}

function isStats(value: unknown): value is SandboxStats {
  if (typeof value !== 'object' || value === null) return false;
  const { total, byRoute } = value as { total?: unknown; byRoute?: unknown };
  return (
    typeof total === 'number' &&
    typeof byRoute === 'object' &&
    byRoute !== null &&
    Object.values(byRoute).every((n) => typeof n === 'number')
  );
}

export async function graphCallsPerSubmit(bot: IpcChild, sandbox: IpcChild): Promise<GraphCalls> {
  const origin = sandboxOrigin(sandbox);
  const perSubmit: Record<Variant, number[]> = { withParticipants: [], without: [] };
  const byRoutePerSubmit: GraphCalls['byRoutePerSubmit'] = {};
  for (let r = 0; r < GRAPH_COUNT_ROUNDS; r++) {
    for (const participants of [true, false]) {
      const variant: Variant = participants ? 'withParticipants' : 'without';
      await expectAnswer(bot.ready.port, 'new', messageBody('new'));
      await postJson(`${origin}/_sandbox/stats/reset`, {});
      for (let i = 0; i < GRAPH_COUNT_POSTS; i++)
        await expectAnswer(bot.ready.port, 'post', postBody(ALEX, { participants }));
      const stats = await getJson(`${origin}/_sandbox/stats`);
      if (!isStats(stats)) throw new Error(`unexpected /_sandbox/stats answer: ${JSON.stringify(stats).slice(0, 300)}`);
      perSubmit[variant].push(stats.total / GRAPH_COUNT_POSTS);
      if (r === 0)
        byRoutePerSubmit[variant] = Object.fromEntries(
          Object.entries(stats.byRoute).map(([route, n]) => [route, n / GRAPH_COUNT_POSTS])
        );
    }
  }
  return {
    withParticipants: summary(perSubmit.withParticipants),
    without: summary(perSubmit.without),
    byRoutePerSubmit
  };
}
