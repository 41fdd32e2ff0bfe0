import type { Queryable } from '../pool.ts';

export type RecoveredChunk = {
  id: string;
  job_id: string;
  connection_id: string;
  priority: number;
  workspace_id: string;
  stalled_leases: number;
  max_attempts: number;
  label: string | null;
};

/**
 * Invariant 2: chunks whose lease expired (their worker died or hung) become runnable again.
 * `stalled_leases` counts expiries without checkpoint progress (a commit resets it), so a chunk
 * that keeps dying on the same page is reported, then failed, instead of looping forever.
 */
export async function recoverExpiredLeases(db: Queryable, limit = 500): Promise<RecoveredChunk[]> {
  const { rows } = await db.query<RecoveredChunk>(
    `WITH expired AS (
       SELECT id FROM sync_chunks
        WHERE status = 'RUNNING' AND lease_expires_at < now()
        ORDER BY lease_expires_at LIMIT $1 FOR UPDATE SKIP LOCKED
     )
     UPDATE sync_chunks c
        SET status = 'PENDING', lease_owner = NULL, lease_expires_at = NULL,
            stalled_leases = stalled_leases + 1, updated_at = now()
       FROM expired, sync_jobs j
      WHERE c.id = expired.id AND j.id = c.job_id
      RETURNING c.id, c.job_id, c.connection_id, c.priority, j.workspace_id, c.stalled_leases,
                c.max_attempts, c.label`,
    [limit],
  );
  return rows;
}
