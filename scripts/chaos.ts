/**
 * `pnpm test:chaos [--runs N] [--seed S] [--scenarios ready|all|name,…] [--log FILE]`: the chaos suite
 * (apps/worker/chaos/) under its own vitest config. Flags set the TRIBUTARY_CHAOS_* variables
 * the suite reads, so either form works.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
let flags: { runs?: string; seed?: string; scenarios?: string; log?: string };
try {
  ({ values: flags } = parseArgs({
    options: {
      runs: { type: 'string' },
      seed: { type: 'string' },
      scenarios: { type: 'string' },
      log: { type: 'string' },
    },
  }));
} catch (error) {
  console.error(
    `test:chaos: ${(error as Error).message}; usage: pnpm test:chaos [--runs N] [--seed S] [--scenarios ready|all|names] [--log FILE]`,
  );
  process.exit(2);
}
const env = {
  ...process.env,
  ...(flags.runs ? { TRIBUTARY_CHAOS_RUNS: flags.runs } : {}),
  ...(flags.seed ? { TRIBUTARY_CHAOS_SEED: flags.seed } : {}),
  ...(flags.scenarios ? { TRIBUTARY_CHAOS_SCENARIOS: flags.scenarios } : {}),
  ...(flags.log ? { TRIBUTARY_CHAOS_LOG: resolve(flags.log) } : {}),
};
const result = spawnSync(
  process.execPath,
  [resolve(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.chaos.config.ts'],
  { cwd: root, env, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
