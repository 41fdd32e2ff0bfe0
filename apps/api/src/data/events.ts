import type { Queryable } from '@tributary/db';
import type { SyncEventRow } from './rows.ts';

/** The job's activity log, oldest first. */
export async function listEvents(
  db: Queryable,
  filter: { jobId: string },
  page: { afterId: number | null; limit: number },
): Promise<SyncEventRow[]> {
  const { rows } = await db.query<SyncEventRow>(
    `SELECT id, job_id AS "jobId", chunk_id AS "chunkId", kind, message, data, at FROM sync_events
      WHERE job_id = $1 AND ($2::bigint IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [filter.jobId, page.afterId, page.limit],
  );
  return rows;
}
