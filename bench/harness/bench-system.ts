import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiServer } from '@tributary/api';
import {
  createApiKey,
  createPool,
  createWorkspace,
  type Pool,
  runMigrations,
  startEmbeddedPostgres,
} from '@tributary/db';
import pg from 'pg';
import { pino } from 'pino';
import { assignRole, findPostmaster } from './process-tree.ts';
import { type SandboxChild, startSandboxChild } from './sandbox-child.ts';
import { startWorkerChild, type WorkerChild } from './worker-child.ts';

const TEMPLATE = 'bench_template';

export type BenchSystem = Awaited<ReturnType<typeof startBenchSystem>>;
export type RunEnv = Awaited<ReturnType<BenchSystem['newRun']>>;

/**
 * What every scenario runs against, started once per `pnpm bench`: this run's own embedded
 * PostgreSQL (a throwaway cluster with a migrated template database) and the sandbox process.
 * Each scenario run then gets a fresh database cloned from the template, an API server in
 * this process and real worker processes (`newRun`), so no run sees another's records.
 */
export async function startBenchSystem(options: { profileSql?: boolean } = {}) {
  const profileSql = options.profileSql ?? false;
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-bench-'));
  const postgres = await startEmbeddedPostgres({
    dataDir,
    database: TEMPLATE,
    ...(profileSql ? { preloadLibraries: ['pg_stat_statements'] } : {}),
  });
  const postmaster = findPostmaster();
  if (postmaster) assignRole(postmaster, 'postgres');
  await runMigrations(postgres.url);
  if (profileSql) {
    // In the template, so every run's database has the view.
    const template = new pg.Client({ connectionString: postgres.url });
    await template.connect();
    await template.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await template.end();
  }
  const sandbox = await startSandboxChild();
  const secretKey = randomBytes(32);
  let runs = 0;
  const open = new Set<() => Promise<void>>();

  async function newRun(options: { workers?: number; workerEnv?: Record<string, string> } = {}) {
    const database = `bench_run_${++runs}`;
    const admin = new pg.Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database} TEMPLATE ${TEMPLATE}`);
    await admin.end();
    const databaseUrl = postgres.url.replace(/\/[^/]+$/, `/${database}`);
    const pool = createPool(databaseUrl, 10, { asynchronousCommit: true });
    const api = await createApiServer({
      databaseUrl,
      port: 0,
      secretKey,
      logger: pino({ level: 'silent' }),
      // The bench is one client making thousands of calls: the per-key budgets are lifted.
      rateLimit: { capacity: 1e9, perSecond: 1e9 },
      requestRateLimit: { capacity: 1e9, perSecond: 1e9 },
    });
    const workspace = await createWorkspace(pool, { name: 'bench' });
    const { key } = await createApiKey(pool, { workspaceId: workspace.id, name: 'bench' });
    const workers: WorkerChild[] = [];
    const close = async () => {
      open.delete(close);
      await Promise.all(workers.map((worker) => worker.stop()));
      await api.close();
      await pool.end();
      const admin = new pg.Client({ connectionString: postgres.adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    };
    open.add(close);
    try {
      for (let i = 0; i < (options.workers ?? 1); i++) {
        workers.push(
          await startWorkerChild({
            DATABASE_URL: databaseUrl,
            TRIBUTARY_SECRET_KEY: secretKey.toString('base64'),
            TRIBUTARY_SANDBOX_URL: sandbox.url,
            TRIBUTARY_DATA_DIR: dataDir,
            WORKER_ID: `bench-worker-${i + 1}`,
            ...options.workerEnv,
          }),
        );
      }
    } catch (error) {
      await close();
      throw error;
    }
    return {
      databaseUrl,
      pool,
      /** pg_stat_statements is loaded (`--profile-sql`): enginePass reports statements. */
      profileSql,
      apiUrl: api.url,
      key,
      workspaceId: workspace.id,
      secretKey,
      sandbox,
      workers,
      close,
    };
  }

  return {
    sandbox: sandbox as SandboxChild,
    newRun,
    /** Stops everything, runs still open included (an interrupted bench). */
    async close() {
      await Promise.allSettled([...open].map((close) => close()));
      await sandbox.close();
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type { Pool };
