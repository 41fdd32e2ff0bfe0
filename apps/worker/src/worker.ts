import { randomUUID } from 'node:crypto';
import {
  connectionLimits,
  DEFAULT_BREAKER_POLICY,
  type ProviderId,
  type SourceConnector,
} from '@tributary/core';
import {
  createPool,
  createQueue,
  isDatabaseUnavailable,
  type Pool,
  purgeDeletedConnection,
  type Queue,
  retryWhileDatabaseUnavailable,
  type SecretKeys,
  waitForDatabase,
} from '@tributary/db';
import { type Logger, pino } from 'pino';
import type { EngineConfig } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { Governor } from './governor.ts';
import { runMaintenance } from './maintenance.ts';
import { createWorkerMetrics, serveMetrics } from './metrics.ts';
import { planJob } from './plan-job.ts';
import { runLane } from './run-lane.ts';
import { registerSchedules } from './schedules.ts';
import { deliverWebhook } from './webhooks/deliver-webhook.ts';
import { DEFAULT_WEBHOOK_CONFIG, type WebhookConfig } from './webhooks/webhook-config.ts';
import { WebhookRelay } from './webhooks/webhook-relay.ts';

export type WorkerOptions = {
  databaseUrl: string;
  /** The current key seals; previous ones (TRIBUTARY_SECRET_KEYS_OLD) still open. */
  secretKey: SecretKeys;
  connectors: Record<ProviderId, SourceConnector>;
  /** Chunks this process runs at once (default DEFAULT_WORKER_CONCURRENCY). */
  concurrency?: number;
  /** Caps every provider's per-connection limit (default: each provider's own, see connectionLimits). */
  connectionConcurrency?: number;
  maintenanceIntervalMs?: number;
  retentionDays?: number;
  /** `synchronous_commit = off` for the engine's own transactions (default true). */
  asynchronousCommit?: boolean;
  config?: Partial<EngineConfig>;
  logger?: Logger;
  /** Serve GET /metrics (Prometheus text) on this port; 0 picks a free one. Default: none. */
  metricsPort?: number;
  /** When `metricsPort` is taken, serve on a free port instead of failing. */
  metricsPortFlexible?: boolean;
  /** Webhook retry schedule, attempt timeout, concurrency and stall threshold. */
  webhooks?: Partial<WebhookConfig>;
};

/**
 * A chunk waits on its provider almost all the time (a page is ~150 ms away, its commit a few
 * ms), so one event loop keeps many in flight: enough for several connections' lanes at once.
 * Memory is a page or two per chunk; CPU and the database bound throughput, not this number.
 */
export const DEFAULT_WORKER_CONCURRENCY = 32;

/**
 * Database connections for `concurrency` chunks. A chunk holds at most one at a time for a
 * transaction (its page commit; a claim) and briefly one more for a budget reservation or a
 * lease renewal beside it; commits are a few ms against a page's provider round trip, so
 * half as many as chunks plus headroom for upkeep, planning and metrics never makes a
 * chunk wait long, and leaves PostgreSQL's connections for other workers and the API.
 */
export function poolSizeFor(concurrency: number): number {
  return Math.ceil(concurrency / 2) + 8;
}

export type RunningWorker = {
  workerId: string;
  /** Where this worker's /metrics answers, when `metricsPort` was given. */
  metricsUrl: string | null;
  /** Stops taking work; running chunks finish or checkpoint their current page and release. */
  stop(): Promise<void>;
};

/** Starts one worker process's share of the engine: queue consumers plus upkeep. */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const workerId = options.config?.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const logger = (options.logger ?? pino({ level: 'info' })).child({ workerId });
  const concurrency = options.concurrency ?? DEFAULT_WORKER_CONCURRENCY;
  // Started while the database restarts (the start command restarting both): wait for it.
  await waitForDatabase(options.databaseUrl, {
    onWait: (error) => logger.warn({ err: error }, 'waiting for the database'),
  });
  // Page commits are re-derivable from the previous checkpoint (see PoolOptions), so the
  // engine doesn't wait for each one's WAL flush: measured ~30% faster end to end.
  const webhookConfig: WebhookConfig = { ...DEFAULT_WEBHOOK_CONFIG, ...options.webhooks };
  // Webhook attempts draw on the same pool: one connection each beside the chunks'.
  const pool: Pool = createPool(
    options.databaseUrl,
    poolSizeFor(concurrency) + webhookConfig.concurrency,
    {
      asynchronousCommit: options.asynchronousCommit ?? true,
    },
  );
  const queue: Queue = createQueue(options.databaseUrl, {
    schedule: true,
    onError: (error) => logger.warn({ err: error }, 'queue error (pg-boss retries by itself)'),
  });
  await startQueue(queue, options.databaseUrl, logger);
  const config: EngineConfig = {
    workerId,
    leaseMs: 30_000,
    connectionLimits: connectionLimits(options.connectionConcurrency),
    timeBudgetMs: 60_000,
    laneTurnMs: 10_000,
    pageBudget: undefined,
    maxAttempts: 3,
    retry: { maxAttempts: 3, baseMs: 1000, maxMs: 60_000, factor: 2 },
    stallLeases: 3,
    breaker: DEFAULT_BREAKER_POLICY,
    maxInlineWaitMs: 2000,
    sandboxUrl: undefined,
    requestTimeoutMs: undefined,
    ...options.config,
  };
  const deps: EngineDeps = {
    pool,
    queue,
    secretKey: options.secretKey,
    connectors: options.connectors,
    governor: new Governor(pool, config.breaker),
    config,
    logger,
    stopping: { requested: false },
    metrics: createWorkerMetrics(pool),
  };
  const metricsServer =
    options.metricsPort === undefined
      ? null
      : await serveMetrics(deps.metrics!, options.metricsPort).catch(
          (error: NodeJS.ErrnoException) => {
            if (error.code !== 'EADDRINUSE' || !options.metricsPortFlexible) throw error;
            return serveMetrics(deps.metrics!, 0);
          },
        );
  if (metricsServer) logger.info({ url: metricsServer.url }, 'metrics listening');
  // A batch's jobs run side by side. With burstWhenBatchFull, pg-boss keeps fetching while
  // batches come back full instead of sleeping a polling interval after each one: queue jobs
  // whose chunk another handler already ran (see runLane) then cost a millisecond, not 2 s.
  // Handlers in flight, so stop() can wait for their current page to commit and their
  // chunks to be released before closing the pool.
  const inFlight = new Set<Promise<unknown>>();
  const handle =
    <T>(work: (job: T) => Promise<void>) =>
    async (jobs: { data: T }[]) => {
      const batch = Promise.allSettled(jobs.map((job) => work(job.data)));
      inFlight.add(batch);
      try {
        const results = await batch;
        const failed = results.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
      } finally {
        inFlight.delete(batch);
      }
    };
  const polling = {
    localConcurrency: 2,
    burstWhenBatchFull: true,
    pollingIntervalSeconds: 2,
    notifyPollingIntervalSeconds: 2,
  };
  // A chunk waiting for a rate limit or an outage is a queue job with startAfter, which only
  // polling finds: polled twice a second, a wait ends at most ~0.5 s later than it should.
  const chunkPolling = {
    ...polling,
    pollingIntervalSeconds: 0.5,
    notifyPollingIntervalSeconds: 0.5,
  };
  // Handlers in batches of two: a batch's slots free only when both of its lanes end, so small
  // batches keep the handlers busy when lanes end at different times.
  await queue.boss.work<{ chunkId: string }>(
    'sync-chunk',
    {
      ...chunkPolling,
      batchSize: CHUNK_BATCH_SIZE,
      localConcurrency: Math.max(1, Math.ceil(concurrency / CHUNK_BATCH_SIZE)),
    },
    handle<{ chunkId: string }>((data) => runLane(deps, data.chunkId)),
  );
  await queue.boss.work<{ jobId: string }>(
    'sync-plan',
    { ...polling, batchSize: 2 },
    handle<{ jobId: string }>((data) =>
      deps.stopping.requested
        ? deps.queue.send('sync-plan', { jobId: data.jobId })
        : planJob(deps, data.jobId),
    ),
  );

  await queue.boss.work<{ workspaceId: string; connectionId: string }>(
    'connection-purge',
    { ...polling, batchSize: 1, localConcurrency: 1 },
    handle<{ workspaceId: string; connectionId: string }>(async (data) => {
      const { records } = await purgeDeletedConnection(pool, data);
      logger.info({ connectionId: data.connectionId, records }, 'deleted connection purged');
    }),
  );

  // Webhooks: their own queue and handlers, so a slow or dead receiver holds only these
  // (at most `concurrency` attempts, each bounded by the timeout) and never a sync's.
  const relay = new WebhookRelay({
    databaseUrl: options.databaseUrl,
    pool,
    queue,
    config: webhookConfig,
    logger,
  });
  const webhookDeps = {
    pool,
    queue,
    secretKey: options.secretKey,
    config: webhookConfig,
    logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  };
  await queue.boss.work<{ deliveryId: string }>(
    'webhook-delivery',
    { ...chunkPolling, batchSize: 1, localConcurrency: webhookConfig.concurrency },
    handle<{ deliveryId: string }>((data) => deliverWebhook(webhookDeps, data.deliveryId)),
  );
  await relay.start();

  let maintenanceRunning: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (maintenanceRunning) return;
    maintenanceRunning = runMaintenance(deps)
      .then(() => relay.maintain())
      .catch((error: unknown) => logger.warn({ err: error }, 'maintenance failed'))
      .finally(() => {
        maintenanceRunning = null;
      });
  }, options.maintenanceIntervalMs ?? 5000);

  // The database may restart while the worker starts (the chaos suite's postgres-restart met a
  // replacement worker here: 57P01 crashed it): schedules are upserts, so wait and repeat.
  await retryWhileDatabaseUnavailable(
    options.databaseUrl,
    () => registerSchedules(queue, deps, options.retentionDays ?? 30),
    {
      onRetry: (error) =>
        logger.warn({ err: error }, 'database restarting; registering schedules again'),
    },
  );

  logger.info({ concurrency }, 'worker started');
  return {
    workerId,
    metricsUrl: metricsServer?.url ?? null,
    async stop() {
      deps.stopping.requested = true;
      clearInterval(timer);
      // No new queue jobs; running chunks commit their current page, then release themselves.
      await Promise.all(
        [
          'sync-chunk',
          'sync-plan',
          'sync-schedule',
          'sync-retention',
          'connection-purge',
          'webhook-delivery',
        ].map((name) => queue.boss.offWork(name)),
      );
      await Promise.allSettled([...inFlight]);
      await relay.close();
      await queue.stop({ graceful: true, timeoutMs: 30_000 });
      await maintenanceRunning;
      await deps.governor.flush().catch(() => {});
      await metricsServer?.close();
      deps.metrics?.close();
      await pool.end();
      logger.info('worker stopped');
    },
  };
}

const CHUNK_BATCH_SIZE = 2;

/**
 * Starts pg-boss, starting again if the database goes away meanwhile (a worker booting while
 * PostgreSQL restarts got 57P03 here and exited). A wrong setting still fails at once.
 */
async function startQueue(queue: Queue, databaseUrl: string, logger: Logger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await queue.start();
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error) || attempt >= 5) throw error;
      logger.warn({ err: error }, 'the database went away while starting; waiting for it');
      await waitForDatabase(databaseUrl);
    }
  }
}
