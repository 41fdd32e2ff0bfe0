import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scenario, Series, Values } from '../scenarios/scenario.ts';
import { concurrencySeries, histogram, lineChart } from './svg-plots.ts';
import type { Summary, TargetResult } from './targets.ts';

export type BenchReport = {
  startedAt: string;
  commit: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string };
  loadAverage: { start: number[]; end: number[] };
  options: { runs: number; quick: boolean; largeRecords: number };
  scenarios: Record<
    string,
    { title: string; runs: Values[]; summary: Summary[string]; notes: string[] }
  >;
  targets: TargetResult[];
  plots: string[];
};

const number = (value: number, digits = 2) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
    : '—';

export function renderMarkdown(report: BenchReport, scenarios: Scenario[]): string {
  const lines = [
    '# Benchmark results',
    '',
    `\`pnpm bench\` at ${report.startedAt}, commit ${report.commit}, ${report.options.runs} run(s) per scenario${report.options.quick ? ', **quick mode** (tiny accounts: figures only show the harness works)' : ''}.`,
    '',
    `Machine: ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memoryGb} GB, Node ${report.machine.node}. Load average (1/5/15 min) at start ${report.loadAverage.start.join(' / ')}, at end ${report.loadAverage.end.join(' / ')}.`,
    '',
  ];
  if (report.targets.length > 0) {
    lines.push(
      '## Targets (issue #15)',
      '',
      '| target | verdict | measured (median) | by | evidence |',
      '|---|---|---|---|---|',
    );
    for (const t of report.targets) {
      lines.push(`| ${t.target} | **${t.verdict}** | ${t.measured} | ${t.by} | ${t.evidence} |`);
    }
    lines.push('');
  }
  for (const scenario of scenarios) {
    const result = report.scenarios[scenario.name];
    if (!result) continue;
    lines.push(
      `## ${scenario.name}: ${scenario.title}`,
      '',
      '| figure | min | median | max | unit |',
      '|---|---:|---:|---:|---|',
    );
    for (const [key, metric] of Object.entries(scenario.metrics)) {
      const s = result.summary[key];
      if (!s) continue;
      lines.push(
        `| ${metric.label} | ${number(s.min, metric.digits)} | ${number(s.median, metric.digits)} | ${number(s.max, metric.digits)} | ${metric.unit} |`,
      );
    }
    for (const note of result.notes) lines.push('', `- ${note}`);
    lines.push('');
  }
  if (report.plots.length > 0) {
    lines.push('## Plots', '');
    for (const plot of report.plots) lines.push(`![${plot}](${plot})`, '');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The SVG plots from each scenario's last run: records/s over time (every sync on one chart),
 * requests in flight per scenario, latency histograms per chart. Returns the file names.
 */
export async function writePlots(
  dir: string,
  scenarios: { scenario: string; series: Series }[],
): Promise<string[]> {
  const written: string[] = [];
  const write = async (name: string, svg: string) => {
    await writeFile(join(dir, name), svg);
    written.push(name);
  };
  const throughput = Object.assign({}, ...scenarios.map((s) => s.series.throughput ?? {}));
  if (Object.keys(throughput).length > 0) {
    await write(
      'throughput.svg',
      lineChart(
        'Records/s during an initial sync',
        'seconds since startSync',
        'records/s',
        throughput,
      ),
    );
  }
  for (const { scenario, series } of scenarios) {
    if (!series.requests) continue;
    const lines = Object.fromEntries(
      Object.entries(series.requests).map(([name, list]) => [name, concurrencySeries(list)]),
    );
    await write(
      `concurrency-${scenario}.svg`,
      lineChart(
        `${scenario}: provider requests in flight (sandbox request log)`,
        'seconds since the first request',
        'requests in flight',
        lines,
        { step: true },
      ),
    );
  }
  const charts = new Map<string, Record<string, number[]>>();
  for (const { scenario, series } of scenarios) {
    if (!series.latencies) continue;
    const chart = series.latencyChart ?? scenario;
    charts.set(chart, { ...charts.get(chart), ...series.latencies });
  }
  for (const [chart, samples] of charts) {
    await write(`latency-${chart}.svg`, histogram(`Latency: ${chart}`, 'ms', samples));
  }
  return written;
}

export async function writeReport(
  dir: string,
  report: BenchReport,
  scenarios: Scenario[],
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'latest.json'),
    `${JSON.stringify(report, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`,
  );
  await writeFile(join(dir, 'latest.md'), renderMarkdown(report, scenarios));
}
