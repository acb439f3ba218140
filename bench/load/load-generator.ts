// One autocannon run against /api/messages. Latencies are recorded here from hrtime
// (sub-millisecond), not from autocannon's millisecond histogram. Every answer is checked, but
// after autocannon has sent the connection's next request (setImmediate): parsing a card takes
// tens of microseconds, which in autocannon's onResponse would stretch every request-to-request
// cycle of the 1-connection rounds; this way it overlaps the server's work on the other core.
import autocannon from 'autocannon';
import { quantile } from '../stats';
import { WORKLOADS, type WorkloadName } from './workloads';

export interface LoadOptions {
  connections: number;
  /** Seconds, or a number of requests (`amount`). */
  duration?: number;
  amount?: number;
}

export interface LoadResult {
  /** Correct answers per second. */
  rps: number;
  p50: number;
  p99: number;
  completed: number;
  bad: number;
  firstBad?: string;
  durationS: number;
}

/** Answers waiting to be checked, checked in batches off autocannon's response path. */
class AnswerChecks {
  good = 0;
  bad = 0;
  firstBad?: string;
  private queue: [WorkloadName, number, string][] = [];
  private scheduled = false;

  add(workload: WorkloadName, status: number, body: string): void {
    this.queue.push([workload, status, body]);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  drain(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    for (const [workload, status, body] of queue) {
      if (status === 200 && WORKLOADS[workload].ok(body)) {
        this.good++;
      } else {
        this.bad++;
        this.firstBad ??= `${status} ${body.slice(0, 300)}`;
      }
    }
  }
}

/** `workloads` in turn, one per request (a single one for a throughput round; a mix for memory). */
export function load(port: number, workloads: readonly WorkloadName[], options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const checks = new AnswerChecks();
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}/api/messages`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        connections: options.connections,
        pipelining: 1,
        timeout: 30,
        ...(options.amount ? { amount: options.amount } : { duration: options.duration }),
        requests: workloads.map((workload) => ({
          method: 'POST',
          path: '/api/messages',
          setupRequest: (req) => {
            req.body = WORKLOADS[workload].body();
            return req;
          },
          onResponse: (status, body) => checks.add(workload, status, String(body))
        }))
      },
      (err, result) => {
        if (err) return reject(err);
        checks.drain();
        resolve({
          rps: checks.good / result.duration,
          p50: quantile(latencies, 0.5),
          p99: quantile(latencies, 0.99),
          completed: result['2xx'] + result.non2xx,
          bad: checks.bad + result.errors,
          firstBad: checks.firstBad,
          durationS: result.duration
        });
      }
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}
