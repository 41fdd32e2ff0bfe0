import type { Queryable } from '../pool.ts';
import type { ClaimedChunk } from './chunk-row.ts';

/**
 * Takes the lease on a chunk if it is runnable: PENDING or RATE_LIMITED, or RUNNING with an
 * expired lease (its worker died). Returns null when another live worker holds it, it has
 * finished, or its job is no longer running — the caller then has nothing to do.
 */
export async function claimChunk(
  db: Queryable,
  chunkId: string,
  owner: string,
  leaseMs: number,
): Promise<ClaimedChunk | null> {
  const { rows } = await db.query<ClaimedChunk>(
    `WITH claimed AS (
       UPDATE sync_chunks c
          SET status = 'RUNNING', lease_owner = $2,
              lease_expires_at = now() + make_interval(secs => $3::double precision / 1000),
              started_at = COALESCE(c.started_at, now()), run_after = NULL, updated_at = now()
         FROM sync_jobs j
        WHERE c.id = $1 AND j.id = c.job_id AND j.status = 'RUNNING'
          AND (c.status IN ('PENDING', 'RATE_LIMITED')
               OR (c.status = 'RUNNING' AND c.lease_expires_at < now()))
       RETURNING c.*, j.workspace_id, j.mode AS job_mode, j.phase AS job_phase, j.root_job_id AS job_root_id
     )
     SELECT * FROM claimed`,
    [chunkId, owner, leaseMs],
  );
  return rows[0] ?? null;
}

/** Extends the lease while a slow page is being fetched; false if the lease was lost. */
export async function renewLease(
  db: Queryable,
  chunkId: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const result = await db.query(
    `UPDATE sync_chunks
        SET lease_expires_at = now() + make_interval(secs => $3::double precision / 1000)
      WHERE id = $1 AND lease_owner = $2 AND status = 'RUNNING'`,
    [chunkId, owner, leaseMs],
  );
  return (result.rowCount ?? 0) > 0;
}
