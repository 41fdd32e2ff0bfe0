import { isClean, type RunOutcome } from './chaos-run.ts';
import { SCENARIOS } from './scenarios.ts';

/** What went wrong in one run, one line each (empty: the run was clean). */
export function problemsOf(run: RunOutcome): string[] {
  if (isClean(run)) return [];
  const problems: string[] = [];
  if (run.stalled)
    problems.push(`stalled: some job had not ended by the run timeout: ${run.stallState}`);
  if (run.crashes > 0) {
    problems.push(
      `${run.crashes} worker process(es) crashed; the first wrote:\n${run.crashOutput}`,
    );
  }
  for (const p of run.providers) {
    const parts = [
      p.lost > 0 ? `${p.lost} lost` : '',
      p.duplicated > 0 ? `${p.duplicated} duplicated` : '',
      p.differing.length > 0 ? `content differs in ${p.differing.join(', ')}` : '',
      p.countersOff !== 0 ? `counters off by ${p.countersOff}` : '',
      p.failedChunks > 0 ? `${p.failedChunks} chunks FAILED` : '',
      p.jobs.some((s) => s !== 'SUCCEEDED') ? `jobs ${p.jobs.join(', ')}` : '',
      p.errors.length > 0 ? `errors: ${p.errors.map((e) => e.slice(0, 120)).join(' | ')}` : '',
    ].filter(Boolean);
    if (parts.length > 0) problems.push(`${p.provider}: ${parts.join('; ')}`);
  }
  return problems;
}

export function replayCommand(run: Pick<RunOutcome, 'seed' | 'scenario'>): string {
  return `TRIBUTARY_CHAOS_SEED=${run.seed} TRIBUTARY_CHAOS_RUNS=1 TRIBUTARY_CHAOS_SCENARIOS=${run.scenario} pnpm test:chaos`;
}

/** The suite's closing figures: runs, faults injected by kind, records lost/duplicated, FAILED chunks. */
export function summary(runs: RunOutcome[], seed: number): string {
  const sum = (pick: (run: RunOutcome) => number) => runs.reduce((n, run) => n + pick(run), 0);
  const perProvider = (pick: (p: RunOutcome['providers'][number]) => number) =>
    sum((run) => run.providers.reduce((n, p) => n + pick(p), 0));
  const faults = new Map<string, number>();
  const scenarios = new Map<string, number>();
  for (const run of runs) {
    scenarios.set(run.scenario, (scenarios.get(run.scenario) ?? 0) + 1);
    for (const [kind, n] of Object.entries(run.faults))
      faults.set(kind, (faults.get(kind) ?? 0) + n);
  }
  const list = (map: Map<string, number>, sep: string) =>
    [...map].map(([name, n]) => `${name}${sep}${n}`).join(', ') || 'none';
  const bad = runs.filter((run) => !isClean(run));
  // Per disrupting scenario: runs whose disruption met a sync in flight, of its runs.
  const met = new Map<string, [number, number]>();
  for (const run of runs) {
    const key = SCENARIOS.find((s) => s.name === run.scenario)?.disruption;
    if (!key) continue;
    const [hit, all] = met.get(run.scenario) ?? [0, 0];
    met.set(run.scenario, [hit + ((run.faults[key] ?? 0) > 0 ? 1 : 0), all + 1]);
  }
  const metLine = [...met].map(([name, [hit, all]]) => `${name} ${hit}/${all}`).join(', ');
  return [
    `chaos: ${runs.length} runs, base seed ${seed}, ${Math.round(sum((r) => r.seconds))} s`,
    `  scenarios:        ${list(scenarios, ' ×')}`,
    `  faults injected:  ${list(faults, ' ')}`,
    ...(metLine ? [`  disruption met a running sync: ${metLine}`] : []),
    `  records lost ${perProvider((p) => p.lost)}, duplicated ${perProvider((p) => p.duplicated)}, ` +
      `counters off ${perProvider((p) => Math.abs(p.countersOff))}, chunks FAILED ${perProvider((p) => p.failedChunks)}, ` +
      `jobs not SUCCEEDED ${perProvider((p) => p.jobs.filter((s) => s !== 'SUCCEEDED').length)}, ` +
      `stalled runs ${runs.filter((r) => r.stalled).length}, worker crashes ${sum((r) => r.crashes)}`,
    ...bad.map(
      (run) =>
        `  run ${run.index} ${run.scenario} (seed ${run.seed}) failed: ${problemsOf(run).join('; ')}\n    replay: ${replayCommand(run)}`,
    ),
  ].join('\n');
}
