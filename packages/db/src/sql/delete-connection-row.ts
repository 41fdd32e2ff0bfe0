import { type Pool, withTransaction } from '../pool.ts';

/**
 * The last step of deleting a connection, in one transaction and this order:
 *  1. its chunks. Every record write holds its chunk's row lock (commitPage), so this waits
 *     for page commits in flight, and a commit after it finds no chunk and writes nothing;
 *  2. its jobs (events cascade);
 *  3. the records still left (the caller purges the bulk beforehand in short batches);
 *  4. the connection row (stream states cascade).
 * Chunk, then job, then connection is the order a page commit takes those locks in, so the
 * two cannot deadlock. Records carry no foreign key to connections (a per-row check on the
 * hot path): this order is what guarantees that no record outlives its connection.
 */
export async function deleteConnectionRow(
  pool: Pool,
  workspaceId: string,
  connectionId: string,
): Promise<boolean> {
  return withTransaction(pool, async (tx) => {
    const owned = await tx.query('SELECT 1 FROM connections WHERE id = $1 AND workspace_id = $2', [
      connectionId,
      workspaceId,
    ]);
    if (!owned.rowCount) return false;
    await tx.query('DELETE FROM sync_chunks WHERE connection_id = $1', [connectionId]);
    await tx.query('DELETE FROM sync_jobs WHERE connection_id = $1', [connectionId]);
    await tx.query('DELETE FROM records WHERE connection_id = $1', [connectionId]);
    const deleted = await tx.query('DELETE FROM connections WHERE id = $1 AND workspace_id = $2', [
      connectionId,
      workspaceId,
    ]);
    return (deleted.rowCount ?? 0) > 0;
  });
}
