/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFilesAfterEnv: ['<rootDir>/test/helpers/no-network.ts'],
  reporters: [
    'default',
    '<rootDir>/test/helpers/reliability-reporter.js',
    '<rootDir>/test/helpers/summary-reporter.js'
  ],
  testTimeout: 20000
};
