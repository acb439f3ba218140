// The bot's own share of a request = server time − the time that request spent waiting on
// Graph, from the samples the bot process records (processes/bot-process.ts). Also the
// `new` scenario: the form, one request at a time, so that nothing queues.
import { expectAnswer } from '../load/workloads';
import { messageBody } from '../load/activities';
import type { Sample } from '../processes/ipc-protocol';
import type { IpcChild } from '../processes/supervisor';
import { NEW_SHARE_ACTIVITIES, NEW_SHARE_ROUNDS } from '../settings';
import { quantile, type Summary, summary } from '../stats';

export interface SampleShare {
  p50: number;
  p99: number;
  graphP50: number;
}

export function ownShareOf(samples: readonly Sample[]): SampleShare {
  const own = samples.map(([total, graph]) => total - graph);
  return {
    p50: quantile(own, 0.5),
    p99: quantile(own, 0.99),
    graphP50: quantile(
      samples.map(([, graph]) => graph),
      0.5
    )
  };
}

export interface NewOwnShare {
  activities: number;
  p50Ms: Summary;
  p99Ms: Summary;
  graphWaitP50Ms: Summary;
}

/** `new` one at a time: the bot's own share (server time − Graph wait) of answering with the form. */
export async function ownShareOfNew(bot: IpcChild): Promise<NewOwnShare> {
  const rounds: SampleShare[] = [];
  for (let r = 0; r < NEW_SHARE_ROUNDS; r++) {
    await bot.ask('record', { on: true });
    for (let i = 0; i < NEW_SHARE_ACTIVITIES; i++) await expectAnswer(bot.ready.port, 'new', messageBody('new'));
    const { samples } = await bot.ask('timings');
    await bot.ask('record', { on: false });
    rounds.push(ownShareOf(samples));
  }
  return {
    activities: NEW_SHARE_ACTIVITIES,
    p50Ms: summary(rounds.map((x) => x.p50)),
    p99Ms: summary(rounds.map((x) => x.p99)),
    graphWaitP50Ms: summary(rounds.map((x) => x.graphP50))
  };
}
