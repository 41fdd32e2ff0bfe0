import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['packages/db/src/testing/global-setup.ts'],
    include: [
      '{apps,packages}/*/src/**/*.test.{ts,tsx}',
      '{apps,packages}/*/e2e/**/*.test.ts',
      'scripts/*.test.ts',
      'scripts/e2e/*.test.ts',
      'bench/**/*.test.ts',
      'examples/{e2e,guide}/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Two cores: more parallel files only add contention.
    maxWorkers: 3,
  },
});
