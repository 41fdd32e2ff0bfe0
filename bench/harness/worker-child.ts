import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { buildServices, bundleArgs } from '../../scripts/build-services.ts';
import { assignRole, forgetRole, rssOf } from './process-tree.ts';

const root = resolve(import.meta.dirname, '../..');

export type WorkerChild = {
  pid: number;
  /** Resident memory right after start-up, before any sync: bytes. */
  idleRss: number;
  /** Highest resident memory sampled since start (every 200 ms): bytes. */
  peakRss(): number;
  stop(): Promise<void>;
};

/**
 * One worker exactly as the start command runs it: the compiled bundle under plain `node`
 * (built first when stale), in its own process, configured by environment. Its memory and CPU
 * are production's, not tsx's loader's. Resolves once it logs `worker started`.
 */
export async function startWorkerChild(env: Record<string, string>): Promise<WorkerChild> {
  await buildServices(['worker']);
  // BENCH_WORKER_CPU_PROF=DIR: the worker writes a V8 CPU profile there when it stops.
  const profileDir = process.env.BENCH_WORKER_CPU_PROF;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, ...bundleArgs('worker')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  assignRole(pid, 'worker');
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  let buffered = '';
  await new Promise<void>((done, fail) => {
    const onData = (text: string) => {
      buffered += text;
      if (buffered.includes('"msg":"worker started"')) {
        child.stdout!.off('data', onData);
        done();
      }
      buffered = buffered.slice(-2000);
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) =>
      fail(new Error(`worker exited (${code}) before starting: ${stderr || buffered}`)),
    );
  });
  // Its logs are drained (a full pipe would stall it) and surfaced only if it fails.
  child.stdout!.resume();
  const idleRss = rssOf(pid);
  let peak = idleRss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 200);
  return {
    pid,
    idleRss,
    peakRss: () => Math.max(peak, rssOf(pid)),
    async stop() {
      clearInterval(sampler);
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
      forgetRole(pid);
    },
  };
}
