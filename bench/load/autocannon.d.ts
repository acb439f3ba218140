// The part of autocannon 9's programmatic API the bench uses (the package ships no types and
// @types/autocannon is not a dependency).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface RequestParams {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }

    interface Request extends RequestParams {
      /** Called before each request; answers the request to send. */
      setupRequest?: (request: RequestParams) => RequestParams;
      onResponse?: (status: number, body: string | Buffer) => void;
    }

    interface Options extends RequestParams {
      url: string;
      connections?: number;
      pipelining?: number;
      /** Seconds per request. */
      timeout?: number;
      /** Seconds; ignored when `amount` is set. */
      duration?: number;
      amount?: number;
      requests?: Request[];
    }

    interface Result {
      /** Seconds the run took. */
      duration: number;
      errors: number;
      non2xx: number;
      '2xx': number;
    }

    interface Instance extends EventEmitter {
      on(
        event: 'response',
        listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void
      ): this;
    }
  }

  function autocannon(
    options: autocannon.Options,
    callback: (err: Error | null, result: autocannon.Result) => void
  ): autocannon.Instance;

  export = autocannon;
}
