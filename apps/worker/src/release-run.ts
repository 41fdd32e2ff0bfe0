import {
  type ChunkRelease,
  type ClaimedChunk,
  enqueueChunks,
  type PoolClient,
  type ReleasedChunk,
  recordEvent,
  releaseChunk,
  type SyncEventInput,
  withTransaction,
} from '@tributary/db';
import type { EngineDeps } from './engine-deps.ts';

type RunRelease = Omit<ChunkRelease, 'chunkId' | 'owner'>;
type AfterRelease = (tx: PoolClient, released: ReleasedChunk) => Promise<void>;

/**
 * Ends this worker's run of a chunk in one transaction. `then` runs in that transaction only
 * if this worker still held the lease (otherwise another worker owns the chunk: hands off).
 */
export async function releaseRun(
  deps: EngineDeps,
  chunk: ClaimedChunk,
  release: RunRelease,
  then?: AfterRelease,
): Promise<void> {
  await withTransaction(deps.pool, async (tx) => {
    const released = await releaseOwnRun(tx, deps, chunk, release);
    if (released && then) await then(tx, released);
  });
}

/** The same, and the chunk is queued again: it resumes from its checkpoint (at `runAfter`). */
export function requeueRun(
  deps: EngineDeps,
  chunk: ClaimedChunk,
  release: RunRelease,
  then?: AfterRelease,
): Promise<void> {
  return releaseRun(deps, chunk, release, async (tx, released) => {
    await enqueueChunks(tx, deps.queue, [released]);
    if (then) await then(tx, released);
  });
}

/** Releases this worker's lease inside the caller's transaction; null if it was lost. */
export function releaseOwnRun(
  tx: PoolClient,
  deps: EngineDeps,
  chunk: ClaimedChunk,
  release: RunRelease,
): Promise<ReleasedChunk | null> {
  return releaseChunk(tx, { ...release, chunkId: chunk.id, owner: deps.config.workerId });
}

/** Logs an event on the chunk's job (and notifies subscribers) inside the transaction. */
export function recordChunkEvent(
  tx: PoolClient,
  chunk: Pick<ClaimedChunk, 'id' | 'job_id' | 'workspace_id'>,
  kind: SyncEventInput['kind'],
  message: string,
  data?: unknown,
): Promise<void> {
  return recordEvent(tx, {
    workspaceId: chunk.workspace_id,
    jobId: chunk.job_id,
    chunkId: chunk.id,
    kind,
    message,
    ...(data === undefined ? {} : { data }),
  });
}
