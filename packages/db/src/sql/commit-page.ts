import type { Queryable } from '../pool.ts';
import { LeaseLostError } from './chunk-row.ts';
import { chunkCountersSet, jobCountersSet } from './page-counters.ts';
import { recordEvent, SYNC_EVENTS_CHANNEL, syncEventPayload } from './record-event.ts';
import {
  pageDocument,
  type RecordInput,
  splitPage,
  type UpsertCounts,
  upsertLiveSql,
  upsertRecords,
} from './upsert-records.ts';

export type PageCommit = {
  chunkId: string;
  /** The chunk's job and workspace (its progress notification names them). */
  jobId: string;
  workspaceId: string;
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
};

export type PageCommitResult = UpsertCounts & {
  jobId: string;
  workspaceId: string;
  /** The job's status after the commit: CANCELLING tells the runner to stop. */
  jobStatus: string;
  chunkDone: boolean;
};

/**
 * True when the page commits as one statement (commitPage may then be given the pool: the
 * statement is its own transaction). A FULL_RESYNC's "seen" marks and removals read rows
 * written since the page's snapshot, so those pages commit in steps inside a transaction.
 */
export function commitsInOneStatement(page: PageCommit): boolean {
  return page.seenByJobId === null && !page.records.some((record) => record.deleted);
}

/**
 * Invariant 1: one transaction writes the page's records, the chunk's checkpoint and counters,
 * the job's counters, and the progress NOTIFY. It first re-checks the lease under a row lock,
 * so a worker that lost its lease (invariant 2) commits nothing.
 *
 * Most pages do all of it in one statement, one round trip with no client wait inside it, so
 * the job row's lock is held for microseconds rather than across several round trips while
 * the worker's event loop serves other chunks. `db` must be a transaction's client unless
 * commitsInOneStatement(page).
 */
export async function commitPage(db: Queryable, page: PageCommit): Promise<PageCommitResult> {
  return commitsInOneStatement(page) ? commitInOneStatement(db, page) : commitInSteps(db, page);
}

async function commitInOneStatement(db: Queryable, page: PageCommit): Promise<PageCommitResult> {
  const done = page.nextCursor === null;
  const { live } = splitPage(page.records);
  const set = {
    checkpoint: '$5',
    items: '$6',
    inserted: 'n.page_inserted',
    updated: 'n.page_updated',
    unchanged: `($7 - n.page_inserted - n.page_updated)`,
    deleted: '0',
    events: 'n.page_events',
    estimatedTotal: '$8',
    progressShare: '$9',
    elapsedMs: '$10',
    leaseMs: '$11',
    done: '$12',
    activity: '$13',
    itemLabel: '$14',
  };
  // Every data-modifying part reads `lease` (directly or through `chunk`): a lost lease
  // writes nothing. The page's rows, the chunk and the job are different tables, so no row is
  // written twice in the statement.
  const { rows } = await db.query<{
    workspace_id: string;
    job_id: string;
    status: string;
    page_inserted: number;
    page_updated: number;
    page_events: number;
  }>({
    name: 'commit-page-one-statement',
    text: `WITH lease AS (
       SELECT id FROM sync_chunks
        WHERE id = $1 AND lease_owner = $2 AND status = 'RUNNING'
        FOR UPDATE),
     written AS (
       ${upsertLiveSql({
         connectionId: '$3',
         document: '$4',
         seenByJobId: 'NULL::uuid',
         where: 'EXISTS (SELECT 1 FROM lease)',
       })}),
     n AS (
       SELECT count(*) FILTER (WHERE inserted)::int AS page_inserted,
              count(*) FILTER (WHERE NOT inserted)::int AS page_updated,
              count(*) FILTER (WHERE inserted AND stream = 'interaction_events')::int AS page_events
         FROM written),
     chunk AS (
       UPDATE sync_chunks SET ${chunkCountersSet(set)}
         FROM lease, n WHERE sync_chunks.id = lease.id
       RETURNING sync_chunks.job_id),
     job AS (
       UPDATE sync_jobs SET ${jobCountersSet(set)}
         FROM chunk, n WHERE sync_jobs.id = chunk.job_id
       RETURNING sync_jobs.id, sync_jobs.workspace_id, sync_jobs.status),
     stream_state AS (
       INSERT INTO stream_states (connection_id, stream, cursor, last_synced_at)
       SELECT $3, $15, $16::jsonb, now() FROM chunk WHERE $15::text IS NOT NULL
       ON CONFLICT (connection_id, stream) DO UPDATE
          SET cursor = COALESCE(stream_states.cursor, '{}'::jsonb) || EXCLUDED.cursor,
              last_synced_at = now(), updated_at = now()),
     notified AS (
       SELECT pg_notify($17, $18) FROM job WHERE $18::text IS NOT NULL)
     SELECT job.workspace_id, job.id AS job_id, job.status,
            n.page_inserted, n.page_updated, n.page_events,
            (SELECT count(*) FROM notified) AS notified
       FROM job, n`,
    values: [
      page.chunkId,
      page.owner,
      page.connectionId,
      pageDocument(live),
      done ? { done: true } : page.nextCursor,
      page.records.length,
      live.length,
      page.estimatedTotal ?? null,
      page.progressShare === undefined ? null : Math.min(1, Math.max(0, page.progressShare)),
      Math.round(page.elapsedMs),
      page.leaseMs,
      done,
      page.activity,
      page.itemLabel ?? null,
      done && page.streamCursor ? page.streamCursor.stream : null,
      done && page.streamCursor ? page.streamCursor.cursor : null,
      SYNC_EVENTS_CHANNEL,
      page.notifyProgress || done ? progressPayload(page) : null,
    ],
  });
  const row = rows[0];
  if (!row) throw new LeaseLostError(page.chunkId);
  return {
    inserted: row.page_inserted,
    updated: row.page_updated,
    unchanged: live.length - row.page_inserted - row.page_updated,
    deleted: 0,
    events: row.page_events,
    jobId: row.job_id,
    workspaceId: row.workspace_id,
    jobStatus: row.status,
    chunkDone: done,
  };
}

/** A page with "seen" marks or removals: the same writes, as steps inside the caller's transaction. */
async function commitInSteps(tx: Queryable, page: PageCommit): Promise<PageCommitResult> {
  const { rows } = await tx.query<{ job_id: string; lease_owner: string | null; status: string }>({
    name: 'commit-page-lock',
    text: 'SELECT job_id, lease_owner, status FROM sync_chunks WHERE id = $1 FOR UPDATE',
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
  const set = {
    checkpoint: '$2',
    items: '$3',
    inserted: '$4',
    updated: '$5',
    unchanged: '$6',
    deleted: '$7',
    events: '$8',
    estimatedTotal: '$9',
    progressShare: '$16',
    elapsedMs: '$10',
    leaseMs: '$11',
    done: '$12',
    activity: '$14',
    itemLabel: '$15',
  };
  // Chunk and job counters in one statement (one round trip per page saved twice over).
  const job = await tx.query<{ workspace_id: string; status: string }>({
    name: 'commit-page-counters',
    text: `WITH chunk AS (
       UPDATE sync_chunks SET ${chunkCountersSet(set)} WHERE id = $1)
     UPDATE sync_jobs SET ${jobCountersSet(set)}
      WHERE id = $13
      RETURNING workspace_id, status`,
    values: [
      page.chunkId,
      done ? { done: true } : page.nextCursor,
      page.records.length,
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
      page.activity,
      page.itemLabel ?? null,
      page.progressShare === undefined ? null : Math.min(1, Math.max(0, page.progressShare)),
    ],
  });
  const jobRow = job.rows[0]!;
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
      workspaceId: jobRow.workspace_id,
      jobId: chunk.job_id,
      chunkId: page.chunkId,
      kind: 'PROGRESS',
      message: page.activity,
    });
  }
  return {
    ...counts,
    jobId: chunk.job_id,
    workspaceId: jobRow.workspace_id,
    jobStatus: jobRow.status,
    chunkDone: done,
  };
}

function progressPayload(page: PageCommit): string {
  return syncEventPayload({
    workspaceId: page.workspaceId,
    jobId: page.jobId,
    chunkId: page.chunkId,
    kind: 'PROGRESS',
    message: page.activity,
  });
}
