// botbuilder writes some authentication failures with console.error (a whole TokenExpiredError
// with its stack, or the PEM key list for an unknown signing key), and any stranger can trigger
// them. In the running bot those lines go through pino instead: structured, level-tagged,
// one line each, and cut to a bounded size.
import { format } from 'node:util';
import type { Logger } from './logger';

const MAX_LENGTH = 500;

export function routeConsoleToLogger(logger: Logger): void {
  const forward =
    (level: 'warn' | 'error') =>
    (...args: unknown[]) => {
      const first = format(...args).split('\n')[0] ?? '';
      logger[level]({ source: 'console' }, first.length > MAX_LENGTH ? `${first.slice(0, MAX_LENGTH)}…` : first);
    };
  console.error = forward('error');
  console.warn = forward('warn');
}
