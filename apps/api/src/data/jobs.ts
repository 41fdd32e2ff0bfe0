import { ACTIVE_JOB_ORDER, type Queryable } from '@tributary/db';

/** A chunk's share read counts once it reaches this: a first page's share is mostly noise. */
const MIN_PROGRESS_SHARE = 0.02;

import type { TimeIdCursor } from '../pagination/keyset.ts';
import {
  ACTIVE_JOB_STATUSES,
  CHUNK_STATUSES,
  type ChunkCounts,
  type ChunkStatus,
  JOB_COLUMNS,
  type SyncJobRow,
  type SyncJobStatus,
} from './rows.ts';

export async function loadJobs(
  db: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<SyncJobRow[]> {
  const { rows } = await db.query<SyncJobRow>(
    `SELECT ${JOB_COLUMNS} FROM sync_jobs j
       JOIN connections c ON c.id = j.connection_id AND c.deleted_at IS NULL
      WHERE j.id = ANY($1::uuid[]) AND j.workspace_id = $2`,
    [ids, workspaceId],
  );
  return rows;
}

/** The phase that follows each job (the job whose previous_phase_id points at it). */
export async function loadNextPhases(
  db: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<SyncJobRow[]> {
  const { rows } = await db.query<SyncJobRow>(
    `SELECT ${JOB_COLUMNS} FROM sync_jobs j WHERE j.previous_phase_id = ANY($1::uuid[]) AND j.workspace_id = $2`,
    [ids, workspaceId],
  );
  return rows;
}

/** The newest unfinished job of each connection. */
export async function loadActiveJobs(
  db: Queryable,
  connectionIds: readonly string[],
): Promise<SyncJobRow[]> {
  const { rows } = await db.query<SyncJobRow>(
    `SELECT DISTINCT ON (j.connection_id) ${JOB_COLUMNS} FROM sync_jobs j
      WHERE j.connection_id = ANY($1::uuid[]) AND j.status = ANY($2::"SyncJobStatus"[])
      ORDER BY j.connection_id, ${ACTIVE_JOB_ORDER}`,
    [connectionIds, ACTIVE_JOB_STATUSES],
  );
  return rows;
}

export async function listActiveJobs(db: Queryable, workspaceId: string): Promise<SyncJobRow[]> {
  const { rows } = await db.query<SyncJobRow>(
    `SELECT ${JOB_COLUMNS} FROM sync_jobs j
       JOIN connections c ON c.id = j.connection_id AND c.deleted_at IS NULL
      WHERE j.workspace_id = $1 AND j.status = ANY($2::"SyncJobStatus"[])
      ORDER BY j.created_at`,
    [workspaceId, ACTIVE_JOB_STATUSES],
  );
  return rows;
}

/** Newest first. */
export async function listJobs(
  db: Queryable,
  filter: { workspaceId: string; connectionId: string | null; statuses: SyncJobStatus[] | null },
  page: { after: TimeIdCursor | null; limit: number },
): Promise<SyncJobRow[]> {
  const { rows } = await db.query<SyncJobRow>(
    `SELECT ${JOB_COLUMNS} FROM sync_jobs j
       JOIN connections c ON c.id = j.connection_id AND c.deleted_at IS NULL
      WHERE j.workspace_id = $1
        AND ($2::uuid IS NULL OR j.connection_id = $2)
        AND ($3::"SyncJobStatus"[] IS NULL OR j.status = ANY($3))
        AND ($4::timestamptz IS NULL OR (j.created_at, j.id) < ($4::timestamptz, $5::uuid))
      ORDER BY j.created_at DESC, j.id DESC LIMIT $6`,
    [
      filter.workspaceId,
      filter.connectionId,
      filter.statuses,
      page.after?.[0] ?? null,
      page.after?.[1] ?? null,
      page.limit,
    ],
  );
  return rows;
}

export function emptyChunkCounts(): ChunkCounts {
  const counts = {
    total: 0,
    discoveryTotal: 0,
    discoveryDone: 0,
    work: [],
    waitUntil: null,
    ready: 0,
  } as unknown as ChunkCounts;
  for (const status of CHUNK_STATUSES) counts[status] = 0;
  return counts;
}

const FINISHED_CHUNK: ChunkStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
const DISCOVERY_KINDS = ['structure', 'folders'];

/**
 * Chunk counts by status, and what each kind of chunk has read and knows of its size (for the
 * work estimate), in one grouped query per batch of jobs.
 */
export async function loadChunkCounts(
  db: Queryable,
  jobIds: readonly string[],
): Promise<Map<string, ChunkCounts>> {
  const { rows } = await db.query<{
    jobId: string;
    status: ChunkStatus;
    kind: string;
    count: number;
    items: number;
    pages: number;
    bounded: number;
    boundedItems: number;
    bound: number;
    shared: number;
    sharedItems: number;
    projected: number;
    waitUntil: Date | null;
    ready: number;
  }>(
    `SELECT job_id AS "jobId", status, kind, count(*)::int AS count,
            sum(items_processed)::float8 AS items, sum(pages_fetched)::float8 AS pages,
            (count(*) FILTER (WHERE items_estimated IS NOT NULL))::int AS bounded,
            COALESCE(sum(items_processed) FILTER (WHERE items_estimated IS NOT NULL), 0)::float8 AS "boundedItems",
            COALESCE(sum(items_estimated), 0)::float8 AS bound,
            (count(*) FILTER (WHERE items_estimated IS NULL AND progress_share >= $2))::int AS shared,
            COALESCE(sum(items_processed) FILTER (WHERE items_estimated IS NULL AND progress_share >= $2), 0)::float8 AS "sharedItems",
            COALESCE(sum(items_processed / progress_share) FILTER (WHERE items_estimated IS NULL AND progress_share >= $2), 0)::float8 AS projected,
            min(run_after) FILTER (WHERE run_after > now()) AS "waitUntil",
            (count(*) FILTER (WHERE run_after IS NULL OR run_after <= now()))::int AS ready
       FROM sync_chunks WHERE job_id = ANY($1::uuid[]) GROUP BY job_id, status, kind`,
    [jobIds, MIN_PROGRESS_SHARE],
  );
  const byJob = new Map<string, ChunkCounts>();
  for (const id of jobIds) byJob.set(id, emptyChunkCounts());
  for (const row of rows) {
    const counts = byJob.get(row.jobId)!;
    const finished = FINISHED_CHUNK.includes(row.status);
    counts[row.status] += row.count;
    counts.total += row.count;
    if (DISCOVERY_KINDS.includes(row.kind)) {
      counts.discoveryTotal += row.count;
      if (finished) counts.discoveryDone += row.count;
    }
    counts.work.push({
      kind: row.kind,
      finished,
      discovery: DISCOVERY_KINDS.includes(row.kind),
      chunks: row.count,
      items: row.items,
      pages: row.pages,
      bounded: row.bounded,
      boundedItems: row.boundedItems,
      bound: row.bound,
      shared: row.shared,
      sharedItems: row.sharedItems,
      projected: row.projected,
    });
    if (row.status === 'PENDING' || row.status === 'RATE_LIMITED') counts.ready += row.ready;
    if (row.waitUntil && (row.status === 'RATE_LIMITED' || row.status === 'PENDING')) {
      const reason = row.status === 'RATE_LIMITED' ? 'RATE_LIMIT' : 'RETRY_BACKOFF';
      const earlier = !counts.waitUntil || row.waitUntil < counts.waitUntil.until;
      if (earlier) counts.waitUntil = { reason, until: row.waitUntil };
    }
  }
  return byJob;
}

/** One job with its chunk counts: what a progress event carries. */
export async function loadJobSnapshot(
  db: Queryable,
  workspaceId: string,
  jobId: string,
): Promise<SyncJobRow | null> {
  // Side by side (one round trip of latency, not two): the counts are dropped unread when the
  // job is not the workspace's.
  const [[job], counts] = await Promise.all([
    loadJobs(db, workspaceId, [jobId]),
    loadChunkCounts(db, [jobId]),
  ]);
  if (!job) return null;
  job.chunkCounts = counts.get(jobId)!;
  return job;
}

/** The phase that runs after this job (its HISTORICAL after RECENT), if any. */
export async function nextPhaseId(db: Queryable, jobId: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM sync_jobs WHERE previous_phase_id = $1',
    [jobId],
  );
  return rows[0]?.id ?? null;
}
