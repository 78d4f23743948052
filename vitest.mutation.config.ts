// The vitest configuration Stryker runs (stryker.config.mjs): the trace-conformance oracle only.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/mutation/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
  },
});
