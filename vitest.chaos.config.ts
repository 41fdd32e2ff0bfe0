import { defineConfig } from 'vitest/config';

// `pnpm test:chaos`: its own PostgreSQL (restarted by the suite), one file, runs in sequence.
export default defineConfig({
  test: {
    include: ['apps/worker/chaos/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
