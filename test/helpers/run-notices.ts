// Checks that need something a clone may lack (the shared schemas, Chromium) skip only
// themselves on a developer's machine and say so once for the whole run; with CI set they fail,
// because CI has everything and a silent skip there would hide a broken setup.
// jest runs each test file in its own module registry (and workers), so "once" goes through a
// file per notice in test-results/notices, which the summary reporter prints after the run.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const NOTICES_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'notices');

const written = new Set<string>();

/**
 * `what` is missing: throws under CI; otherwise records `notice` (one line per `key` for the run)
 * and returns, so the caller skips just its own check.
 */
export function missing(key: string, what: string, notice: string): void {
  if (process.env.CI) throw new Error(`${what} (CI is set: this check may not be skipped)`);
  if (!written.has(key)) {
    written.add(key);
    mkdirSync(NOTICES_DIR, { recursive: true });
    writeFileSync(path.join(NOTICES_DIR, `${key.replace(/[^\w.-]/g, '_')}.txt`), `${notice}\n`);
  }
}
