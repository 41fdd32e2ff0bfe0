import {
  advanceJob,
  enqueueChunks,
  recoverExpiredLeases,
  SyncControlError,
  startSync,
  withTransaction,
} from '@tributary/db';
import type { EngineDeps } from './engine-deps.ts';
import { recordChunkEvent } from './release-run.ts';

/**
 * Recovery every worker runs on a seconds-scale interval (pg-boss cron's resolution is a
 * minute, too coarse for a lease): expired leases, stalled chunks, orphaned chunks, cancels
 * whose last chunk's worker died, and planning. Safe to run concurrently: each step locks or
 * skips what another worker handles. Schedules and retention are pg-boss cron jobs (schedules.ts).
 */
export async function runMaintenance(deps: EngineDeps): Promise<void> {
  await recoverLeases(deps);
  await finishOrphanedCancels(deps);
  await requeueOrphans(deps);
  await recoverPlanning(deps);
}

/**
 * Cancel always finishes (invariant 7). A CANCELLING job moves to CANCELLED when its last
 * running chunk stops at a page boundary; if that chunk's worker died, the chunk's lease
 * expires and it is PENDING again, which no worker will run for a cancelled job. Once no chunk
 * of the job holds a live lease, its waiting chunks are cancelled and the job finishes.
 */
async function finishOrphanedCancels(deps: EngineDeps): Promise<void> {
  const { rows } = await deps.pool.query<{ id: string }>(
    `SELECT j.id FROM sync_jobs j
      WHERE j.status = 'CANCELLING'
        AND NOT EXISTS (SELECT 1 FROM sync_chunks c WHERE c.job_id = j.id
                           AND c.status = 'RUNNING' AND c.lease_expires_at > now())
      LIMIT 50`,
  );
  for (const job of rows) {
    await withTransaction(deps.pool, async (tx) => {
      // A chunk whose lease expired since (not yet recovered) is stopped with the rest.
      await tx.query(
        `UPDATE sync_chunks SET status = 'CANCELLED', lease_owner = NULL, lease_expires_at = NULL,
                updated_at = now()
          WHERE job_id = $1 AND status = 'RUNNING' AND lease_expires_at <= now()`,
        [job.id],
      );
      await advanceJob(tx, deps.queue, job.id);
    });
  }
}

async function recoverLeases(deps: EngineDeps): Promise<void> {
  await withTransaction(deps.pool, async (tx) => {
    const recovered = await recoverExpiredLeases(tx);
    deps.metrics?.leaseRecoveries.inc(recovered.length);
    for (const chunk of recovered) {
      const label = chunk.label ?? 'A chunk';
      if (chunk.stalled_leases >= deps.config.stallLeases) {
        // A stuck sync is never reported as success: fail it with its checkpoint kept.
        await tx.query(
          `UPDATE sync_chunks SET status = 'FAILED', finished_at = now(), last_error = $2,
                  last_error_code = 'STALLED' WHERE id = $1`,
          [
            chunk.id,
            `No progress for ${chunk.stalled_leases} leases; retry it to continue from the checkpoint`,
          ],
        );
        await recordChunkEvent(
          tx,
          chunk,
          'CHUNK_STALLED',
          `${label}: no progress for ${chunk.stalled_leases} leases; marked failed`,
        );
        await advanceJob(tx, deps.queue, chunk.job_id);
        continue;
      }
      await enqueueChunks(tx, deps.queue, [chunk]);
      await recordChunkEvent(
        tx,
        chunk,
        'CHUNK_STALLED',
        `${label}: its worker stopped answering; resuming from the last checkpoint`,
      );
    }
  });
}

/**
 * A worker killed after taking a chunk's queue job but before claiming the chunk leaves it
 * PENDING with no queue job that will ever run (pg-boss holds the dead worker's job as active).
 * Connections with runnable chunks but none running past a lease get their most urgent chunk
 * queued again; once it runs, its handler continues with the rest. Extra queue jobs are harmless:
 * claims are exclusive.
 */
async function requeueOrphans(deps: EngineDeps): Promise<void> {
  const { rows } = await deps.pool.query<{ id: string; priority: number }>(
    `WITH orphan AS (
       SELECT DISTINCT ON (c.connection_id) c.id
         FROM sync_chunks c JOIN sync_jobs j ON j.id = c.job_id
        WHERE c.status IN ('PENDING', 'RATE_LIMITED') AND j.status = 'RUNNING'
          AND GREATEST(c.updated_at, COALESCE(c.run_after, c.updated_at))
              < now() - make_interval(secs => $1::double precision / 1000)
          AND NOT EXISTS (SELECT 1 FROM sync_chunks r WHERE r.connection_id = c.connection_id
                             AND r.status = 'RUNNING' AND r.lease_expires_at > now())
        ORDER BY c.connection_id, c.priority DESC, c.index
     )
     UPDATE sync_chunks c SET updated_at = now() FROM orphan WHERE c.id = orphan.id
     RETURNING c.id, c.priority`,
    [deps.config.leaseMs],
  );
  if (rows.length > 0) await enqueueChunks(deps.pool, deps.queue, rows);
}

/**
 * Planning is a queue job too: if its worker died mid-plan, nothing else would ever plan the
 * job. A job still waiting to be planned well after its last touch gets planning queued again
 * (planning is idempotent: it only inserts chunks if the job's stage is still the one it read).
 */
async function recoverPlanning(deps: EngineDeps): Promise<void> {
  const stale = Math.max(deps.config.leaseMs * 2, 1000);
  const { rows } = await deps.pool.query<{ id: string; priority: number }>(
    `UPDATE sync_jobs j SET updated_at = now()
      WHERE j.stage IN ('PLAN', 'FANOUT') AND j.status IN ('PENDING', 'RUNNING')
        AND j.updated_at < now() - make_interval(secs => $1::double precision / 1000)
        AND (j.plan_run_after IS NULL OR j.plan_run_after < now() - make_interval(secs => $1::double precision / 1000))
        AND NOT EXISTS (SELECT 1 FROM sync_jobs p WHERE p.id = j.previous_phase_id
                           AND p.status NOT IN ('SUCCEEDED', 'COMPLETED_WITH_ERRORS'))
      RETURNING j.id, j.priority`,
    [stale],
  );
  for (const job of rows)
    await deps.queue.send('sync-plan', { jobId: job.id }, { priority: job.priority });
}

/** Starts the INCREMENTAL sync of every active connection whose schedule is due. */
export async function startScheduledSyncs(deps: EngineDeps): Promise<void> {
  const { rows } = await deps.pool.query<{ id: string; workspace_id: string }>(
    `SELECT c.id, c.workspace_id FROM connections c
      WHERE c.status = 'ACTIVE' AND c.deleted_at IS NULL AND c.next_sync_at <= now()
        AND NOT EXISTS (SELECT 1 FROM sync_jobs j WHERE j.connection_id = c.id
                           AND j.status IN ('PENDING', 'RUNNING', 'CANCELLING'))
      LIMIT 50`,
  );
  for (const connection of rows) {
    try {
      await startSync(deps, {
        workspaceId: connection.workspace_id,
        connectionId: connection.id,
        mode: 'INCREMENTAL',
      });
    } catch (error) {
      // Another worker started it first, or it changed meanwhile: nothing to do.
      if (!(error instanceof SyncControlError)) throw error;
    }
    // Until the job finishes and sets the next time, don't pick it again.
    await deps.pool.query(
      `UPDATE connections SET next_sync_at = CASE WHEN schedule_minutes = 0 THEN NULL
              ELSE now() + make_interval(mins => schedule_minutes) END WHERE id = $1`,
      [connection.id],
    );
  }
}

/**
 * Deletes finished jobs (their chunks and events cascade) older than the retention period, and
 * webhook events (their deliveries and attempts cascade) none of whose deliveries is pending.
 */
export async function applyRetention(deps: EngineDeps, retentionDays: number): Promise<void> {
  await deps.pool.query(
    `DELETE FROM sync_jobs
      WHERE status IN ('SUCCEEDED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELLED')
        AND finished_at < now() - make_interval(days => $1)
        AND NOT EXISTS (SELECT 1 FROM sync_jobs n WHERE n.previous_phase_id = sync_jobs.id
                           AND n.status IN ('PENDING', 'RUNNING', 'CANCELLING'))`,
    [retentionDays],
  );
  await deps.pool.query(
    `DELETE FROM webhook_events ev
      WHERE ev.dispatched_at IS NOT NULL AND ev.created_at < now() - make_interval(days => $1)
        AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                         WHERE d.event_id = ev.id AND d.state = 'PENDING')`,
    [retentionDays],
  );
}
