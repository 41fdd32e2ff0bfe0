/**
 * `pnpm bench [scenario …] [--runs N] [--quick] [--large-records N] [--out DIR]`: every scenario
 * of issue #15 against the real system on the sandbox (this run's own embedded PostgreSQL, real
 * worker processes, the sandbox in its own process over HTTP, the API), each run N times
 * (default 3); prints min / median / max and the targets, and writes latest.md, latest.json
 * and the SVG plots to bench/results/ (or --out).
 */
import { resolve } from 'node:path';
import { BenchUsageError, parseBenchArgs } from './cli-args.ts';
import { startBenchSystem } from './harness/bench-system.ts';
import { commitOf, loadAverage, machineInfo } from './report/machine.ts';
import { summarize } from './report/summary.ts';
import { evaluateTargets, type Summary } from './report/targets.ts';
import {
  type BenchReport,
  renderMarkdown,
  writePlots,
  writeReport,
} from './report/write-report.ts';
import { SCENARIOS } from './scenarios/index.ts';
import type { Series } from './scenarios/scenario.ts';

const root = resolve(import.meta.dirname, '..');
let args: ReturnType<typeof parseBenchArgs>;
try {
  // pnpm passes a literal `--` through when flags follow the script name.
  args = parseBenchArgs(
    process.argv.slice(2).filter((arg) => arg !== '--'),
    SCENARIOS,
  );
} catch (error) {
  if (error instanceof BenchUsageError) {
    console.error(`bench: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
const out = resolve(args.out ?? resolve(root, 'bench/results'));
const report: BenchReport = {
  startedAt: new Date().toISOString(),
  commit: commitOf(root),
  machine: machineInfo(),
  loadAverage: { start: loadAverage(), end: [] },
  options: { runs: args.runs, quick: args.quick, largeRecords: args.largeRecords },
  scenarios: {},
  targets: [],
  plots: [],
};
console.log(
  `bench: ${args.scenarios.map((s) => s.name).join(', ')}; ${args.runs} run(s) each${args.quick ? ', quick' : ''}; ${report.machine.cores} cores, load ${report.loadAverage.start.join(' ')}`,
);

const system = await startBenchSystem({ profileSql: args.profileSql });
// Interrupted: stop what this run started (workers, sandbox, its PostgreSQL) before leaving.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`bench: ${signal}, stopping what it started`);
    void system.close().finally(() => process.exit(130));
  });
}
const lastSeries: { scenario: string; series: Series }[] = [];
try {
  for (const scenario of args.scenarios) {
    const runs = [];
    const notes: string[] = [];
    let series: Series | undefined;
    for (let i = 0; i < args.runs; i++) {
      const started = performance.now();
      const result = await scenario.run(system, {
        quick: args.quick,
        largeRecords: args.largeRecords,
      });
      runs.push(result.values);
      notes.push(...(result.notes ?? []).map((note) => `run ${i + 1}: ${note}`));
      series = result.series ?? series;
      console.log(
        `  ${scenario.name} run ${i + 1}/${args.runs} (${((performance.now() - started) / 1000).toFixed(1)} s, load ${loadAverage()[0]})`,
      );
    }
    if (series) lastSeries.push({ scenario: scenario.name, series });
    report.scenarios[scenario.name] = {
      title: scenario.title,
      runs,
      summary: summarize(runs),
      notes,
    };
  }
} finally {
  await system.close();
}
report.loadAverage.end = loadAverage();
const summary: Summary = Object.fromEntries(
  Object.entries(report.scenarios).map(([name, s]) => [name, s.summary]),
);
report.targets = evaluateTargets(summary);
await writeReport(out, report, args.scenarios);
report.plots = await writePlots(out, lastSeries);
await writeReport(out, report, args.scenarios);
console.log(`\n${renderMarkdown(report, args.scenarios)}`);
console.log(
  `bench: wrote ${out}/latest.md, latest.json${report.plots.map((p) => `, ${p}`).join('')}`,
);
