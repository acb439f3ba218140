// Graph's known variations as Graph sandbox configurations (issue 12, PLATFORM-FACTS "Graph
// paging", "Outlook concurrency"): the suites that must hold in every one of them run once per
// configuration (jest.config.js projects set `SANDBOX_VARIANT`). Together the three cover every
// value of every option: order unspecified/newest, paging skiptoken/skip, $orderby honoured,
// refused (400) and silently ignored, page sizes 10 and 4, concurrency per mailbox and per app.
import type { GraphSandboxOptions } from '../../src/sandbox';

type SandboxConfig = NonNullable<GraphSandboxOptions['config']>;

export interface SandboxVariant {
  name: string;
  /** The sandbox's starting (and reset) configuration. */
  config: SandboxConfig;
  /** What the bot is told so it matches (the mailbox gate's scope). */
  botEnv: Record<string, string>;
}

const VARIANTS: Record<string, Omit<SandboxVariant, 'name'>> = {
  // The sandbox's own defaults: unspecified order, $orderby honoured, skiptoken paging, 10 a page.
  strict: { config: {}, botEnv: {} },
  'skip-refused-app': {
    config: { paging: 'skip', orderby: false, concurrencyScope: 'app' },
    botEnv: { GRAPH_CONCURRENCY_SCOPE: 'app' }
  },
  'newest-ignored-small': { config: { order: 'newest', orderby: 'ignored', pageSize: 4 }, botEnv: {} }
};

/** The configuration this jest project runs in (`strict` outside the variant projects). */
export function sandboxVariant(): SandboxVariant {
  const name = String((globalThis as { SANDBOX_VARIANT?: unknown }).SANDBOX_VARIANT ?? 'strict');
  const variant = VARIANTS[name];
  if (!variant) throw new Error(`unknown SANDBOX_VARIANT ${name}`);
  return { name, ...variant };
}
