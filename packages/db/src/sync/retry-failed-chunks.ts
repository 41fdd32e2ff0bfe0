import { withTransaction } from '../pool.ts';
import type { SyncControlDeps } from './deps.ts';
import { InvalidStateError } from './errors.ts';
import { lockJob } from './load-job.ts';
import { rearmJob } from './rearm-job.ts';

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
    await rearmJob(tx, deps, job, ['FAILED'], 'Retrying failed chunks from their checkpoints');
    return { job: { id: job.id } };
  });
}
