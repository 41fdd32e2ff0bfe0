import { type Pool, type Queryable, withTransaction } from '../pool.ts';
import type { QueueSender } from '../queue/queues.ts';
import { deleteConnectionRow } from './delete-connection-row.ts';

/**
 * Deleting a connection, the part the request waits for (one short transaction): the
 * connection disappears from every query, its syncs are cancelled (running chunks stop at
 * their next page) and a `connection-purge` job is queued to remove its data in the
 * background. Its account id is released at once (suffixed with the row id), so the account
 * can be connected again while the old rows are still being purged. False if no such
 * connection is visible in the workspace.
 */
export async function markConnectionDeleted(
  deps: { pool: Pool; queue: QueueSender },
  workspaceId: string,
  connectionId: string,
): Promise<boolean> {
  return withTransaction(deps.pool, async (tx) => {
    const { rowCount } = await tx.query(
      `UPDATE connections
          SET deleted_at = now(), status = 'DISABLED', next_sync_at = NULL, updated_at = now(),
              external_account_id = external_account_id || ' (deleted ' || id || ')'
        WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL`,
      [connectionId, workspaceId],
    );
    if (!rowCount) return false;
    await tx.query(
      `UPDATE sync_jobs SET status = 'CANCELLED', finished_at = COALESCE(finished_at, now()),
              error = COALESCE(error, 'Connection deleted')
        WHERE connection_id = $1 AND status IN ('PENDING', 'RUNNING', 'CANCELLING')`,
      [connectionId],
    );
    await deps.queue.send('connection-purge', { workspaceId, connectionId }, {}, tx);
    return true;
  });
}

export const PURGE_BATCH = 5000;

/**
 * The background part (the `connection-purge` job): records go in batches of `batch`, each
 * its own statement, so no lock is held for long and the sync of other connections goes on;
 * then the chunks, jobs, the records page commits in flight wrote meanwhile, and the row
 * (deleteConnectionRow). Every step is idempotent: a run killed at any point is finished by
 * the next (pg-boss retries the job). Only ever touches a connection already marked deleted.
 */
export async function purgeDeletedConnection(
  pool: Pool,
  job: { workspaceId: string; connectionId: string },
  options: { batch?: number; afterBatch?: (deleted: number) => Promise<void> } = {},
): Promise<{ records: number }> {
  const batch = options.batch ?? PURGE_BATCH;
  if (!(await isMarkedDeleted(pool, job))) return { records: 0 };
  let records = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `DELETE FROM records WHERE id IN (
         SELECT id FROM records WHERE connection_id = $1 LIMIT ${Number(batch)})`,
      [job.connectionId],
    );
    records += rowCount ?? 0;
    await options.afterBatch?.(records);
    if ((rowCount ?? 0) < batch) break;
  }
  await deleteConnectionRow(pool, job.workspaceId, job.connectionId);
  return { records };
}

async function isMarkedDeleted(
  db: Queryable,
  job: { workspaceId: string; connectionId: string },
): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM connections WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NOT NULL',
    [job.connectionId, job.workspaceId],
  );
  return rows.length > 0;
}
