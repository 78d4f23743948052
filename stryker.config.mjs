// Mutation testing with trace checking as the only oracle (docs/mutation.md).
//   npm run mutation                 # the WOR acceptor (src/core/acceptor.ts)
//   npm run mutation -- --mutate src/core/proposer/paxos-op.ts,src/apps/wormlog/node.ts
// Reports: bench/results/mutation/ (HTML and JSON); the score and the survivors are written up in
// docs/mutation.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  // The whole of src/core plus the apps' nodes is 3,248 mutants: days on 2 cores. The default is the
  // acceptor (248 mutants, about 2 hours on a loaded 2-core machine); widen it with --mutate.
  mutate: ['src/core/acceptor.ts'],
  // String literals are messages and trace labels; static mutants re-run every test for each one.
  mutator: { excludedMutations: ['StringLiteral'] },
  ignoreStatic: true,
  concurrency: 1,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'bench/results/mutation/mutation.json' },
  htmlReporter: { fileName: 'bench/results/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
