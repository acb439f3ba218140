// Prints the reliability suites' figures as one line after the run, e.g.
// "reliability: 212 bad inputs, 0 crashes, 0 5xx; 48 faults, 0 duplicates, 0 lost drafts, 0 untruths;
// 2 broadcasts killed mid-way, 24 groups, 0 duplicates, 0 lost; 200 concurrent posts, 200 stored".
// Figures come from test-results/reliability/*.json written by the suites in this run; a suite that
// ran in several sandbox configurations (faults@<variant>.json) is summed over them.
const { existsSync, readdirSync, readFileSync, rmSync } = require('node:fs');
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
    if (bad) {
      const delay = bad.worstLoopDelayMs !== undefined ? `, worst loop delay ${bad.worstLoopDelayMs} ms` : '';
      parts.push(`${bad.inputs} bad inputs, ${bad.crashes} crashes, ${bad.serverErrors} 5xx${delay}`);
    }
    const runs = existsSync(DIR) ? readdirSync(DIR).filter((f) => /^faults(@[\w-]+)?\.json$/.test(f)) : [];
    if (runs.length > 0) {
      const sum = { faults: 0, duplicates: 0, lostDrafts: 0, untruths: 0 };
      for (const file of runs) {
        const figures = JSON.parse(readFileSync(path.join(DIR, file), 'utf8'));
        for (const key of Object.keys(sum)) sum[key] += figures[key] ?? 0;
      }
      const where = runs.length > 1 ? ` in ${runs.length} sandbox configurations` : '';
      parts.push(
        `${sum.faults} faults${where}, ${sum.duplicates} duplicates, ${sum.lostDrafts} lost drafts, ${sum.untruths} untruths`
      );
    }
    const kill = read('broadcast-kill');
    if (kill) {
      const outcome = `${kill.groups} groups, ${kill.duplicates} duplicates, ${kill.lost} lost`;
      parts.push(`${kill.kills} broadcasts killed mid-way, ${outcome}`);
    }
    const load = read('load');
    if (load) {
      const posts = `${load.concurrentPosts} concurrent posts, ${load.stored} stored`;
      const heap = load.peakHeapMb !== undefined ? `, peak heap ${load.peakHeapMb} MB` : '';
      // A signed figure: the RSS may end lower than it started (the allocator gave memory back).
      const growth = load.rssGrowthMb < 0 ? `${load.rssGrowthMb}` : `+${load.rssGrowthMb}`;
      parts.push(`${posts}; ${load.activities} activities, RSS ${growth} MB${heap}`);
    }
    if (parts.length > 0) process.stdout.write(`reliability: ${parts.join('; ')}\n`);
  }
}
module.exports = ReliabilityReporter;
