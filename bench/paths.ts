// Where the bench finds the repository. The same file runs from bench/ (the load generator,
// under tsx) and from dist/bench/ (the plain-JS copy the child processes run, see
// processes/compile-children.ts), so the root is found by walking up, not by a fixed "../".
import fs from 'node:fs';
import path from 'node:path';

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`bench: no package.json above ${from}`);
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
/** The bench's TypeScript sources (and results.json). */
export const BENCH_DIR = path.join(REPO_ROOT, 'bench');
/** The built bot, as `npm run build` writes it: what the bench measures. */
export const DIST_SRC = path.join(REPO_ROOT, 'dist', 'src');
/** The plain-JS copy of bench/ that the child processes run. */
export const DIST_BENCH = path.join(REPO_ROOT, 'dist', 'bench');
