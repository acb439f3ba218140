// The four workloads: what each request carries and which answer counts. `echo` goes to the
// echo bot, the others to the bot; a round counts only answers that check out.
import { answers } from './answers';
import { messageBody, PEOPLE, postBody } from './activities';
import { postJson } from './http';

export type WorkloadName = 'echo' | 'help' | 'new' | 'post';

export interface Workload {
  body: () => string;
  ok: (answer: string) => boolean;
}

let poster = 0;
let opener = 0;

export const WORKLOADS: Record<WorkloadName, Workload> = {
  echo: { body: () => messageBody('help'), ok: answers.echo },
  help: { body: () => messageBody('help'), ok: answers.help },
  // The six people in turn too: the reads limit is per person (the bench raises it to 10,000 a
  // minute, the most the bot accepts), and one person opening the form over a thousand times a
  // second would reach it within a minute's rounds (the answers would be the limit's notice).
  new: { body: () => messageBody('new', PEOPLE[opener++ % PEOPLE.length]), ok: answers.new },
  // The six playground people in turn, each press a fresh draft.
  post: { body: () => postBody(PEOPLE[poster++ % PEOPLE.length]), ok: answers.post }
};

/** Posts one activity to the bot and throws unless the answer is the workload's. */
export async function expectAnswer(port: number, workload: WorkloadName, body: string): Promise<void> {
  const answer = await postJson(`http://127.0.0.1:${port}/api/messages`, body);
  if (!WORKLOADS[workload].ok(answer)) throw new Error(`${workload}: not the expected answer: ${answer.slice(0, 300)}`);
}
