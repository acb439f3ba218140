import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { routeConsoleToLogger } from '../../src/console-to-logger';

it('sends console.error/warn through pino as one bounded line without the stack', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write: (c, _e, done) => {
      lines.push(String(c));
      done();
    }
  });
  const saved = { error: console.error, warn: console.warn };
  try {
    routeConsoleToLogger(createLogger('info', sink));
    const err = new Error('jwt expired');
    console.error(err);
    console.warn(`Error finding key for token. Available keys: ${'x'.repeat(2000)}`);
  } finally {
    console.error = saved.error;
    console.warn = saved.warn;
  }
  const [first, second] = lines.map((l) => JSON.parse(l));
  expect(first).toMatchObject({ level: 50, source: 'console', msg: 'Error: jwt expired' });
  expect(second.level).toBe(40);
  expect(second.msg.length).toBe(501);
  expect(lines.join('')).not.toContain('    at ');
});
