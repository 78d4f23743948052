// Mutation testing with trace checking as the only oracle (docs/mutation.md).
//   npm run mutation                 # src/core and the applications' logic
//   npm run mutation -- --mutate src/core/acceptor.ts
// Reports: bench/results/mutation/ (HTML and JSON); the score and the survivors are written up in
// docs/mutation.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  mutate: [
    'src/core/**/*.ts',
    '!src/core/index.ts',
    '!src/core/trace.ts',
    'src/apps/wormlog/node.ts',
    'src/apps/wormtx/node.ts',
  ],
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'bench/results/mutation/mutation.json' },
  htmlReporter: { fileName: 'bench/results/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
