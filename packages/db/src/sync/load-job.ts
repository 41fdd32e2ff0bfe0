import type { Queryable } from '../pool.ts';
import { NotFoundError } from './errors.ts';

export type JobRow = {
  id: string;
  workspace_id: string;
  connection_id: string;
  status: string;
  stage: string;
  phase: string;
  priority: number;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Locks and returns a job of the workspace, or throws NotFoundError (also for other workspaces). */
export async function lockJob(tx: Queryable, workspaceId: string, jobId: string): Promise<JobRow> {
  if (!UUID.test(jobId)) throw new NotFoundError('sync job', jobId);
  const { rows } = await tx.query<JobRow>(
    `SELECT id, workspace_id, connection_id, status, stage, phase, priority FROM sync_jobs
      WHERE id = $1 AND workspace_id = $2 FOR UPDATE`,
    [jobId, workspaceId],
  );
  if (!rows[0]) throw new NotFoundError('sync job', jobId);
  return rows[0];
}
