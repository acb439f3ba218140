/**
 * Two kinds of project: every test once in the sandbox's strict defaults, and the suites that must
 * hold wherever Graph varies (issue 12: order, paging style, $orderby support, page size, what the
 * concurrency limit counts) once more in each other sandbox configuration of
 * test/helpers/sandbox-variant.ts, named by `globals.SANDBOX_VARIANT`.
 * @type {import('jest').Config}
 */
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFilesAfterEnv: ['<rootDir>/test/helpers/no-network.ts']
};

// The sandbox contract suite is not among them: it checks each configuration itself, by setting it.
const VARIANT_SUITES = [
  'reliability/faults',
  'integration/list-reply-sandbox',
  'integration/list-paging-sandbox',
  'integration/reconcile-sandbox'
].map((name) => `<rootDir>/test/${name}.test.ts`);

const VARIANTS = ['skip-refused-app', 'newest-ignored-small'];

module.exports = {
  reporters: [
    'default',
    '<rootDir>/test/helpers/reliability-reporter.js',
    '<rootDir>/test/helpers/summary-reporter.js'
  ],
  testTimeout: 20000,
  projects: [
    { ...base, displayName: 'strict', testMatch: ['**/*.test.ts'] },
    ...VARIANTS.map((variant) => ({
      ...base,
      displayName: `sandbox:${variant}`,
      testMatch: VARIANT_SUITES,
      globals: { SANDBOX_VARIANT: variant }
    }))
  ]
};
