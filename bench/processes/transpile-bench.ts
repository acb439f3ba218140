// Run by processes/compile-children.ts in a process of its own: writes the child scripts and
// every bench module they import (followed through relative imports) as plain CommonJS to
// dist/bench/, with the compiler options of tsconfig.json. transpileModule only strips types
// (no type check: `npm run typecheck` does that), file by file.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { BENCH_DIR, DIST_BENCH, REPO_ROOT } from '../paths';
import { CHILD_SCRIPTS } from './compile-children';

const tsconfig = ts.readConfigFile(path.join(REPO_ROOT, 'tsconfig.json'), ts.sys.readFile);
if (tsconfig.error) throw new Error(ts.flattenDiagnosticMessageText(tsconfig.error.messageText, '\n'));
const { options } = ts.parseJsonConfigFileContent(tsconfig.config, ts.sys, REPO_ROOT);
// No source maps: the children run as plain node, whose stack traces would not use them.
const compilerOptions: ts.CompilerOptions = { ...options, sourceMap: false, inlineSourceMap: false };

function transpileOrThrow(file: string, source: string): string {
  const result = ts.transpileModule(source, { compilerOptions, fileName: file, reportDiagnostics: true });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const messages = errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    throw new Error(`${path.relative(REPO_ROOT, file)}: ${messages.join('\n')}`);
  }
  return result.outputText;
}

/** The bench .ts files that `file`'s JavaScript requires by a relative path: its run-time imports only. */
function relativeImports(file: string, javascript: string): string[] {
  return ts
    .preProcessFile(javascript, true, true)
    .importedFiles.map((ref) => ref.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => `${path.resolve(path.dirname(file), name)}.ts`)
    .filter((target) => fs.existsSync(target));
}

// A clean folder, so that a bench file deleted or renamed leaves no stale copy to run.
fs.rmSync(DIST_BENCH, { recursive: true, force: true });
const queue = CHILD_SCRIPTS.map((name) => path.join(BENCH_DIR, 'processes', `${name}.ts`));
const done = new Set<string>();
for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
  if (done.has(file)) continue;
  done.add(file);
  // dist/bench mirrors bench/, so only bench/ can be mirrored (a child must not load test/ or src/).
  if (path.relative(BENCH_DIR, file).startsWith('..'))
    throw new Error(`a bench child process imports ${path.relative(REPO_ROOT, file)}, outside bench/`);
  const javascript = transpileOrThrow(file, fs.readFileSync(file, 'utf8'));
  const target = path.join(DIST_BENCH, path.relative(BENCH_DIR, file)).replace(/\.ts$/, '.js');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, javascript);
  queue.push(...relativeImports(file, javascript));
}
