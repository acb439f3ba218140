// msal-node's network module, replaced so that every call to Entra ID has a timeout (msal's own
// client has none) and transient failures are retried with backoff, while answers that need a
// person (invalid_grant, consent) come back at once for the consent flow.
//
// A final 5xx/429 is thrown as a network failure rather than returned: msal records a returned
// 5xx/429 as a throttle for the whole app and refuses every exchange locally for 60 s or more,
// so one person's failed exchange would lock everyone out.
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export interface MsalNetworkOptions {
  timeoutMs?: number;
  retries?: number;
  baseDelayMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called once per HTTP request (benchmarks count token requests with it). */
  onRequest?: (url: string) => void;
}

export class TokenEndpointError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    cause?: unknown
  ) {
    super(message, { cause });
    this.name = 'TokenEndpointError';
  }
}

const TRANSIENT = new Set([429, 500, 502, 503, 504]);

export function createMsalNetworkClient(options: MsalNetworkOptions = {}): INetworkModule {
  const timeoutMs = options.timeoutMs ?? 5000;
  const retries = options.retries ?? 2;
  const baseDelayMs = options.baseDelayMs ?? 200;
  const doFetch = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;

  async function send<T>(
    method: 'GET' | 'POST',
    url: string,
    request: NetworkRequestOptions = {},
    timeout = timeoutMs
  ): Promise<NetworkResponse<T>> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(baseDelayMs * 2 ** (attempt - 1) * (0.5 + random()));
      options.onRequest?.(url);
      let res: Response;
      try {
        res = await doFetch(url, {
          method,
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(timeout),
          redirect: 'error'
        });
      } catch (err) {
        lastError = new TokenEndpointError(`token endpoint unreachable (${(err as Error).name})`, undefined, err);
        continue;
      }
      if (TRANSIENT.has(res.status)) {
        await res.body?.cancel();
        lastError = new TokenEndpointError(`token endpoint answered ${res.status}`, res.status);
        continue;
      }
      const text = await res.text();
      let body: T;
      try {
        body = (text ? JSON.parse(text) : {}) as T;
      } catch (err) {
        throw new TokenEndpointError(
          `token endpoint answered ${res.status} with a body that is not JSON`,
          res.status,
          err
        );
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        headers[key] = value;
      });
      return { status: res.status, headers, body };
    }
    throw lastError;
  }

  return {
    sendGetRequestAsync: <T>(url: string, request?: NetworkRequestOptions, timeout?: number) =>
      send<T>('GET', url, request, timeout),
    sendPostRequestAsync: <T>(url: string, request?: NetworkRequestOptions) => send<T>('POST', url, request)
  };
}
