// Prints, after jest's own summary, the run's notices (checks skipped because this clone lacks
// something, e.g. ../shared/schemas: see run-notices.ts, which writes them to NOTICES_DIR), then
// one plain closing line, "tests: N passed, N failed, N skipped", so any CI that reads a run's
// last line sees the counts without parsing jest's table.
const { existsSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const path = require('node:path');

const NOTICES_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'notices');

class SummaryReporter {
  onRunStart() {
    rmSync(NOTICES_DIR, { recursive: true, force: true });
  }

  onRunComplete(_contexts, results) {
    if (existsSync(NOTICES_DIR)) {
      for (const file of readdirSync(NOTICES_DIR).sort())
        process.stdout.write(readFileSync(path.join(NOTICES_DIR, file), 'utf8'));
    }
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
