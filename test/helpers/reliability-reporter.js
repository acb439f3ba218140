// Prints the reliability suites' figures as one line after the run, e.g.
// "reliability: 212 bad inputs, 0 crashes, 0 5xx; 48 faults, 0 duplicates, 0 lost drafts, 0 untruths;
// 200 concurrent posts, 200 stored".
// Figures come from test-results/reliability/*.json written by the suites in this run.
const { existsSync, readFileSync, rmSync } = require('node:fs');
const path = require('node:path');

const DIR = path.resolve(__dirname, '..', '..', 'test-results', 'reliability');

class ReliabilityReporter {
  onRunStart() {
    rmSync(DIR, { recursive: true, force: true });
  }

  onRunComplete() {
    const read = (name) => {
      const file = path.join(DIR, `${name}.json`);
      return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
    };
    const parts = [];
    const bad = read('bad-input');
    if (bad) parts.push(`${bad.inputs} bad inputs, ${bad.crashes} crashes, ${bad.serverErrors} 5xx`);
    const faults = read('faults');
    if (faults) {
      const counts = [`${faults.faults} faults`, `${faults.duplicates} duplicates`, `${faults.lostDrafts} lost drafts`];
      if (faults.untruths !== undefined) counts.push(`${faults.untruths} untruths`);
      parts.push(counts.join(', '));
    }
    const load = read('load');
    if (load) {
      const posts = `${load.concurrentPosts} concurrent posts, ${load.stored} stored`;
      parts.push(`${posts}; ${load.activities} activities, RSS +${load.rssGrowthMb} MB`);
    }
    if (parts.length > 0) process.stdout.write(`reliability: ${parts.join('; ')}\n`);
  }
}
module.exports = ReliabilityReporter;
