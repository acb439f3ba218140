// Reliability suites record their counts here; the reliability reporter prints them as one
// summary line at the end of the run (`reliability: … bad inputs, 0 crashes, …`).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const FIGURES_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'reliability');

export function recordFigures(suite: 'bad-input' | 'faults' | 'load', figures: Record<string, number>): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(path.join(FIGURES_DIR, `${suite}.json`), JSON.stringify(figures));
}
