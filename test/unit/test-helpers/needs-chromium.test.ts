// The browser e2e needs Debian's Chromium: without it only that suite may be skipped (one notice
// for the run), and with CI set it must fail instead of passing quietly.
type Calls = { calls: string[]; notices: string[]; failing?: () => void };

const savedCI = process.env.CI;
afterEach(() => {
  if (savedCI === undefined) delete process.env.CI;
  else process.env.CI = savedCI;
});

// Loads local-process.ts as if /usr/bin/chromium were absent, with describe/it and notices recorded.
function defineWithoutChromium(): Calls {
  const out: Calls = { calls: [], notices: [] };
  const g = globalThis as unknown as Record<string, unknown>;
  const saved = { describe: g.describe, it: g.it };
  jest.isolateModules(() => {
    jest.doMock('node:fs', () => ({ ...jest.requireActual('node:fs'), existsSync: () => false }));
    jest.doMock('../../helpers/run-notices', () => ({
      missing: (_key: string, what: string, notice: string) => {
        if (process.env.CI) throw new Error(`${what} (CI is set: this check may not be skipped)`);
        out.notices.push(notice);
      }
    }));
    const helper = require('../../helpers/local-process') as typeof import('../../helpers/local-process');
    expect(helper.chromiumAvailable).toBe(false);
    const fakeDescribe = Object.assign(
      (name: string, fn: () => void) => {
        out.calls.push(`describe ${name}`);
        fn();
      },
      { skip: (name: string) => out.calls.push(`skip ${name}`) }
    );
    Object.assign(g, {
      describe: fakeDescribe,
      it: (name: string, fn: () => void) => {
        out.calls.push(`it ${name}`);
        out.failing = fn;
      }
    });
    try {
      helper.describeIf(helper.chromiumAvailable, 'Chromium not found at /usr/bin/chromium', 'browser', () =>
        out.calls.push('body ran')
      );
    } finally {
      Object.assign(g, saved);
    }
  });
  return out;
}

it('outside CI: the suite is skipped with a visible title and one notice, its body never runs', () => {
  delete process.env.CI;
  const { calls, notices } = defineWithoutChromium();
  expect(calls).toEqual(['skip skipped: Chromium not found at /usr/bin/chromium (browser)']);
  expect(notices).toEqual([
    'notice: Chromium not found at /usr/bin/chromium: skipped "browser" (with CI set it fails)'
  ]);
});

it('with CI set: one failing test instead of the suite', () => {
  process.env.CI = '1';
  const { calls, notices, failing } = defineWithoutChromium();
  expect(calls).toEqual(['describe browser', 'it needs: Chromium not found at /usr/bin/chromium']);
  expect(notices).toEqual([]);
  expect(failing).toThrow('Chromium not found at /usr/bin/chromium (CI is set: this check may not be skipped)');
});
