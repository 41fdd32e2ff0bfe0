/**
 * `pnpm bench:worker-rss [--source]`: the worker's resident memory as the start command runs
 * it (compiled bundle and plain node; `--source`: through tsx, for comparison). Starts the
 * whole system on fresh data, waits for the demo's syncs to end, samples the worker's RSS for
 * 10 s idle, then runs a FULL_RESYNC of the demo's three accounts and samples it until every
 * job has finished. Prints min / median / max in MB for both.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const fromSource = process.argv.includes('--source');
const SAMPLE_MS = 250;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return kb / 1024;
}

/** The start command's child whose command line runs the worker. */
function workerPid(parent: number): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(
        readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1],
      );
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === parent && cmdline.includes('apps/worker/')) return Number(entry);
    } catch {} // the process ended while we read it
  }
  return null;
}

const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `min ${sorted[0]!.toFixed(0)} / median ${at(0.5).toFixed(0)} / max ${sorted.at(-1)!.toFixed(0)} MB (${samples.length} samples)`;
};

const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-rss-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TRIBUTARY_DATA_DIR: dataDir,
    PORT: '0',
    SANDBOX_PORT: '0',
  };
  delete env.DATABASE_URL;
  if (fromSource) env.TRIBUTARY_RUN_SOURCE = 'true';
  const startedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    while (!/^API key\s+\S+/m.test(output)) {
      if (child.exitCode !== null) throw new Error(`start exited:\n${output}`);
      if (performance.now() - startedAt > 180_000) throw new Error(`start timed out:\n${output}`);
      await wait(100);
    }
    const startSeconds = (performance.now() - startedAt) / 1000;
    const url = /^GraphQL\s+(\S+)/m.exec(output)![1]!;
    const key = /^API key\s+(\S+)/m.exec(output)![1]!;
    const gql = async <T>(query: string): Promise<T> => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query }),
      });
      const body = (await res.json()) as { data?: T; errors?: unknown };
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const active = async () =>
      (
        await gql<{ syncJobs: { edges: unknown[] } }>(
          '{ syncJobs(first: 100, status: [PENDING, RUNNING, CANCELLING]) { edges { cursor } } }',
        )
      ).syncJobs.edges.length;
    const pid = workerPid(child.pid!);
    if (!pid) throw new Error('no worker process found');
    // Whatever the demo started: idle means no job left.
    const settleBy = Date.now() + 300_000;
    while ((await active()) > 0 && Date.now() < settleBy) await wait(500);
    const idle: number[] = [];
    for (let i = 0; i < 10_000 / SAMPLE_MS; i++) {
      idle.push(rssMb(pid));
      await wait(SAMPLE_MS);
    }
    await gql('mutation { syncAll(input: { mode: FULL_RESYNC }) { __typename } }');
    const syncing: number[] = [];
    const syncStarted = performance.now();
    let polls = 0;
    while (performance.now() - syncStarted < 600_000) {
      syncing.push(rssMb(pid));
      if (++polls % 4 === 0 && (await active()) === 0) break;
      await wait(SAMPLE_MS);
    }
    const syncSeconds = (performance.now() - syncStarted) / 1000;
    console.log(
      `worker run ${fromSource ? 'from source through tsx' : 'as a compiled bundle on plain node'}`,
    );
    console.log(`start command until its URLs printed: ${startSeconds.toFixed(1)} s`);
    console.log(`worker RSS idle:          ${summary(idle)}`);
    console.log(
      `worker RSS during a sync: ${summary(syncing)} (FULL_RESYNC of the demo's 3 accounts, ${syncSeconds.toFixed(1)} s)`,
    );
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
