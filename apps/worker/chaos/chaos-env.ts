import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createPool,
  createQueue,
  type EmbeddedPostgresHandle,
  type Pool,
  type Queue,
  runMigrations,
  startEmbeddedPostgres,
} from '@tributary/db';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';

const WORKER_ENTRY = resolve(import.meta.dirname, '../src/main.ts');

/** A worker process that died without being killed by the suite: the bug class #13 is about. */
export type WorkerCrash = { code: number | null; signal: string | null; output: string };

export type ChaosEnv = Awaited<ReturnType<typeof startChaosEnv>>;

/**
 * Everything real, nothing shared with other test files: an embedded PostgreSQL on its own
 * data directory (so it can be stopped and started again), the sandbox over HTTP, and worker
 * processes started exactly as the start command starts them.
 */
export async function startChaosEnv(options: { workers: number }) {
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-chaos-'));
  const startPostgres = (port?: number) =>
    startEmbeddedPostgres({
      dataDir,
      durability: 'fast',
      ...(port !== undefined ? { port } : {}),
    });
  let server: EmbeddedPostgresHandle = await startPostgres();
  await runMigrations(server.url);
  const url = server.url;
  const pool: Pool = createPool(url, 4);
  const queue: Queue = createQueue(url);
  await queue.start();
  const sandbox: SandboxServer = await startSandboxServer({ port: 0 });
  const admin = sandboxAdmin(sandbox.url);
  const secretKey = randomBytes(32);

  const workers = new Set<ChildProcess>();
  /** Workers that have logged "worker started" (consuming queues). */
  const ready = new WeakSet<ChildProcess>();
  const killed = new WeakSet<ChildProcess>();
  const crashes: WorkerCrash[] = [];
  let stopping = false;

  function spawnWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        TRIBUTARY_DATA_DIR: dataDir,
        TRIBUTARY_SECRET_KEY: secretKey.toString('base64'),
        TRIBUTARY_SANDBOX_URL: sandbox.url,
        CHUNK_LEASE_MS: '3000',
        CHUNK_PAGE_BUDGET: '4',
        MAINTENANCE_INTERVAL_MS: '300',
        RETRY_BASE_MS: '200',
        WORKER_CONCURRENCY: '3',
        // info: the "worker started" line says when a worker is consuming.
        LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (data: Buffer) => {
      const text = data.toString();
      if (text.includes('"worker started"')) ready.add(child);
      output = (output + text).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    workers.add(child);
    child.once('exit', (code, signal) => {
      workers.delete(child);
      if (stopping || killed.has(child)) return;
      crashes.push({ code, signal, output });
      // Keep the run going with a replacement; the crash itself fails the run.
      spawnWorker();
    });
    return child;
  }
  for (let i = 0; i < options.workers; i++) spawnWorker();

  return {
    url,
    pool,
    queue,
    sandbox,
    admin,
    secretKey,
    crashes,
    spawnWorker,
    workerCount: () => workers.size,
    /**
     * SIGKILLs one consuming worker (chosen by `pick` in [0, 1)) and starts a replacement, but
     * only while another worker is consuming too: a second worker always runs, as in
     * production, rather than every worker dying before it finished booting. False when no
     * kill happened.
     */
    killWorker(pick: number): boolean {
      const list = [...workers].filter((child) => ready.has(child));
      if (list.length < 2) return false;
      const victim = list[Math.floor(pick * list.length)];
      if (!victim) return false;
      killed.add(victim);
      victim.kill('SIGKILL');
      spawnWorker();
      return true;
    },
    /** Stops PostgreSQL (every session gets 57P01), waits `downMs`, starts it on the same data dir and port. */
    async restartPostgres(downMs: number): Promise<void> {
      const port = server.port;
      await server.stop();
      await new Promise((done) => setTimeout(done, downMs));
      server = await startPostgres(port);
    },
    async stop(): Promise<void> {
      stopping = true;
      const exits = [...workers].map((child) => new Promise((done) => child.once('exit', done)));
      for (const child of workers) child.kill('SIGKILL');
      await Promise.all(exits);
      await queue.stop({ graceful: false, timeoutMs: 2000 }).catch(() => {});
      await sandbox.close();
      await pool.end();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
