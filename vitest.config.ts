import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser tests' runtimes serve web/dist: built once here, never concurrently by each.
    globalSetup: ['test/support/build-web.ts'],
    // dynalite and the local engine run in-process, and a CDK synth in a hook takes 20-30 s on a loaded
    // 2-core machine: give them room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
