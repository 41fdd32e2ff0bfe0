import { withTransaction } from '../pool.ts';
import { recordEvent } from '../sql/record-event.ts';
import type { SyncControlDeps } from './deps.ts';
import { InvalidStateError } from './errors.ts';
import { lockJob } from './load-job.ts';

/**
 * Cancels a job (and its pending next phase). Pending chunks are cancelled now; running ones
 * stop after committing their current page, and the last of them moves the job to CANCELLED.
 */
export async function cancelSync(
  deps: SyncControlDeps,
  input: { workspaceId: string; jobId: string },
): Promise<{ job: { id: string } }> {
  return withTransaction(deps.pool, async (tx) => {
    const job = await lockJob(tx, input.workspaceId, input.jobId);
    if (!['PENDING', 'RUNNING', 'CANCELLING'].includes(job.status)) {
      throw new InvalidStateError(`The sync has already ended (${job.status}); nothing to cancel`);
    }
    await tx.query(
      `UPDATE sync_chunks SET status = 'CANCELLED', updated_at = now()
        WHERE job_id = $1 AND status IN ('PENDING', 'RATE_LIMITED')`,
      [job.id],
    );
    const running = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sync_chunks WHERE job_id = $1 AND status = 'RUNNING'`,
      [job.id],
    );
    const status = (running.rows[0]?.n ?? 0) > 0 ? 'CANCELLING' : 'CANCELLED';
    await tx.query(
      `UPDATE sync_jobs SET status = $2::"SyncJobStatus", cancel_requested_at = now(),
              finished_at = CASE WHEN $2 = 'CANCELLED' THEN now() ELSE NULL END, updated_at = now()
        WHERE id = $1`,
      [job.id, status],
    );
    // A phase still waiting for this one will not start.
    const next = await tx.query<{ id: string }>(
      `UPDATE sync_jobs SET status = 'CANCELLED', cancel_requested_at = now(), finished_at = now()
        WHERE previous_phase_id = $1 AND status = 'PENDING' RETURNING id`,
      [job.id],
    );
    // Announced, so live views stop showing it queued.
    for (const { id } of next.rows) {
      await recordEvent(tx, {
        workspaceId: input.workspaceId,
        jobId: id,
        kind: 'STATUS_CHANGED',
        message: 'Not started: the previous phase was cancelled',
      });
    }
    await recordEvent(tx, {
      workspaceId: input.workspaceId,
      jobId: job.id,
      kind: 'STATUS_CHANGED',
      message:
        status === 'CANCELLED' ? 'Sync cancelled' : 'Cancelling: finishing the current pages',
    });
    return { job: { id: job.id } };
  });
}
