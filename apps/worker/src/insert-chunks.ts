import type { PlannedChunk } from '@tributary/core';
import { enqueueChunks, type PoolClient, type QueueSender } from '@tributary/db';

/** Inserts planned chunks after the job's existing ones and queues them, in the caller's transaction. */
export async function insertChunks(
  tx: PoolClient,
  queue: QueueSender,
  job: { id: string; connectionId: string },
  chunks: PlannedChunk[],
  maxAttempts: number,
): Promise<number> {
  if (chunks.length === 0) return 0;
  const { rows: last } = await tx.query<{ next: number }>(
    'SELECT COALESCE(max(index), -1) + 1 AS next FROM sync_chunks WHERE job_id = $1',
    [job.id],
  );
  const first = last[0]?.next ?? 0;
  const { rows } = await tx.query<{ id: string; priority: number; connection_id: string }>(
    `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, label, window_start, window_end,
                              entity_ids, input_cursor, priority, max_attempts)
     SELECT $1, $2, $3 + t.ord - 1, t.stream, t.kind, t.label, t.ws, t.we,
            CASE WHEN t.entities IS NULL THEN NULL
                 ELSE ARRAY(SELECT jsonb_array_elements_text(t.entities)) END,
            t.input, t.priority, $4
       FROM unnest($5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[],
                   $10::jsonb[], $11::jsonb[], $12::int[]) WITH ORDINALITY
            AS t(stream, kind, label, ws, we, entities, input, priority, ord)
     RETURNING id, priority, connection_id`,
    [
      job.id,
      job.connectionId,
      first,
      maxAttempts,
      chunks.map((c) => c.stream),
      chunks.map((c) => c.kind),
      chunks.map((c) => c.label),
      chunks.map((c) => c.windowStart ?? null),
      chunks.map((c) => c.windowEnd ?? null),
      chunks.map((c) => (c.entityIds ? JSON.stringify(c.entityIds) : null)),
      chunks.map((c) =>
        JSON.stringify({
          ...(c.params ? { params: c.params } : {}),
          ...(c.inputCursor ? { cursor: c.inputCursor } : {}),
          ...(c.streamCursorKey ? { streamCursorKey: c.streamCursorKey } : {}),
          ...(c.completeListing ? { completeListing: true } : {}),
        }),
      ),
      chunks.map((c) => c.priority),
    ],
  );
  await enqueueChunks(tx, queue, rows);
  return rows.length;
}
