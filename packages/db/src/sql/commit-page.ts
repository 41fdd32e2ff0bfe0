import type { PoolClient } from '../pool.ts';
import { LeaseLostError } from './chunk-row.ts';
import { recordEvent } from './record-event.ts';
import { type RecordInput, type UpsertCounts, upsertRecords } from './upsert-records.ts';

export type PageCommit = {
  chunkId: string;
  owner: string;
  leaseMs: number;
  connectionId: string;
  /** The chunk's stream (what a complete listing replaces). */
  stream: string;
  records: RecordInput[];
  /** Cursor to resume from; null means the chunk is complete. */
  nextCursor: Record<string, unknown> | null;
  /** Stored on the stream when the chunk completes (delta link, newest updated_time). */
  streamCursor?: { stream: string; cursor: Record<string, unknown> } | undefined;
  estimatedTotal?: number | undefined;
  /** Share of the chunk read so far (0–1), when the connector can tell; kept at its highest. */
  progressShare?: number | undefined;
  itemLabel?: string | undefined;
  activity: string;
  elapsedMs: number;
  /** FULL_RESYNC: the root job whose "seen" marks decide deletions afterwards. */
  seenByJobId: string | null;
  /**
   * The chunk lists its whole stream: on its last page, the stream's rows not marked by
   * `seenByJobId` are gone at the provider and are soft-deleted in this transaction.
   */
  completesListing?: boolean;
  /** Send a PROGRESS notification (the caller coalesces to ~10/s per job). */
  notifyProgress: boolean;
  updateThroughput: (previousPerSecond: number | null, items: number, elapsedMs: number) => number;
};

export type PageCommitResult = UpsertCounts & {
  jobId: string;
  workspaceId: string;
  /** The job's status after the commit: CANCELLING tells the runner to stop. */
  jobStatus: string;
  chunkDone: boolean;
};

/**
 * Invariant 1: one transaction writes the page's records, the chunk's checkpoint and counters,
 * the job's counters, and the progress NOTIFY. It first re-checks the lease under a row lock,
 * so a worker that lost its lease (invariant 2) commits nothing.
 */
export async function commitPage(tx: PoolClient, page: PageCommit): Promise<PageCommitResult> {
  // The job's moving-average inputs are read unlocked: two chunks of a job committing at once
  // may each fold their page into the same previous rate (a display estimate); every counter
  // below is an increment under the row lock, so counts stay exact.
  const { rows } = await tx.query<{
    job_id: string;
    workspace_id: string;
    lease_owner: string | null;
    status: string;
    throughput_per_second: number | null;
    last_progress_at: Date | null;
  }>({
    name: 'commit-page-lock',
    text: `SELECT c.job_id, j.workspace_id, c.lease_owner, c.status, j.throughput_per_second,
            j.last_progress_at
       FROM sync_chunks c JOIN sync_jobs j ON j.id = c.job_id
      WHERE c.id = $1 FOR UPDATE OF c`,
    values: [page.chunkId],
  });
  const chunk = rows[0];
  if (!chunk || chunk.lease_owner !== page.owner || chunk.status !== 'RUNNING') {
    throw new LeaseLostError(page.chunkId);
  }
  const counts = await upsertRecords(tx, page.connectionId, page.records, page.seenByJobId);
  const done = page.nextCursor === null;
  if (done && page.completesListing && page.seenByJobId) {
    const vanished = await tx.query({
      name: 'delete-unlisted',
      text: `UPDATE records SET deleted_at = now(), modified_at = now(), seq = nextval('records_seq_seq')
              WHERE connection_id = $1 AND stream = $2 AND deleted_at IS NULL
                AND last_seen_job_id IS DISTINCT FROM $3`,
      values: [page.connectionId, page.stream, page.seenByJobId],
    });
    counts.deleted += vanished.rowCount ?? 0;
  }
  const items = page.records.length;
  const sinceLast = chunk.last_progress_at
    ? Date.now() - chunk.last_progress_at.getTime()
    : page.elapsedMs;
  const throughput = page.updateThroughput(
    chunk.throughput_per_second,
    items,
    Math.max(sinceLast, 1),
  );
  if (done && page.streamCursor) {
    await tx.query(
      `INSERT INTO stream_states (connection_id, stream, cursor, last_synced_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (connection_id, stream) DO UPDATE
          SET cursor = COALESCE(stream_states.cursor, '{}'::jsonb) || EXCLUDED.cursor,
              last_synced_at = now(), updated_at = now()`,
      [page.connectionId, page.streamCursor.stream, page.streamCursor.cursor],
    );
  }
  if (page.notifyProgress || done) {
    await recordEvent(tx, {
      workspaceId: chunk.workspace_id,
      jobId: chunk.job_id,
      chunkId: page.chunkId,
      kind: 'PROGRESS',
      message: page.activity,
    });
  }
  // Chunk and job counters in one statement (one round trip per page saved twice over), last:
  // every chunk of the job updates its row, so its lock is held only from here to COMMIT.
  const job = await tx.query<{ status: string }>({
    name: 'commit-page-counters',
    text: `WITH chunk AS (
       UPDATE sync_chunks SET
          checkpoint = $2, pages_fetched = pages_fetched + 1,
          items_processed = items_processed + $3, inserted = inserted + $4, updated = updated + $5,
          unchanged = unchanged + $6, deleted = deleted + $7, events = events + $8,
          items_estimated = COALESCE($9, items_estimated),
          progress_share = GREATEST(progress_share, $17::double precision),
          duration_ms = duration_ms + $10,
          checkpoint_advanced_at = now(), stalled_leases = 0,
          lease_expires_at = now() + make_interval(secs => $11::double precision / 1000),
          status = CASE WHEN $12 THEN 'SUCCEEDED'::"ChunkStatus" ELSE status END,
          lease_owner = CASE WHEN $12 THEN NULL ELSE lease_owner END,
          finished_at = CASE WHEN $12 THEN now() ELSE finished_at END,
          updated_at = now()
        WHERE id = $1)
     UPDATE sync_jobs SET
        items_processed = items_processed + $3, inserted = inserted + $4, updated = updated + $5,
        unchanged = unchanged + $6, deleted = deleted + $7, events = events + $8,
        throughput_per_second = $14, last_progress_at = now(),
        current_activity = $15, current_item_label = COALESCE($16, current_item_label),
        updated_at = now()
      WHERE id = $13
      RETURNING status`,
    values: [
      page.chunkId,
      done ? { done: true } : page.nextCursor,
      items,
      counts.inserted,
      counts.updated,
      counts.unchanged,
      counts.deleted,
      counts.events,
      page.estimatedTotal ?? null,
      Math.round(page.elapsedMs),
      page.leaseMs,
      done,
      chunk.job_id,
      throughput,
      page.activity,
      page.itemLabel ?? null,
      page.progressShare === undefined ? null : Math.min(1, Math.max(0, page.progressShare)),
    ],
  });
  const jobRow = job.rows[0]!;
  return {
    ...counts,
    jobId: chunk.job_id,
    workspaceId: chunk.workspace_id,
    jobStatus: jobRow.status,
    chunkDone: done,
  };
}
