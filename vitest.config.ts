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
    // The files of a worker share its modules: aws-cdk-lib, the AWS SDK and zod load once per worker
    // and the sample trust synthesises once (test/cdk/sample-trust.ts), where a fresh process per file
    // loaded them for every file. A file that changes shared state gives it back (the SDK mocks are
    // restored in afterAll; vitest restores vi's own spies between files).
    isolate: false,
    // vitest's default in a run is one worker fewer than the cores: one, on a 2-core machine, so the
    // files ran one at a time while most of them wait on child processes, a browser or dynalite.
    maxWorkers: 2,
  },
});
