import { withTransaction } from '../pool.ts';
import type { SyncControlDeps } from './deps.ts';
import { InvalidStateError, SyncAlreadyRunningError } from './errors.ts';
import { lockJob } from './load-job.ts';
import { rearmJob } from './resume-sync.ts';

/** Runs a finished job's FAILED chunks again from their checkpoints, with fresh attempts. */
export async function retryFailedChunks(
  deps: SyncControlDeps,
  input: { workspaceId: string; jobId: string },
): Promise<{ job: { id: string } }> {
  return withTransaction(deps.pool, async (tx) => {
    const job = await lockJob(tx, input.workspaceId, input.jobId);
    if (job.status !== 'COMPLETED_WITH_ERRORS' && job.status !== 'FAILED') {
      throw new InvalidStateError(
        `Only a sync that ended with failed chunks can retry them (this one is ${job.status})`,
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
    await rearmJob(tx, deps, job, ['FAILED'], 'Retrying failed chunks from their checkpoints');
    // A FAILED phase cancelled the phase after it; once this one succeeds, that one runs.
    await tx.query(
      `UPDATE sync_jobs SET status = 'PENDING', finished_at = NULL, error = NULL
        WHERE previous_phase_id = $1 AND status = 'CANCELLED'`,
      [job.id],
    );
    return { job: { id: job.id } };
  });
}
