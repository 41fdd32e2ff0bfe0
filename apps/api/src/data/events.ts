import type { Queryable } from '@tributary/db';
import type { SyncEventRow } from './rows.ts';

/**
 * The job's activity log by id: oldest first, or newest first (`newest`), where `afterId`
 * continues past the last row of the previous page either way. `exceptKinds` leaves kinds out
 * (the dashboard's log skips PROGRESS ticks, which outnumber everything else).
 */
export async function listEvents(
  db: Queryable,
  filter: { jobId: string; exceptKinds?: readonly string[] | null },
  page: { afterId: number | null; limit: number; newest?: boolean },
): Promise<SyncEventRow[]> {
  const { rows } = await db.query<SyncEventRow>(
    `SELECT id, job_id AS "jobId", chunk_id AS "chunkId", kind, message, data, at FROM sync_events
      WHERE job_id = $1
        AND ($2::bigint IS NULL OR (CASE WHEN $4 THEN id < $2 ELSE id > $2 END))
        AND ($5::text[] IS NULL OR NOT (kind::text = ANY($5)))
      ORDER BY CASE WHEN $4 THEN -id ELSE id END LIMIT $3`,
    [filter.jobId, page.afterId, page.limit, page.newest ?? false, filter.exceptKinds ?? null],
  );
  return rows;
}
