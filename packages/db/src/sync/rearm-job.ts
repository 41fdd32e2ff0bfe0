import type { PoolClient } from '../pool.ts';
import { enqueueChunks } from '../sql/enqueue-chunks.ts';
import { recordEvent } from '../sql/record-event.ts';
import type { SyncControlDeps } from './deps.ts';
import { SyncAlreadyRunningError } from './errors.ts';
import type { JobRow } from './load-job.ts';

/**
 * Runs a stopped job again from its checkpoints: chunks in `fromStatuses` go back to PENDING
 * and are queued (a job whose planning never finished is re-planned), and the phase after it,
 * cancelled when this one stopped, waits for it again. Another sync of the connection blocks
 * this; the other phase of the same sync may be running.
 */
export async function rearmJob(
  tx: PoolClient,
  deps: SyncControlDeps,
  job: JobRow,
  fromStatuses: string[],
  message: string,
): Promise<void> {
  const other = await tx.query<{ id: string }>(
    `SELECT id FROM sync_jobs WHERE connection_id = $1 AND id <> $2
        AND status IN ('PENDING', 'RUNNING', 'CANCELLING')
        AND root_job_id IS DISTINCT FROM (SELECT root_job_id FROM sync_jobs WHERE id = $2)
      LIMIT 1`,
    [job.connection_id, job.id],
  );
  if (other.rows[0]) throw new SyncAlreadyRunningError(other.rows[0].id);
  const chunks = await tx.query<{ id: string; priority: number }>(
    `UPDATE sync_chunks SET status = 'PENDING', attempts = 0, lease_owner = NULL,
            lease_expires_at = NULL, run_after = NULL, finished_at = NULL, updated_at = now()
      WHERE job_id = $1 AND status = ANY($2::"ChunkStatus"[])
      RETURNING id, priority`,
    [job.id, fromStatuses],
  );
  await tx.query(
    `UPDATE sync_jobs SET status = 'RUNNING', cancel_requested_at = NULL, finished_at = NULL,
            error = NULL, plan_attempts = 0, plan_run_after = NULL, updated_at = now()
      WHERE id = $1`,
    [job.id],
  );
  await tx.query(
    `UPDATE sync_jobs SET status = 'PENDING', cancel_requested_at = NULL, finished_at = NULL,
            error = NULL
      WHERE previous_phase_id = $1 AND status = 'CANCELLED'`,
    [job.id],
  );
  if (job.stage === 'PLAN' || chunks.rows.length === 0) {
    // Planning never finished, or the job stopped between discovery and fan-out: plan again.
    // Stopped in DISCOVER with every discovery chunk done (a cancel that met only their last
    // pages), nothing would move it to fan-out: planning's stage says so now.
    if (job.stage === 'DISCOVER') {
      await tx.query(`UPDATE sync_jobs SET stage = 'FANOUT' WHERE id = $1`, [job.id]);
    }
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
