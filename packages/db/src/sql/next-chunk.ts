import type { Queryable } from '../pool.ts';

/**
 * The one definition of a connection's next chunk, for the statement parameter that holds
 * the connection: its most urgent chunk that is PENDING, or RATE_LIMITED once its time has
 * come, of a RUNNING job. Lanes claim it (claimChunk `nextOf`); a lane leaving its connection
 * queues it (nextChunkOf).
 */
export function nextChunkSql(connectionParam: string): string {
  return `SELECT c.id FROM sync_chunks c JOIN sync_jobs j ON j.id = c.job_id
     WHERE c.connection_id = ${connectionParam} AND c.status IN ('PENDING', 'RATE_LIMITED')
       AND j.status = 'RUNNING' AND (c.run_after IS NULL OR c.run_after <= now())
     ORDER BY c.priority DESC, c.index LIMIT 1`;
}

/** The connection's next chunk (nextChunkSql), without claiming it. */
export async function nextChunkOf(db: Queryable, connectionId: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>({
    name: 'next-chunk-of',
    text: nextChunkSql('$1'),
    values: [connectionId],
  });
  return rows[0]?.id ?? null;
}
