import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** `pnpm bench …` as the root script runs it (tsx bench/main.ts), into a temporary --out. */
function bench(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/main.ts', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('pnpm bench', () => {
  const dirs: string[] = [];
  const outDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-bench-test-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('runs a scenario in quick mode on a tiny account and writes the report, targets and plots', async () => {
    const out = await outDir();
    const result = await bench(['zero-latency', '--quick', '--runs', '1', '--out', out]);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);

    const report = JSON.parse(await readFile(join(out, 'latest.json'), 'utf8'));
    expect(report.options).toEqual({ runs: 1, quick: true, largeRecords: 10_000 });
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.loadAverage.start).toHaveLength(3);
    expect(report.loadAverage.end).toHaveLength(3);
    const scenario = report.scenarios['zero-latency'];
    expect(scenario.runs).toHaveLength(1);
    const [values] = scenario.runs;
    // The engine, the naive script and the raw passes each moved the same tiny account.
    expect(values.records).toBeGreaterThan(100);
    expect(values.requests).toBeGreaterThan(0);
    for (const key of ['engine_rps', 'naive_rps', 'fetch_rps', 'upsert_rps', 'e2e_over_raw']) {
      expect(values[key], key).toBeGreaterThan(0);
    }
    expect(scenario.notes.join('\n')).not.toMatch(/naive script stored/);
    expect(scenario.summary.engine_rps.min).toBe(values.engine_rps);
    expect(report.targets.map((t: { target: string }) => t.target)).toEqual([
      'Zero latency: engine ≥ 1.0× the naive script',
      'Zero latency: e2e ÷ (raw fetch + raw upsert) ≤ 1.1',
    ]);
    for (const target of report.targets) expect(['PASS', 'MISS']).toContain(target.verdict);

    const markdown = await readFile(join(out, 'latest.md'), 'utf8');
    expect(markdown).toMatch(/\| engine \| [\d,]+ \| [\d,]+ \| [\d,]+ \| records\/s \|/);
    expect(markdown).toContain('![throughput.svg](throughput.svg)');
    const files = await readdir(out);
    for (const plot of [
      'throughput.svg',
      'concurrency-zero-latency.svg',
      'latency-provider-requests.svg',
    ]) {
      expect(files).toContain(plot);
      expect(await readFile(join(out, plot), 'utf8')).toMatch(
        /^<svg [^>]*role="img"><title>[^<]+<\/title>.*<path d="M/s,
      );
    }
  }, 300_000);

  it('refuses an unknown scenario with the list of names, and writes nothing', async () => {
    const out = await outDir();
    const result = await bench(['zero-latncy', '--quick', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'unknown scenario zero-latncy; scenarios: zero-latency, latency-150',
    );
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses a bad --runs', async () => {
    const result = await bench(['--runs', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--runs must be a whole number from 1 to 50, got 0');
  });
});
