// `pnpm test:chaos`: repeated seeded runs of every provider under faults and disruptions, each
// ending equal to the sandbox's truth. TRIBUTARY_CHAOS_RUNS (default 4), TRIBUTARY_CHAOS_SEED
// (default random, printed), TRIBUTARY_CHAOS_SCENARIOS (`ready`, `all` or names). See README.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChaosEnv, startChaosEnv } from './chaos-env.ts';
import { problemsOf, replayCommand, summary } from './chaos-report.ts';
import { type RunOutcome, runScenario } from './chaos-run.ts';
import { selectScenarios } from './scenarios.ts';

const runs = Number(process.env.TRIBUTARY_CHAOS_RUNS ?? 4);
const seed = Number(process.env.TRIBUTARY_CHAOS_SEED ?? Math.floor(Math.random() * 1_000_000));
const scenarios = selectScenarios(process.env.TRIBUTARY_CHAOS_SCENARIOS || 'ready');
if (!Number.isInteger(runs) || runs < 1)
  throw new Error('TRIBUTARY_CHAOS_RUNS must be a whole number ≥ 1');
if (!Number.isInteger(seed)) throw new Error('TRIBUTARY_CHAOS_SEED must be a whole number');

const plan = Array.from({ length: runs }, (_, index) => ({
  index,
  scenario: scenarios[index % scenarios.length]!,
  seed: seed + index,
}));
const outcomes: RunOutcome[] = [];
let env: ChaosEnv;

beforeAll(async () => {
  console.log(
    `chaos: base seed ${seed} (replay all: TRIBUTARY_CHAOS_SEED=${seed} TRIBUTARY_CHAOS_RUNS=${runs})`,
  );
  env = await startChaosEnv({ workers: 2 });
});
afterAll(async () => {
  if (outcomes.length > 0) console.log(summary(outcomes, seed));
  await env?.stop();
});

describe('chaos', () => {
  for (const { index, scenario, seed: runSeed } of plan) {
    it(
      `run ${index}: ${scenario.name} (seed ${runSeed})`,
      async () => {
        const outcome = await runScenario(env, scenario, index, runSeed);
        outcomes.push(outcome);
        expect(problemsOf(outcome), `replay: ${replayCommand(outcome)}`).toEqual([]);
      },
      (scenario.timeoutMs ?? 180_000) + 60_000,
    );
  }
});
