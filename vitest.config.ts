import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser tests' runtimes serve web/dist: built once here, never concurrently by each.
    globalSetup: ['test/support/build-web.ts'],
    // dynalite and the local engine run in-process; give integration tests room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
