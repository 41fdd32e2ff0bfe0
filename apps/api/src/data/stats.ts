import type { Queryable } from '@tributary/db';

export type SyncStatsRow = {
  finishedJobs: number;
  succeededJobs: number;
  failedJobs: number;
  completedWithErrorsJobs: number;
  cancelledJobs: number;
  runningJobs: number;
  averageDurationSeconds: number | null;
  averageRecordsPerSync: number | null;
  recordsProcessed: number;
};

export async function loadSyncStats(
  db: Queryable,
  workspaceId: string,
  since: Date,
): Promise<SyncStatsRow> {
  const { rows } = await db.query<SyncStatsRow>(
    `SELECT count(*) FILTER (WHERE finished_at IS NOT NULL)::int AS "finishedJobs",
            count(*) FILTER (WHERE status = 'SUCCEEDED')::int AS "succeededJobs",
            count(*) FILTER (WHERE status = 'FAILED')::int AS "failedJobs",
            count(*) FILTER (WHERE status = 'COMPLETED_WITH_ERRORS')::int AS "completedWithErrorsJobs",
            count(*) FILTER (WHERE status = 'CANCELLED')::int AS "cancelledJobs",
            count(*) FILTER (WHERE status IN ('PENDING', 'RUNNING', 'CANCELLING'))::int AS "runningJobs",
            avg(extract(epoch FROM finished_at - started_at))
              FILTER (WHERE finished_at IS NOT NULL AND started_at IS NOT NULL)::float8 AS "averageDurationSeconds",
            avg(items_processed) FILTER (WHERE finished_at IS NOT NULL)::float8 AS "averageRecordsPerSync",
            COALESCE(sum(items_processed), 0)::float8 AS "recordsProcessed"
       FROM sync_jobs j
      WHERE workspace_id = $1 AND created_at >= $2
        AND EXISTS (SELECT 1 FROM connections c WHERE c.id = j.connection_id AND c.deleted_at IS NULL)`,
    [workspaceId, since],
  );
  return rows[0]!;
}

export type ProblemConnectionRow = {
  connectionId: string;
  failedChunks: number;
  failedJobs: number;
  lastError: string | null;
};

/** Connections with the most failed chunks since `since` (then failed jobs). */
export async function loadProblemConnections(
  db: Queryable,
  workspaceId: string,
  since: Date,
  limit: number,
): Promise<ProblemConnectionRow[]> {
  const { rows } = await db.query<ProblemConnectionRow>(
    `SELECT j.connection_id AS "connectionId",
            count(ch.id) FILTER (WHERE ch.status = 'FAILED')::int AS "failedChunks",
            count(DISTINCT j.id) FILTER (WHERE j.status IN ('FAILED', 'COMPLETED_WITH_ERRORS'))::int AS "failedJobs",
            (array_agg(ch.last_error ORDER BY ch.finished_at DESC NULLS LAST)
               FILTER (WHERE ch.status = 'FAILED'))[1] AS "lastError"
       FROM sync_jobs j
       JOIN connections c ON c.id = j.connection_id AND c.deleted_at IS NULL
       LEFT JOIN sync_chunks ch ON ch.job_id = j.id
      WHERE j.workspace_id = $1 AND j.created_at >= $2
      GROUP BY j.connection_id
     HAVING count(ch.id) FILTER (WHERE ch.status = 'FAILED') > 0
         OR count(DISTINCT j.id) FILTER (WHERE j.status IN ('FAILED', 'COMPLETED_WITH_ERRORS')) > 0
      ORDER BY 2 DESC, 3 DESC LIMIT $3`,
    [workspaceId, since, limit],
  );
  return rows;
}
