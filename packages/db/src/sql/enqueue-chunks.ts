import type { Queryable } from '../pool.ts';
import type { QueueSender } from '../queue/queues.ts';

type ChunkRef = { id: string; priority: number; run_after?: Date | null };

/** Queues chunk runs, inside the caller's transaction so rows and queue jobs commit together. */
export async function enqueueChunks(
  tx: Queryable & { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> },
  queue: QueueSender,
  chunks: ChunkRef[],
): Promise<void> {
  for (const chunk of chunks) {
    await queue.send(
      'sync-chunk',
      { chunkId: chunk.id },
      {
        priority: chunk.priority,
        ...(chunk.run_after ? { startAfter: chunk.run_after } : {}),
      },
      tx,
    );
  }
}
