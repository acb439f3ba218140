// The sandbox's run-time settings: latency, Outlook's concurrency limit, and the ways real Graph
// lists are known to vary (order, $orderby support, paging style, page size). Strict by default:
// no promised order, because group-list-conversations.md documents none; a client that passes
// here does not depend on a behaviour Graph never promised. A test matrix starts a sandbox in a
// variant with createGraphSandbox({ config }) or switches with POST /_sandbox/config.
import { z } from 'zod';

export interface SandboxConfig {
  /** Added to every /v1.0 request. */
  latencyMs: number;
  /** Concurrent mailbox requests before 429 ApplicationThrottled (Outlook: 4). */
  mailboxConcurrency: number;
  /**
   * `mailbox`: the limit is per app and mailbox; `app`: per app across all mailboxes. Both are
   * published wordings of concepts/throttling-limits.md (one revision each).
   */
  concurrencyScope: 'mailbox' | 'app';
  /**
   * Order of every mailbox list. `unspecified`: a stable permutation that is neither newest- nor
   * oldest-first (Graph documents no order for conversations, threads or posts); `newest`: newest
   * activity first for conversations and threads, posts as stored.
   */
  order: 'unspecified' | 'newest';
  /** Seeds the `unspecified` permutation, so a test can try several. */
  orderSeed: number;
  /**
   * `$orderby=lastDeliveredDateTime` on a group's conversations and threads: `true` honours it,
   * `false` refuses any $orderby (400, an API without it), `ignored` accepts it and does not sort:
   * the connector's poll uses it, but group-list-conversations.md does not document it.
   */
  orderby: boolean | 'ignored';
  /** How nextLinks page: opaque `$skiptoken`, or `$skip=N` as some Outlook lists do (concepts/paging.md). */
  paging: 'skiptoken' | 'skip';
  /** Most items a mailbox list page holds, whatever `$top` asks (Graph may return fewer). */
  pageSize: number;
}

export const DEFAULT_CONFIG: Readonly<SandboxConfig> = Object.freeze({
  latencyMs: 0,
  mailboxConcurrency: 4,
  concurrencyScope: 'mailbox',
  order: 'unspecified',
  orderSeed: 1,
  orderby: true,
  paging: 'skiptoken',
  pageSize: 10
});

/** A change to the config (POST /_sandbox/config, createGraphSandbox's `config`): known fields only. */
export const configPatchSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000),
    mailboxConcurrency: z.number().int().min(1).max(1000),
    concurrencyScope: z.enum(['mailbox', 'app']),
    order: z.enum(['unspecified', 'newest']),
    orderSeed: z.number().int().min(-2_147_483_648).max(2_147_483_647),
    orderby: z.union([z.boolean(), z.literal('ignored')]),
    paging: z.enum(['skiptoken', 'skip']),
    pageSize: z.number().int().min(1).max(1000)
  })
  .partial()
  .strict();

/** A sandbox's initial (and reset) config: the defaults, then the legacy options, then `config`. */
export function initialConfig(options: {
  latencyMs?: number;
  mailboxConcurrency?: number;
  config?: Partial<SandboxConfig>;
}): Readonly<SandboxConfig> {
  const patch = configPatchSchema.safeParse(options.config ?? {});
  if (!patch.success) {
    const issues = patch.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new Error(`invalid Graph sandbox config: ${issues.join('; ')}`);
  }
  const legacy: Partial<SandboxConfig> = {};
  if (options.latencyMs !== undefined) legacy.latencyMs = options.latencyMs;
  if (options.mailboxConcurrency !== undefined) legacy.mailboxConcurrency = options.mailboxConcurrency;
  return Object.freeze({ ...DEFAULT_CONFIG, ...legacy, ...stripUndefined(patch.data) });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
