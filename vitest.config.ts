import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // One temp root per run, removed at the end; tfjs's "install our node backend" banner silenced.
    globalSetup: ['test/setup/temp-root.ts'],
    setupFiles: ['test/setup/quiet-tfjs.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Training tests are CPU-heavy; two forks match this machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
