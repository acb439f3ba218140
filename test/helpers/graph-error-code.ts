// What a sandbox rule answered, as "<status> <code>" (e.g. "400 ErrorInvalidUrlQuery"); undefined
// when it accepted. Any other exception is a bug in the rule and is rethrown.
import { GraphError } from '../../src/sandbox/sandbox-http';

export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof GraphError) return `${err.status} ${err.code}`;
    throw err;
  }
  return undefined;
}
