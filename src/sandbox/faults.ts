// Failure injection and Outlook's per-mailbox concurrency limit. Tests and benchmarks use these to
// meet, on demand, what a real tenant does now and then: throttling (429 + Retry-After), outages
// (503/504), slow answers, dropped connections, and the worst one for a create: the write happened
// but the answer was lost (afterCommit), which is why the bot must check before re-posting.
import { z } from 'zod';

export const faultSpecSchema = z
  .object({
    /** HTTP method to match; absent or '*' matches any. */
    method: z.string().min(1).optional(),
    /** Regular expression tested against the request path (no query), e.g. `/groups/[^/]+/conversations$`. */
    path: z.string().min(1),
    /** Answer with this status; 0 drops the connection; absent: only add latency, then answer normally. */
    status: z
      .number()
      .int()
      .refine((s) => s === 0 || (s >= 400 && s <= 599), 'status must be 0 or 400..599')
      .optional(),
    /** Seconds, sent as Retry-After. */
    retryAfter: z.number().int().min(0).max(3600).optional(),
    /** How many matching requests this fault answers before it disarms. */
    times: z.number().int().min(1).default(1),
    /**
     * Answer only every Nth matching request (the Nth, 2Nth, …) and let the others through, so that
     * "10 % of the creates the sandbox receives" is one fault (`every: 10`), whatever order they come in.
     */
    every: z.number().int().min(1).max(1000).optional(),
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    /** Perform the request (the write commits), then answer with the fault instead of the result. */
    afterCommit: z.boolean().default(false),
    /** Graph error code; a per-status default otherwise. */
    code: z.string().min(1).optional(),
    message: z.string().optional(),
    /** Answer with an HTML page instead of Graph's JSON, as a gateway in front of Graph does. */
    html: z.boolean().default(false)
  })
  .strict();

export type FaultSpec = z.infer<typeof faultSpecSchema>;

export interface ArmedFault extends FaultSpec {
  id: number;
  remaining: number;
  /** Matching requests seen (for `every`). */
  seen: number;
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'ErrorAccessDenied',
  404: 'ResourceNotFound',
  409: 'ErrorConflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceNotAvailable',
  504: 'GatewayTimeout'
};

export function defaultFaultCode(status: number): string {
  return DEFAULT_CODES[status] ?? 'UnknownError';
}

export function createFaultRegistry() {
  let faults: Array<{ fault: ArmedFault; pattern: RegExp }> = [];
  let nextId = 1;
  return {
    /** Throws (SyntaxError) when `path` is not a valid regular expression. */
    add(spec: FaultSpec): ArmedFault {
      const pattern = new RegExp(spec.path);
      const fault: ArmedFault = { ...spec, id: nextId++, remaining: spec.times, seen: 0 };
      faults.push({ fault, pattern });
      return fault;
    },
    clear(): void {
      faults = [];
    },
    list(): ArmedFault[] {
      return faults.map((f) => ({ ...f.fault }));
    },
    /** The first armed fault for this request, counted as used; oldest first. */
    take(method: string, path: string): ArmedFault | undefined {
      const hit = faults.find(({ fault, pattern }) => {
        const matches =
          (fault.method === undefined || fault.method === '*' || fault.method.toUpperCase() === method) &&
          pattern.test(path);
        if (!matches || fault.every === undefined) return matches;
        fault.seen += 1;
        return fault.seen % fault.every === 0;
      });
      if (!hit) return undefined;
      hit.fault.remaining -= 1;
      if (hit.fault.remaining <= 0) faults = faults.filter((f) => f !== hit);
      return { ...hit.fault };
    }
  };
}

export type FaultRegistry = ReturnType<typeof createFaultRegistry>;

/** The limiter's key when the limit counts across all mailboxes (concurrencyScope `app`). */
export const ALL_MAILBOXES = '(all mailboxes)';

/**
 * Outlook allows a few concurrent requests per app and mailbox (4 today) and answers the next one
 * with 429 ApplicationThrottled. One app here (the bot), so the key is the group mailbox, or
 * ALL_MAILBOXES where the limit is read as per app "regardless of whether the requests all access
 * the same mailbox" (another revision of concepts/throttling-limits.md).
 */
export function createMailboxLimiter(initialLimit: number) {
  let limit = initialLimit;
  const inFlight = new Map<string, number>();
  return {
    get limit(): number {
      return limit;
    },
    set limit(value: number) {
      limit = value;
    },
    /** A release function, or undefined when the mailbox is at its limit. */
    tryAcquire(mailbox: string): (() => void) | undefined {
      const key = mailbox.toLowerCase();
      const current = inFlight.get(key) ?? 0;
      if (current >= limit) return undefined;
      inFlight.set(key, current + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const n = (inFlight.get(key) ?? 1) - 1;
        if (n <= 0) inFlight.delete(key);
        else inFlight.set(key, n);
      };
    }
  };
}

export type MailboxLimiter = ReturnType<typeof createMailboxLimiter>;
