import type { PlannedChunk } from '@tributary/core';
import { enqueueChunks, type PoolClient, type QueueSender } from '@tributary/db';

/**
 * Inserts planned chunks after the job's existing ones, in the caller's transaction, and queues
 * one run per lane the connection may use: the most urgent chunks. Each lane then continues
 * with the connection's next chunk when one finishes (runLane), so a queue job per chunk
 * would only be fetched, find its connection busy or its chunk done, and be sent again. If a
 * lane dies, its lease expiring (or orphan recovery) queues the connection's work again.
 */
export async function insertChunks(
  tx: PoolClient,
  queue: QueueSender,
  job: { id: string; connectionId: string },
  chunks: PlannedChunk[],
  options: { maxAttempts: number; lanes: number },
): Promise<number> {
  if (chunks.length === 0) return 0;
  const { rows: last } = await tx.query<{ next: number }>(
    'SELECT COALESCE(max(index), -1) + 1 AS next FROM sync_chunks WHERE job_id = $1',
    [job.id],
  );
  const first = last[0]?.next ?? 0;
  const { rows } = await tx.query<{ id: string; priority: number; index: number }>(
    `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, label, window_start, window_end,
                              entity_ids, input_cursor, priority, max_attempts)
     SELECT $1, $2, $3 + t.ord - 1, t.stream, t.kind, t.label, t.ws, t.we,
            CASE WHEN t.entities IS NULL THEN NULL
                 ELSE ARRAY(SELECT jsonb_array_elements_text(t.entities)) END,
            t.input, t.priority, $4
       FROM unnest($5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[],
                   $10::jsonb[], $11::jsonb[], $12::int[]) WITH ORDINALITY
            AS t(stream, kind, label, ws, we, entities, input, priority, ord)
     RETURNING id, priority, index`,
    [
      job.id,
      job.connectionId,
      first,
      options.maxAttempts,
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
  const mostUrgent = rows.sort((a, b) => b.priority - a.priority || a.index - b.index);
  await enqueueChunks(tx, queue, mostUrgent.slice(0, Math.max(1, options.lanes)));
  return rows.length;
}
