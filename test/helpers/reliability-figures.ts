// Reliability suites record their counts here; the reliability reporter prints them as one
// summary line at the end of the run (`reliability: … bad inputs, 0 crashes, …`).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sandboxVariant } from './sandbox-variant';

export const FIGURES_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'reliability');

/** One file per suite and sandbox configuration (`faults.json`, `faults@skip-refused-app.json`, …). */
export function recordFigures(
  suite: 'bad-input' | 'faults' | 'load' | 'broadcast-kill',
  figures: Record<string, number>
): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const variant = sandboxVariant().name;
  const file = variant === 'strict' ? `${suite}.json` : `${suite}@${variant}.json`;
  writeFileSync(path.join(FIGURES_DIR, file), JSON.stringify(figures));
}
