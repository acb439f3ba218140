const ESM_ONLY = ['htmlparser2', 'domhandler', 'domutils', 'dom-serializer', 'domelementtype', 'entities'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // sanitize-html 2.18 requires htmlparser2 12 and its dom packages, which ship only as ES
    // modules: Node (20.19+) loads them with require(), jest's module system cannot, so jest
    // compiles just those packages to CommonJS.
    [`/node_modules/(?:${ESM_ONLY.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' } }]
  },
  // Ignore node_modules except those packages (judged by the innermost node_modules folder).
  transformIgnorePatterns: [`/node_modules/(?!.*/node_modules/)(?!(?:${ESM_ONLY.join('|')})/)`],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/no-network.ts'],
  reporters: ['default', '<rootDir>/test/helpers/reliability-reporter.js', '<rootDir>/test/helpers/summary-reporter.js'],
  testTimeout: 20000
};
