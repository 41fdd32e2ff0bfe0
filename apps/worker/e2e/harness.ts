import { randomBytes } from 'node:crypto';
import { type ProviderId, recordsDigest } from '@tributary/core';
import {
  createPool,
  createQueue,
  type Pool,
  type Queue,
  SYNC_EVENTS_CHANNEL,
  sealCredentials,
  startSync,
} from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import pg from 'pg';
import { pino } from 'pino';
import { connectors } from '../src/connectors.ts';
import type { EngineConfig } from '../src/engine-config.ts';
import type { WebhookConfig } from '../src/webhooks/webhook-config.ts';
import { type RunningWorker, startWorker } from '../src/worker.ts';

export const SMALL_ACCOUNTS = [
  { provider: 'FACEBOOK_ADS', id: 'act_42', campaigns: 12, adsets: 24, ads: 40, ageDays: 300 },
  { provider: 'FACEBOOK_PAGES', id: 'page_42', conversations: 60, ageDays: 300 },
  { provider: 'MICROSOFT_MAIL', id: 'user_42', messages: 400, ageDays: 300 },
] as const;

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** Real PostgreSQL, real pg-boss, real workers, real HTTP to the sandbox. */
export async function startHarness(
  options: {
    workers?: number;
    /** Chunks each worker runs at once (default 4). */
    concurrency?: number;
    config?: Partial<EngineConfig>;
    accounts?: unknown[];
    webhooks?: Partial<WebhookConfig>;
    /** Serve each worker's /metrics on a free port (`worker.metricsUrl`). */
    metrics?: boolean;
  } = {},
) {
  const db: TestDatabase = await createTestDatabase();
  const pool: Pool = createPool(db.url, 10);
  const sandbox: SandboxServer = await startSandboxServer({ port: 0 });
  const admin = sandboxAdmin(sandbox.url);
  await admin.reset({ accounts: (options.accounts ?? SMALL_ACCOUNTS) as never });
  const secretKey = randomBytes(32);
  const queue: Queue = createQueue(db.url);
  await queue.start();
  const workers: RunningWorker[] = [];
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const startOneWorker = async () => {
    const worker = await startWorker({
      databaseUrl: db.url,
      secretKey,
      connectors,
      concurrency: options.concurrency ?? 4,
      maintenanceIntervalMs: 200,
      logger,
      ...(options.webhooks ? { webhooks: options.webhooks } : {}),
      ...(options.metrics ? { metricsPort: 0 } : {}),
      config: {
        leaseMs: 3000,
        retry: { maxAttempts: 3, baseMs: 50, maxMs: 500, factor: 2 },
        sandboxUrl: sandbox.url,
        ...options.config,
      },
    });
    workers.push(worker);
    return worker;
  };
  for (let i = 0; i < (options.workers ?? 1); i++) await startOneWorker();
  const workspaceId: string = (
    await pool.query("INSERT INTO workspaces (name) VALUES ('test') RETURNING id")
  ).rows[0].id;

  async function connect(
    provider: ProviderId,
    accountId: string,
    credentials: { accessToken: string; refreshToken?: string } = { accessToken: 'token' },
    inWorkspace = workspaceId,
  ) {
    const { rows } = await pool.query(
      `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, sandbox)
       VALUES ($1, $2, $3, $3, $4, true) RETURNING id`,
      [inWorkspace, provider, accountId, sealCredentials(secretKey, credentials)],
    );
    return rows[0].id as string;
  }

  async function sync(
    connectionId: string,
    mode: 'INITIAL' | 'INCREMENTAL' | 'FULL_RESYNC' | 'CUSTOM_RANGE',
    extra: { from?: Date; to?: Date; workspaceId?: string } = {},
  ) {
    const { rows } = await pool.query('SELECT workspace_id FROM connections WHERE id = $1', [
      connectionId,
    ]);
    return (
      await startSync(
        { pool, queue },
        { workspaceId: rows[0].workspace_id, connectionId, mode, ...extra },
      )
    ).job.id;
  }

  async function newWorkspace(name: string): Promise<string> {
    return (await pool.query('INSERT INTO workspaces (name) VALUES ($1) RETURNING id', [name]))
      .rows[0].id;
  }

  /** Truth matches for every stream of the connection's account, and counters equal the records. */
  async function expectTruth(connectionId: string) {
    const { rows } = await pool.query(
      'SELECT provider, external_account_id FROM connections WHERE id = $1',
      [connectionId],
    );
    const provider = rows[0].provider as ProviderId;
    const accountId = rows[0].external_account_id as string;
    const mismatches: unknown[] = [];
    for (const stream of STREAMS[provider]) {
      const truth = await admin.truth(provider, accountId, stream);
      const have = await stored(connectionId, stream);
      if (truth.count !== have.count || truth.digest !== have.digest) {
        mismatches.push({ provider, stream, truth: truth.count, stored: have.count });
      }
    }
    const counted = await pool.query(
      `SELECT (SELECT count(*)::int FROM records WHERE connection_id = $1) AS records,
              (SELECT coalesce(sum(inserted), 0)::int FROM sync_jobs WHERE connection_id = $1) AS inserted`,
      [connectionId],
    );
    return { mismatches, records: counted.rows[0].records, inserted: counted.rows[0].inserted };
  }

  /** Resolves when every job of the connection has ended (woken by the engine's NOTIFYs). */
  async function settled(connectionId: string, timeoutMs = 120_000) {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    await listener.query(`LISTEN ${SYNC_EVENTS_CHANNEL}`);
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await pool.query(
          `SELECT count(*)::int AS n FROM sync_jobs WHERE connection_id = $1
              AND status IN ('PENDING', 'RUNNING', 'CANCELLING')`,
          [connectionId],
        );
        if (rows[0].n === 0) return jobsOf(connectionId);
        if (Date.now() > deadline) {
          const state = await pool.query(
            `SELECT j.phase, j.status AS job, j.stage, c.status, count(*)::int AS n FROM sync_jobs j
               LEFT JOIN sync_chunks c ON c.job_id = j.id WHERE j.connection_id = $1
              GROUP BY 1, 2, 3, 4 ORDER BY 1, 4`,
            [connectionId],
          );
          const recent = await pool.query(
            `SELECT e.kind, e.message, e.at FROM sync_events e JOIN sync_jobs j ON j.id = e.job_id
              WHERE j.connection_id = $1 ORDER BY e.id DESC LIMIT 5`,
            [connectionId],
          );
          throw new Error(
            `jobs of ${connectionId} still running after ${timeoutMs} ms: ${JSON.stringify(state.rows)}; last events: ${JSON.stringify(recent.rows)}`,
          );
        }
        // Wake on the next event, or re-check after a short while (retries wait on timers).
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            listener.off('notification', wake);
            resolve();
          };
          const timer = setTimeout(wake, 250);
          listener.on('notification', wake);
        });
      }
    } finally {
      await listener.end();
    }
  }

  async function jobsOf(connectionId: string) {
    const { rows } = await pool.query(
      `SELECT id, phase, mode, status, inserted, updated, unchanged, deleted, events, items_processed, error,
              started_at, finished_at, previous_phase_id
         FROM sync_jobs WHERE connection_id = $1 ORDER BY created_at, priority DESC`,
      [connectionId],
    );
    return rows;
  }

  /** The connection's chunks counted by status, e.g. `{ SUCCEEDED: 12 }`. */
  async function chunkStatuses(connectionId: string): Promise<Record<string, number>> {
    const { rows } = await pool.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM sync_chunks WHERE connection_id = $1 GROUP BY status',
      [connectionId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** The connection's sync events in order, all of them or those of one kind. */
  async function events(connectionId: string, kind?: string) {
    const { rows } = await pool.query<{
      kind: string;
      message: string;
      chunk_id: string | null;
      data: { waitMs?: number } | null;
      at: Date;
    }>(
      `SELECT e.kind, e.message, e.chunk_id, e.data, e.at FROM sync_events e
         JOIN sync_jobs j ON j.id = e.job_id
        WHERE j.connection_id = $1 AND ($2::text IS NULL OR e.kind::text = $2) ORDER BY e.id`,
      [connectionId, kind ?? null],
    );
    return rows;
  }

  /** Stored live records of a stream, as `/__sandbox/truth` counts and digests them. */
  async function stored(connectionId: string, stream: string) {
    const { rows } = await pool.query<{ external_id: string; content_hash: string }>(
      'SELECT external_id, content_hash FROM records WHERE connection_id = $1 AND stream = $2 AND deleted_at IS NULL',
      [connectionId, stream],
    );
    return {
      count: rows.length,
      digest: recordsDigest(
        rows.map((r) => ({ externalId: r.external_id, contentHash: r.content_hash })),
      ),
    };
  }

  return {
    db,
    pool,
    queue,
    sandbox,
    admin,
    secretKey,
    workspaceId,
    workers,
    startOneWorker,
    connect,
    sync,
    newWorkspace,
    expectTruth,
    settled,
    jobsOf,
    stored,
    chunkStatuses,
    events,
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
      await queue.stop();
      await sandbox.close();
      await pool.end();
      await db.drop();
    },
  };
}

export const STREAMS: Record<ProviderId, string[]> = {
  FACEBOOK_ADS: ['campaigns', 'adsets', 'ads', 'ad_insights_daily'],
  FACEBOOK_PAGES: ['conversations', 'messages', 'interaction_events'],
  MICROSOFT_MAIL: ['mail_folders', 'messages'],
};
