import { halveBatch, halveWindow } from '@tributary/core';
import { type ClaimedChunk, enqueueChunks } from '@tributary/db';
import type { EngineDeps } from './engine-deps.ts';
import { recordChunkEvent, releaseRun } from './release-run.ts';

const DAY_MS = 86_400_000;

/**
 * "Please reduce the amount of data": the chunk keeps the first half of its entity batch (or
 * of its window, once a single entity is too much) and a new chunk takes the other half. Both
 * restart from the beginning; re-read rows upsert as unchanged, so nothing duplicates.
 * Returns false when the chunk cannot be split further (then it fails like any permanent error).
 */
export async function splitChunk(
  deps: EngineDeps,
  chunk: ClaimedChunk,
  elapsedMs: number,
): Promise<boolean> {
  const entities = chunk.entity_ids ?? [];
  let keep: { entity_ids: string[]; window_start: Date | null; window_end: Date | null };
  let give: typeof keep;
  if (entities.length > 1) {
    const [first, second] = halveBatch(entities);
    keep = { entity_ids: first, window_start: chunk.window_start, window_end: chunk.window_end };
    give = { entity_ids: second, window_start: chunk.window_start, window_end: chunk.window_end };
  } else if (
    chunk.window_start &&
    chunk.window_end &&
    chunk.window_end.getTime() - chunk.window_start.getTime() > DAY_MS
  ) {
    let halves: ReturnType<typeof halveWindow>;
    try {
      halves = halveWindow({ start: chunk.window_start, end: chunk.window_end }, DAY_MS);
    } catch {
      return false;
    }
    const [newer, older] = halves;
    // Insights are daily: keep halves on whole days.
    const mid = new Date(Math.round(newer.start.getTime() / DAY_MS) * DAY_MS);
    keep = { entity_ids: entities, window_start: mid, window_end: newer.end };
    give = { entity_ids: entities, window_start: older.start, window_end: mid };
  } else {
    return false;
  }
  await releaseRun(deps, chunk, { status: 'PENDING', elapsedMs }, async (tx, released) => {
    // Serialises index allocation with other splits of the same job.
    await tx.query('SELECT id FROM sync_jobs WHERE id = $1 FOR UPDATE', [chunk.job_id]);
    await tx.query(
      `UPDATE sync_chunks SET entity_ids = $2, window_start = $3, window_end = $4, checkpoint = NULL
        WHERE id = $1`,
      [chunk.id, keep.entity_ids, keep.window_start, keep.window_end],
    );
    const { rows } = await tx.query<{ id: string; priority: number; connection_id: string }>(
      `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, label, window_start, window_end,
                                entity_ids, input_cursor, priority, max_attempts, parent_chunk_id)
       SELECT job_id, connection_id, (SELECT max(index) + 1 FROM sync_chunks WHERE job_id = $1),
              stream, kind, label || ' (split)', $3, $4, $5, input_cursor, priority, max_attempts, id
         FROM sync_chunks WHERE id = $2
       RETURNING id, priority, connection_id`,
      [chunk.job_id, chunk.id, give.window_start, give.window_end, give.entity_ids],
    );
    await enqueueChunks(tx, deps.queue, [released, ...rows]);
    await recordChunkEvent(
      tx,
      chunk,
      'CHUNK_SPLIT',
      `${chunk.label ?? chunk.stream}: the provider asked for less data; split in two`,
    );
  });
  return true;
}
