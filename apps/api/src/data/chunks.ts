import type { Queryable } from '@tributary/db';
import { CHUNK_COLUMNS, type ChunkStatus, type SyncChunkRow } from './rows.ts';

/** Chunks of one job in plan order (index). */
export async function listChunks(
  db: Queryable,
  filter: { jobId: string; statuses: ChunkStatus[] | null },
  page: { afterIndex: number | null; limit: number },
): Promise<SyncChunkRow[]> {
  const { rows } = await db.query<SyncChunkRow>(
    `SELECT ${CHUNK_COLUMNS} FROM sync_chunks c
      WHERE c.job_id = $1 AND ($2::"ChunkStatus"[] IS NULL OR c.status = ANY($2))
        AND ($3::int IS NULL OR c.index > $3)
      ORDER BY c.index LIMIT $4`,
    [filter.jobId, filter.statuses, page.afterIndex, page.limit],
  );
  return rows;
}
