import type { Queryable } from '../pool.ts';

/**
 * A stall: a RUNNING job that has committed no page for `stallMs` (its last progress, or its
 * start when it never made any), whatever the reason (a provider outage longer than expected,
 * a rate limit, workers gone). Each stall is announced once, as a `sync.job.stalled` event
 * written in the same statement that marks the job alerted; progress after it re-arms the alert.
 * Returns the ids of the jobs announced.
 */
export async function announceStalledJobs(db: Queryable, stallMs: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH stalled AS (
       UPDATE sync_jobs j SET stall_alerted_at = now()
        WHERE j.status = 'RUNNING'
          AND COALESCE(j.last_progress_at, j.started_at, j.created_at)
              < now() - make_interval(secs => $1::double precision / 1000)
          AND (j.stall_alerted_at IS NULL
               OR j.stall_alerted_at < COALESCE(j.last_progress_at, j.started_at, j.created_at))
       RETURNING j.id, j.workspace_id, j.connection_id, j.mode, j.phase, j.last_progress_at,
                 j.started_at, j.items_processed
     )
     SELECT s.id, tributary_emit_webhook_event(s.workspace_id, 'sync.job.stalled',
              jsonb_build_object('jobId', s.id, 'connectionId', s.connection_id, 'mode', s.mode,
                'phase', s.phase, 'status', 'RUNNING', 'startedAt', s.started_at,
                'lastProgressAt', s.last_progress_at, 'itemsProcessed', s.items_processed,
                'stalledSeconds', floor(extract(epoch FROM now() - COALESCE(s.last_progress_at, s.started_at)))))
       FROM stalled s`,
    [stallMs],
  );
  return rows.map((r) => r.id);
}
