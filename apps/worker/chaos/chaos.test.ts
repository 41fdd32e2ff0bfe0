// `pnpm test:chaos`: repeated seeded runs of every provider under faults and disruptions, each
// ending equal to the sandbox's truth. TRIBUTARY_CHAOS_RUNS (default 4), TRIBUTARY_CHAOS_SEED
// (default random, printed), TRIBUTARY_CHAOS_SCENARIOS (`ready`, `all` or names). See README.
import { appendFileSync } from 'node:fs';
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
/**
 * TRIBUTARY_CHAOS_LOG: a file that gets one JSON line per run as it ends, then the summary. The
 * reporter prints a file's output only when the whole file ends, which for a long run is an
 * hour of nothing; this shows a long run's progress and keeps its figures if it is stopped.
 */
const progressLog = process.env.TRIBUTARY_CHAOS_LOG;
function logProgress(line: string) {
  if (progressLog) appendFileSync(progressLog, `${line}\n`);
}
let env: ChaosEnv;

beforeAll(async () => {
  console.log(
    `chaos: base seed ${seed} (replay all: TRIBUTARY_CHAOS_SEED=${seed} TRIBUTARY_CHAOS_RUNS=${runs})`,
  );
  env = await startChaosEnv({ workers: 2 });
});
afterAll(async () => {
  if (outcomes.length > 0) {
    console.log(summary(outcomes, seed));
    logProgress(summary(outcomes, seed));
  }
  await env?.stop();
});

describe('chaos', () => {
  for (const { index, scenario, seed: runSeed } of plan) {
    it(
      `run ${index}: ${scenario.name} (seed ${runSeed})`,
      async () => {
        const outcome = await runScenario(env, scenario, index, runSeed);
        outcomes.push(outcome);
        const { scenario: name, seconds, crashes, stalled, faults } = outcome;
        const problems = problemsOf(outcome);
        logProgress(
          JSON.stringify({
            run: index,
            scenario: name,
            seed: runSeed,
            seconds,
            faults,
            crashes,
            stalled,
            problems,
          }),
        );
        expect(problemsOf(outcome), `replay: ${replayCommand(outcome)}`).toEqual([]);
      },
      (scenario.timeoutMs ?? 180_000) + 60_000,
    );
  }
});
