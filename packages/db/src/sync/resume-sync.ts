import { withTransaction } from '../pool.ts';
import type { SyncControlDeps } from './deps.ts';
import { InvalidStateError } from './errors.ts';
import { lockJob } from './load-job.ts';
import { rearmJob } from './rearm-job.ts';

/**
 * Continues a cancelled or failed job from its chunks' checkpoints (a job that failed at
 * planning is planned again) and re-arms its next phase.
 */
export async function resumeSync(
  deps: SyncControlDeps,
  input: { workspaceId: string; jobId: string },
): Promise<{ job: { id: string } }> {
  return withTransaction(deps.pool, async (tx) => {
    const job = await lockJob(tx, input.workspaceId, input.jobId);
    if (job.status !== 'CANCELLED' && job.status !== 'FAILED') {
      throw new InvalidStateError(
        job.status === 'CANCELLING'
          ? 'The sync is still stopping; resume it once it is cancelled'
          : `Only a cancelled or failed sync can be resumed (this one is ${job.status})`,
      );
    }
    await rearmJob(tx, deps, job, ['CANCELLED', 'FAILED'], 'Sync resumed from its checkpoints');
    return { job: { id: job.id } };
  });
}
