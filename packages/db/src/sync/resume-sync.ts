import { withTransaction } from '../pool.ts';
import { enqueueChunks } from '../sql/enqueue-chunks.ts';
import { recordEvent } from '../sql/record-event.ts';
import type { SyncControlDeps } from './deps.ts';
import { InvalidStateError, SyncAlreadyRunningError } from './errors.ts';
import { lockJob } from './load-job.ts';

/** Continues a cancelled job from its chunks' checkpoints (and re-arms its next phase). */
export async function resumeSync(
  deps: SyncControlDeps,
  input: { workspaceId: string; jobId: string },
): Promise<{ job: { id: string } }> {
  return withTransaction(deps.pool, async (tx) => {
    const job = await lockJob(tx, input.workspaceId, input.jobId);
    if (job.status !== 'CANCELLED') {
      throw new InvalidStateError(
        job.status === 'CANCELLING'
          ? 'The sync is still stopping; resume it once it is cancelled'
          : `Only a cancelled sync can be resumed (this one is ${job.status})`,
      );
    }
    const other = await tx.query<{ id: string }>(
      // Phases of the same sync may run side by side; any other sync blocks.
      `SELECT id FROM sync_jobs WHERE connection_id = $1 AND id <> $2
          AND status IN ('PENDING', 'RUNNING', 'CANCELLING')
          AND root_job_id IS DISTINCT FROM (SELECT root_job_id FROM sync_jobs WHERE id = $2)
        LIMIT 1`,
      [job.connection_id, job.id],
    );
    if (other.rows[0]) throw new SyncAlreadyRunningError(other.rows[0].id);
    await rearmJob(tx, deps, job, ['CANCELLED'], 'Sync resumed from its checkpoints');
    await tx.query(
      `UPDATE sync_jobs SET status = 'PENDING', cancel_requested_at = NULL, finished_at = NULL
        WHERE previous_phase_id = $1 AND status = 'CANCELLED'`,
      [job.id],
    );
    return { job: { id: job.id } };
  });
}

/**
 * Puts chunks in `fromStatuses` back to PENDING (keeping checkpoints) and queues them; a job
 * whose planning never finished is re-planned instead.
 */
export async function rearmJob(
  tx: import('../pool.ts').PoolClient,
  deps: SyncControlDeps,
  job: { id: string; workspace_id: string; stage: string; priority: number },
  fromStatuses: string[],
  message: string,
): Promise<void> {
  const chunks = await tx.query<{ id: string; priority: number; connection_id: string }>(
    `UPDATE sync_chunks SET status = 'PENDING', attempts = 0, lease_owner = NULL,
            lease_expires_at = NULL, run_after = NULL, finished_at = NULL, updated_at = now()
      WHERE job_id = $1 AND status = ANY($2::"ChunkStatus"[])
      RETURNING id, priority, connection_id`,
    [job.id, fromStatuses],
  );
  await tx.query(
    `UPDATE sync_jobs SET status = 'RUNNING', cancel_requested_at = NULL, finished_at = NULL,
            error = NULL, updated_at = now()
      WHERE id = $1`,
    [job.id],
  );
  if (job.stage === 'PLAN') {
    await deps.queue.send('sync-plan', { jobId: job.id }, { priority: job.priority }, tx);
  } else if (chunks.rows.length === 0) {
    // Nothing left to run (e.g. cancelled between discovery and fan-out): re-plan the rest.
    await deps.queue.send('sync-plan', { jobId: job.id }, { priority: job.priority }, tx);
  } else {
    await enqueueChunks(tx, deps.queue, chunks.rows);
  }
  await recordEvent(tx, {
    workspaceId: job.workspace_id,
    jobId: job.id,
    kind: 'STATUS_CHANGED',
    message,
  });
}
