import type { Pool } from '@tributary/db';

/**
 * The connection's most urgent runnable chunk: PENDING, or RATE_LIMITED once its time has
 * come. A lane leaving its connection (worker stopping, or its turn is up) queues it so the
 * next free handler continues there.
 */
export async function nextChunkOf(pool: Pool, connectionId: string): Promise<string | null> {
  const { rows } = await pool.query<{ id: string }>({
    name: 'next-chunk-of',
    text: `SELECT c.id FROM sync_chunks c JOIN sync_jobs j ON j.id = c.job_id
      WHERE c.connection_id = $1 AND c.status IN ('PENDING', 'RATE_LIMITED') AND j.status = 'RUNNING'
        AND (c.run_after IS NULL OR c.run_after <= now())
      ORDER BY c.priority DESC, c.index LIMIT 1`,
    values: [connectionId],
  });
  return rows[0]?.id ?? null;
}
