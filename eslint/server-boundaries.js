// The server's house rules (docs/ARCHITECTURE.md), as no-restricted-imports per folder:
// a module is reached only through its index.ts; modules and platform/ import nothing from the
// top of the house (bootstrap, app, the module list, the demo city, test support); platform/
// imports no module at all. Test files may use the test support (testing.ts, testing-*.ts).
// apps/server/src/boundaries.test.ts plants a violation of each and checks that lint fails.

const tests = ['**/*.test.ts'];
const rule = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const topOfHouse = (up, { tests }) => ({
  regex: `^${up}(demo/|(bootstrap|app|modules|main|cli|rotate-key${tests ? '' : '|testing(-[\\w-]+)?'})\\.js$)`,
  message:
    'The top of the house (bootstrap, app, the module list, the demo, test support) imports modules and platform, never the other way round.',
});

const inModule = (opts) => [
  {
    regex: '^\\.\\./[\\w-]+/(?!index\\.js$)',
    message: 'Another module is imported only through its index.ts (../<module>/index.js).',
  },
  topOfHouse('\\.\\./\\.\\./', opts),
];

const inPlatform = (opts) => [
  {
    regex: '^(\\.\\./)+modules/',
    message: 'platform/ imports no module: modules build on the platform.',
  },
  topOfHouse('(\\.\\./)+', opts),
];

export const serverBoundaries = [
  {
    files: ['apps/server/src/modules/**/*.ts'],
    ignores: tests,
    rules: rule(...inModule({ tests: false })),
  },
  { files: ['apps/server/src/modules/**/*.test.ts'], rules: rule(...inModule({ tests: true })) },
  {
    files: ['apps/server/src/platform/**/*.ts'],
    ignores: tests,
    rules: rule(...inPlatform({ tests: false })),
  },
  { files: ['apps/server/src/platform/**/*.test.ts'], rules: rule(...inPlatform({ tests: true })) },
  {
    files: ['apps/server/src/*.ts', 'apps/server/src/demo/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    rules: rule({
      regex: 'modules/[\\w-]+/(?!index\\.js$)',
      message: 'A module is imported only through its index.ts (modules/<name>/index.js).',
    }),
  },
];
