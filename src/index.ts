// Entry point: read the environment once, build the bot, listen, and stop cleanly on a signal.
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { buildBot } from './create-bot';
import { routeConsoleToLogger } from './console-to-logger';

function main(): void {
  let config;
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
  const { server } = buildBot(config, { logger });
  server.listen(config.port, config.host, () => {
    logger.info({ mode: config.mode, url: `http://${config.host}:${config.port}/api/messages`, graph: config.graphBaseUrl }, 'bot listening');
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main();
