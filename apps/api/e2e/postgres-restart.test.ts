// PostgreSQL stops (fast shutdown: every session gets 57P01) and starts again on the same data
// directory mid-sync. The API and worker processes ride it out: neither dies, /ready comes back,
// a subscriber that was watching before the restart sees the sync finish, and the records equal
// the sandbox's truth with counters equal to the records.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createApiKey,
  createPool,
  createWorkspace,
  type EmbeddedPostgresHandle,
  type Pool,
  runMigrations,
  startEmbeddedPostgres,
} from '@tributary/db';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startAppProcess } from './app-process.ts';
import { type GraphqlClient, graphqlClient, record } from './graphql-client.ts';
import {
  createSandboxConnection,
  jobEnded,
  type ProgressEvent,
  readStream,
  STREAMS,
  SYNC_PROGRESS,
  startInitialSync,
} from './sync-api.ts';

const ACCOUNT = {
  provider: 'MICROSOFT_MAIL',
  id: 'user_42',
  messages: 1500,
  ageDays: 400,
} as const;

let dataDir: string;
let server: EmbeddedPostgresHandle;
let pool: Pool;
let sandbox: SandboxServer;
let api: AppProcess;
let worker: AppProcess;
let client: GraphqlClient;
let apiUrl: string;

const startPostgres = (port?: number) =>
  startEmbeddedPostgres({
    dataDir,
    durability: 'fast',
    ...(port !== undefined ? { port } : {}),
  });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tributary-pg-restart-'));
  server = await startPostgres();
  await runMigrations(server.url);
  pool = createPool(server.url, 2);
  sandbox = await startSandboxServer({ port: 0 });
  await sandboxAdmin(sandbox.url).reset({ accounts: [ACCOUNT] as never });
  // Slow pages, so the restart lands while records are flowing.
  await sandboxAdmin(sandbox.url).setFaults({ latencyMs: 25 });
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: server.url,
    TRIBUTARY_DATA_DIR: dataDir,
    TRIBUTARY_SECRET_KEY: randomBytes(32).toString('base64'),
    TRIBUTARY_SANDBOX_URL: sandbox.url,
    LOG_LEVEL: 'info',
  };
  api = startAppProcess('apps/api/src/main.ts', { ...env, PORT: '0' }, 'API listening');
  worker = startAppProcess(
    'apps/worker/src/main.ts',
    {
      ...env,
      CHUNK_LEASE_MS: '3000',
      RETRY_BASE_MS: '50',
      MAINTENANCE_INTERVAL_MS: '500',
      CHUNK_PAGE_BUDGET: '5',
    },
    'worker started',
  );
  apiUrl = String((await api.ready).url).replace(/\/graphql$/, '');
  await worker.ready;
  const workspace = await createWorkspace(pool, { name: 'restart' });
  const { key } = await createApiKey(pool, { workspaceId: workspace.id, name: 'restart' });
  client = graphqlClient(apiUrl, key);
});

afterAll(async () => {
  await client?.close();
  await Promise.all([worker, api].map((p) => p?.stop()));
  await sandbox?.close();
  await pool?.end();
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Re-checks `check` every 100 ms: a process coming back has no event to await. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

const readyStatus = () =>
  fetch(`${apiUrl}/ready`).then(
    (r) => r.status,
    () => 0,
  );

describe('PostgreSQL restarting mid-sync', () => {
  it('kills neither process; /ready, the subscriber and the sync all carry on to the truth', async () => {
    // Either process dying fails the test at once, with its output (the crash this test is for).
    let crashed!: (error: Error) => void;
    const died = new Promise<never>((_, fail) => {
      crashed = fail;
    });
    died.catch(() => {});
    const onExit = (process: AppProcess) => (code: number | null, signal: string | null) =>
      crashed(
        new Error(`a process died (${code ?? signal}):\n${process.output.join('').slice(-4000)}`),
      );
    const exitListeners = [api, worker].map((process) => {
      const listener = onExit(process);
      process.child.once('exit', listener);
      return () => process.child.off('exit', listener);
    });
    const orDied = <T>(work: Promise<T>) => Promise.race([work, died]);

    const connectionId = await createSandboxConnection(client, ACCOUNT.provider, ACCOUNT.id);
    const { recentId, historicalId } = await startInitialSync(client, connectionId);
    const watch = (jobId: string) =>
      record<{ syncProgress: ProgressEvent }>(client.ws, SYNC_PROGRESS, { jobId });
    const recent = watch(recentId);
    const historical = watch(historicalId);
    const inserted = (events: { syncProgress: ProgressEvent }[]) =>
      Math.max(0, ...events.map((e) => e.syncProgress.job.progress.inserted));
    await recent.until((events) => inserted(events) > 0);

    await server.stop();
    await orDied(until(async () => (await readyStatus()) === 503, '/ready to report the outage'));
    server = await startPostgres(server.port);
    await orDied(until(async () => (await readyStatus()) === 200, '/ready to recover'));

    // Both phases end, as the subscribers opened before the restart see it.
    const ended = (events: { syncProgress: ProgressEvent }[], jobId: string) =>
      jobEnded(
        events.map((e) => e.syncProgress),
        jobId,
      );
    const [recentEvents, historicalEvents] = await orDied(
      Promise.all([
        recent.until((events) => ended(events, recentId)),
        historical.until((events) => ended(events, historicalId)),
      ]),
    );
    expect(recentEvents.at(-1)?.syncProgress.job.status).toBe('SUCCEEDED');
    expect(historicalEvents.at(-1)?.syncProgress.job.status).toBe('SUCCEEDED');

    const admin = sandboxAdmin(sandbox.url);
    for (const stream of STREAMS[ACCOUNT.provider]) {
      const truth = await admin.truth(ACCOUNT.provider, ACCOUNT.id, stream);
      const stored = await readStream(client, connectionId, stream);
      expect({ stream, count: stored.count, digest: stored.digest }).toEqual({
        stream,
        count: truth.count,
        digest: truth.digest,
      });
    }
    const { rows } = await pool.query(
      `SELECT (SELECT count(*)::int FROM records) AS records,
              (SELECT coalesce(sum(inserted), 0)::int FROM sync_jobs) AS inserted`,
    );
    expect(rows[0].inserted).toBe(rows[0].records);

    // Still the processes started before the restart.
    for (const off of exitListeners) off();
    for (const process of [api, worker]) {
      expect(process.child.exitCode, process.output.join('')).toBeNull();
      expect(process.output.join('')).not.toMatch(/Unhandled 'error' event/);
    }
  }, 240_000);
});
