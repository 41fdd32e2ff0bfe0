import type { PoolClient } from '../pool.ts';
import { withTransaction } from '../pool.ts';
import { recordEvent } from '../sql/record-event.ts';
import type { SyncControlDeps } from './deps.ts';
import { InvalidStateError, NotFoundError } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTIVE = ['PENDING', 'RUNNING', 'CANCELLING'];

type ChainJob = { id: string; status: string };

/**
 * Cancels a sync: the job asked for and every unfinished phase of its chain, whichever phase
 * the caller names (cancelling the waiting HISTORICAL of an INITIAL sync stops its running
 * RECENT too). Pending chunks are cancelled now; running ones stop after committing their
 * current page, and the last of them moves their job to CANCELLED.
 */
export async function cancelSync(
  deps: SyncControlDeps,
  input: { workspaceId: string; jobId: string },
): Promise<{ job: { id: string } }> {
  if (!UUID.test(input.jobId)) throw new NotFoundError('sync job', input.jobId);
  return withTransaction(deps.pool, async (tx) => {
    const chain = await lockChain(tx, input.workspaceId, input.jobId);
    const target = chain.find((job) => job.id === input.jobId)!;
    if (!ACTIVE.includes(target.status)) {
      throw new InvalidStateError(
        `The sync has already ended (${target.status}); nothing to cancel`,
      );
    }
    for (const job of chain) {
      if (ACTIVE.includes(job.status)) await cancelJob(tx, input.workspaceId, job.id);
    }
    return { job: { id: target.id } };
  });
}

/**
 * Locks the job's whole phase chain, head first: the order in which advancing a finished phase
 * takes them (the phase, then its next one), so a cancel and an advance cannot deadlock.
 */
async function lockChain(tx: PoolClient, workspaceId: string, jobId: string): Promise<ChainJob[]> {
  const { rows } = await tx.query<ChainJob>(
    `SELECT j.id, j.status FROM sync_jobs j
      WHERE j.workspace_id = $2
        AND COALESCE(j.root_job_id, j.id) =
            (SELECT COALESCE(root_job_id, id) FROM sync_jobs WHERE id = $1 AND workspace_id = $2)
      ORDER BY (j.previous_phase_id IS NOT NULL), j.created_at, j.id
      FOR UPDATE`,
    [jobId, workspaceId],
  );
  if (!rows.some((job) => job.id === jobId)) throw new NotFoundError('sync job', jobId);
  return rows;
}

async function cancelJob(tx: PoolClient, workspaceId: string, jobId: string): Promise<void> {
  await tx.query(
    `UPDATE sync_chunks SET status = 'CANCELLED', updated_at = now()
      WHERE job_id = $1 AND status IN ('PENDING', 'RATE_LIMITED')`,
    [jobId],
  );
  const running = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sync_chunks WHERE job_id = $1 AND status = 'RUNNING'`,
    [jobId],
  );
  const status = (running.rows[0]?.n ?? 0) > 0 ? 'CANCELLING' : 'CANCELLED';
  await tx.query(
    `UPDATE sync_jobs SET status = $2::"SyncJobStatus", cancel_requested_at = now(),
            finished_at = CASE WHEN $2 = 'CANCELLED' THEN now() ELSE NULL END, updated_at = now()
      WHERE id = $1`,
    [jobId, status],
  );
  await recordEvent(tx, {
    workspaceId,
    jobId,
    kind: 'STATUS_CHANGED',
    message: status === 'CANCELLED' ? 'Sync cancelled' : 'Cancelling: finishing the current pages',
  });
}
