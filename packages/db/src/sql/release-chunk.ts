import type { Queryable } from '../pool.ts';

export type ReleasedChunk = {
  id: string;
  job_id: string;
  connection_id: string;
  priority: number;
  attempts: number;
  run_after: Date | null;
};

export type ChunkRelease = {
  chunkId: string;
  owner: string;
  status: 'PENDING' | 'RATE_LIMITED' | 'FAILED' | 'CANCELLED';
  /** 1 when this run used up an attempt (a retryable failure); 0 for throttling and budgets. */
  attemptsDelta?: number;
  runAfter?: Date | null;
  error?: { message: string; code: string } | null;
  elapsedMs?: number;
};

/**
 * Ends this worker's run of a chunk without completing it. Applies only while the caller still
 * holds the lease; returns null otherwise (another worker owns the chunk now).
 */
export async function releaseChunk(
  db: Queryable,
  release: ChunkRelease,
): Promise<ReleasedChunk | null> {
  const terminal = release.status === 'FAILED' || release.status === 'CANCELLED';
  const { rows } = await db.query<ReleasedChunk>(
    `UPDATE sync_chunks SET
        status = $3::"ChunkStatus", lease_owner = NULL, lease_expires_at = NULL,
        attempts = attempts + $4, run_after = $5,
        last_error = COALESCE($6, last_error), last_error_code = COALESCE($7, last_error_code),
        duration_ms = duration_ms + $8,
        finished_at = CASE WHEN $9 THEN now() ELSE NULL END, updated_at = now()
      WHERE id = $1 AND lease_owner = $2 AND status = 'RUNNING'
      RETURNING id, job_id, connection_id, priority, attempts, run_after`,
    [
      release.chunkId,
      release.owner,
      release.status,
      release.attemptsDelta ?? 0,
      release.runAfter ?? null,
      release.error?.message ?? null,
      release.error?.code ?? null,
      Math.round(release.elapsedMs ?? 0),
      terminal,
    ],
  );
  return rows[0] ?? null;
}
