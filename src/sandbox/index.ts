// The Graph sandbox as one component: a loopback server that speaks Microsoft Graph v1.0's wire
// format, plus its /_sandbox control API, over a SQLite tenant started from a seed. Everything
// outside src/sandbox/ imports it from here; the other files in this folder are its internals.
// Production code loads it only in local mode, lazily (src/start.ts): it accepts anyone's
// `sandbox.<id>` token, so a Teams-mode process never holds it
// (test/integration/teams-mode-no-sandbox.test.ts).
import { createSandboxServer, type GraphSandbox, type GraphSandboxOptions } from './sandbox-server';
import { SEED } from './seed';

export type { GraphSandbox, GraphSandboxOptions, SandboxLogger } from './sandbox-server';
export { DEFAULT_CONFIG as DEFAULT_SANDBOX_CONFIG, type SandboxConfig } from './sandbox-config';
export { SANDBOX_DB_FILE, type SandboxStore } from './sandbox-store';
export {
  CURRENT_USER_ID,
  SEED,
  SEED_DOMAIN,
  SEED_GROUP_IDS,
  SEED_TENANT_ID,
  SEED_USER_IDS,
  TEAM_GROUP_ID,
  type Seed,
  type SeedGroup,
  type SeedUser
} from './seed';

/**
 * A Graph sandbox, not yet listening: `listen(port)` binds 127.0.0.1 (0: any free port) and
 * resolves with its Graph base URL; `close()` stops it and closes its store. Its tenant is
 * `options.seed`, by default SEED, the playground seed (the ids in .m365agentsplayground.yml).
 * With `dataDir` the tenant lives in `<dataDir>/graph-sandbox.sqlite`: a new file starts from the
 * seed, an existing one keeps its data; without it, in memory. POST /_sandbox/reset returns to
 * the seed either way.
 */
export function createGraphSandbox(options: GraphSandboxOptions = {}): GraphSandbox {
  return createSandboxServer({ ...options, seed: options.seed ?? SEED });
}
