import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import type { ProviderId, SourceConnector } from '@tributary/core';
import { createPool, createQueue, type Pool, type Queue } from '@tributary/db';
import { type Logger, pino } from 'pino';
import type { EngineConfig } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { Governor } from './governor.ts';
import { runMaintenance } from './maintenance.ts';
import { nextChunkOf } from './next-chunk.ts';
import { planJob } from './plan-job.ts';
import { type ChunkOutcome, handBack, runChunk, runStarted } from './run-chunk.ts';
import { registerSchedules } from './schedules.ts';

/** How long one queue job may keep a handler on its connection before yielding to the queue. */
const CONTINUE_FOR_MS = 120_000;
/** A lane's hand-over lasts one page commit: how long another lane waits for it to end. */
const HAND_OVER_WAIT_MS = 5;
const MAX_HAND_OVER_WAITS = 20;

async function runChunks(deps: EngineDeps, firstChunkId: string): Promise<void> {
  if (deps.stopping.requested) {
    // Taken from the queue while shutting down: hand it back for another worker.
    await deps.queue.send('sync-chunk', { chunkId: firstChunkId });
    return;
  }
  const started = Date.now();
  const first = await runChunk(deps, firstChunkId);
  if (first === 'stopped') return;
  if (first === 'busy') {
    // The connection's lanes continue with this chunk when they finish theirs; this job is
    // the safety net in case they die first.
    await deps.queue.send(
      'sync-chunk',
      { chunkId: firstChunkId },
      { startAfter: new Date(Date.now() + deps.config.leaseMs) },
    );
    return;
  }
  // A skipped chunk was finished or taken, usually by a lane of its connection: this handler
  // may be a lane the plan queued, so it still continues with the connection's next chunk.
  const connectionId = 'skipped' in first ? first.skipped : first.ran;
  if (!connectionId) return;
  let outcome: ChunkOutcome = first;
  let waits = 0;
  for (;;) {
    if (outcome === 'stopped') return;
    if (outcome === 'busy') {
      // Only while another lane hands its slot over to its next chunk (limit + 1 for one
      // commit): try again in a moment rather than give up this lane.
      if (waits++ >= MAX_HAND_OVER_WAITS) return;
      await setTimeout(HAND_OVER_WAIT_MS);
    } else if ('ran' in outcome) {
      waits = 0;
      if (outcome.successor) {
        // Claimed and already fetching while the last chunk committed.
        if (leaving(deps, started)) return handBack(deps, outcome.successor);
        outcome = await runStarted(deps, outcome.successor);
        continue;
      }
    } else if (outcome !== first) {
      return; // the connection has nothing runnable left
    }
    if (leaving(deps, started)) {
      // Leaving the connection with work left: queue its next chunk for the next free handler.
      const chunkId = await nextChunkOf(deps.pool, connectionId);
      if (chunkId) await deps.queue.send('sync-chunk', { chunkId });
      return;
    }
    // Picks and claims in one statement: the connection's other lanes never take it first.
    outcome = await runChunk(deps, { nextOf: connectionId });
  }
}

function leaving(deps: EngineDeps, started: number): boolean {
  return deps.stopping.requested || Date.now() - started > CONTINUE_FOR_MS;
}

export type WorkerOptions = {
  databaseUrl: string;
  secretKey: Buffer;
  connectors: Record<ProviderId, SourceConnector>;
  concurrency?: number;
  connectionConcurrency?: number;
  maintenanceIntervalMs?: number;
  retentionDays?: number;
  /** `synchronous_commit = off` for the engine's own transactions (default true). */
  asynchronousCommit?: boolean;
  config?: Partial<EngineConfig>;
  logger?: Logger;
};

export type RunningWorker = {
  workerId: string;
  /** Stops taking work; running chunks finish or checkpoint their current page and release. */
  stop(): Promise<void>;
};

/** Starts one worker process's share of the engine: queue consumers plus upkeep. */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const workerId = options.config?.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const logger = (options.logger ?? pino({ level: 'info' })).child({ workerId });
  const concurrency = options.concurrency ?? 4;
  // Page commits are re-derivable from the previous checkpoint (see PoolOptions), so the
  // engine doesn't wait for each one's WAL flush: measured ~30% faster end to end.
  const pool: Pool = createPool(options.databaseUrl, concurrency * 2 + 4, {
    asynchronousCommit: options.asynchronousCommit ?? true,
  });
  const queue: Queue = createQueue(options.databaseUrl, { schedule: true });
  await queue.start();
  const config: EngineConfig = {
    workerId,
    leaseMs: 30_000,
    connectionConcurrency: options.connectionConcurrency ?? 2,
    timeBudgetMs: 60_000,
    pageBudget: undefined,
    maxAttempts: 3,
    retry: { maxAttempts: 3, baseMs: 1000, maxMs: 60_000, factor: 2 },
    stallLeases: 3,
    maxInlineWaitMs: 2000,
    sandboxUrl: undefined,
    ...options.config,
  };
  const deps: EngineDeps = {
    pool,
    queue,
    secretKey: options.secretKey,
    connectors: options.connectors,
    governor: new Governor(pool),
    config,
    logger,
    stopping: { requested: false },
  };
  // A batch's jobs run side by side. With burstWhenBatchFull, pg-boss keeps fetching while
  // batches come back full instead of sleeping a polling interval after each one: queue jobs
  // whose chunk another handler already ran (see runChunks) then cost a millisecond, not 2 s.
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
  await queue.boss.work<{ chunkId: string }>(
    'sync-chunk',
    { ...polling, batchSize: Math.max(2, Math.ceil(concurrency / 2)) },
    handle<{ chunkId: string }>((data) => runChunks(deps, data.chunkId)),
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

  let maintenanceRunning: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (maintenanceRunning) return;
    maintenanceRunning = runMaintenance(deps)
      .catch((error: unknown) => logger.warn({ err: error }, 'maintenance failed'))
      .finally(() => {
        maintenanceRunning = null;
      });
  }, options.maintenanceIntervalMs ?? 5000);

  await registerSchedules(queue, deps, options.retentionDays ?? 30);

  logger.info({ concurrency }, 'worker started');
  return {
    workerId,
    async stop() {
      deps.stopping.requested = true;
      clearInterval(timer);
      // No new queue jobs; running chunks commit their current page, then release themselves.
      await Promise.all(
        ['sync-chunk', 'sync-plan', 'sync-schedule', 'sync-retention'].map((name) =>
          queue.boss.offWork(name),
        ),
      );
      await Promise.allSettled([...inFlight]);
      await queue.stop({ graceful: true, timeoutMs: 30_000 });
      await maintenanceRunning;
      await deps.governor.flush().catch(() => {});
      await pool.end();
      logger.info('worker stopped');
    },
  };
}
