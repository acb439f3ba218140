// start(): read the environment once, build the bot, listen, and stop cleanly on a signal.
// Local mode (the embedded default) also starts the Graph sandbox and the Agents Playground.
// src/index.ts runs it; tests require this module (and src/index.ts) without starting anything.
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './logger';
import { buildBot } from './create-bot';
import { routeConsoleToLogger } from './console-to-logger';
import { startPlayground } from './local/start-playground';

// dist/src/start.js → the project root, where .m365agentsplayground.yml lives.
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Resolves once everything listens; exits the process on a config error (2) or a failed start (1). */
export async function start(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  routeConsoleToLogger(logger);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((err: unknown) => logger.warn({ err }, 'error while stopping'));
  };
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => process.exit(1), 8000).unref();
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  try {
    if (config.local.startSandbox) {
      // Loaded here, not imported at the top: the sandbox accepts anyone's `sandbox.<id>` token,
      // so a Teams-mode process must never hold it (test/integration/teams-mode-no-sandbox.test.ts).
      // require rather than import(): tsc, ts-jest and tsx all turn it into the same CommonJS load.
      const { createGraphSandbox } = require('./sandbox') as typeof import('./sandbox');
      const sandbox = createGraphSandbox({
        dataDir: config.dataDir ?? undefined,
        logger: logger.child({ component: 'graph-sandbox' })
      });
      stops.push(() => sandbox.close());
      const { baseUrl } = await sandbox.listen(config.local.sandboxPort);
      logger.info({ graph: baseUrl, state: `${new URL(baseUrl).origin}/_sandbox/state` }, 'graph sandbox listening');
    }
    const bot = buildBot(config, { logger });
    await bot.ready();
    const port = await listen(bot, config);
    stops.push(() => new Promise<void>((resolve) => bot.server.close(() => resolve())).then(() => bot.close()));
    const botEndpoint = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/api/messages`;
    logger.info({ mode: config.mode, url: botEndpoint, graph: config.graphBaseUrl }, 'bot listening');
    // A sandbox started here is a fresh one (it keeps its subscriptions in memory, as Graph drops
    // the ones nobody renews): the channels' follows subscribe again now that the bot can be reached.
    if (config.local.startSandbox)
      void bot.following
        .renewAll()
        .then(
          (outcomes) => outcomes.length > 0 && logger.info({ follows: outcomes.length }, 'follows subscribed again')
        )
        .catch((err: unknown) => logger.warn({ err }, 'could not subscribe the follows again'));

    if (config.local.playground) {
      const playground = await startPlayground({
        port: config.local.playgroundPort,
        botEndpoint,
        cwd: PROJECT_ROOT,
        env: config.local.childEnv,
        logger
      });
      stops.push(() => playground.stop());
      process.stdout.write(
        [
          `\nLocal mode is ready: open ${playground.url} in your browser`,
          'and type "new" to start a group conversation.',
          'Ctrl-C stops everything.\n\n'
        ].join(' ')
      );
    } else if (config.mode === 'local') {
      process.stdout.write(
        `\nLocal mode is ready (no playground): the bot answers at ${botEndpoint}. Ctrl-C stops everything.\n\n`
      );
    }
  } catch (err) {
    logger.fatal({ err }, 'start failed');
    await stopAll();
    process.exit(1);
  }
}

function listen(bot: ReturnType<typeof buildBot>, config: Config): Promise<number> {
  return new Promise((resolve, reject) => {
    bot.server.once('error', reject);
    bot.server.listen(config.port, config.host, () => resolve((bot.server.address() as AddressInfo).port));
  });
}
