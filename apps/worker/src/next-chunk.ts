import type { Pool } from '@tributary/db';

/**
 * The connection's most urgent runnable chunk. A handler that finishes a chunk continues with
 * this one instead of returning to the queue: pg-boss's per-connection group limit would
 * otherwise leave the freed slot idle until the next poll. The chunk's own queue job then
 * finds it claimed or done and does nothing.
 */
export async function nextChunkOf(pool: Pool, connectionId: string): Promise<string | null> {
  const { rows } = await pool.query<{ id: string }>({
    name: 'next-chunk-of',
    text: `SELECT c.id FROM sync_chunks c JOIN sync_jobs j ON j.id = c.job_id
      WHERE c.connection_id = $1 AND c.status = 'PENDING' AND j.status = 'RUNNING'
        AND (c.run_after IS NULL OR c.run_after <= now())
      ORDER BY c.priority DESC, c.index LIMIT 1`,
    values: [connectionId],
  });
  return rows[0]?.id ?? null;
}
