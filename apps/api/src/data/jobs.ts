import { ACTIVE_JOB_ORDER, type Queryable } from '@tributary/db';
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
  const counts = { total: 0, discoveryTotal: 0, discoveryDone: 0 } as ChunkCounts;
  for (const status of CHUNK_STATUSES) counts[status] = 0;
  return counts;
}

export async function loadChunkCounts(
  db: Queryable,
  jobIds: readonly string[],
): Promise<Map<string, ChunkCounts>> {
  const { rows } = await db.query<{
    jobId: string;
    status: ChunkStatus;
    count: number;
    discovery: number;
  }>(
    `SELECT job_id AS "jobId", status, count(*)::int AS count,
            (count(*) FILTER (WHERE kind IN ('structure', 'folders')))::int AS discovery
       FROM sync_chunks WHERE job_id = ANY($1::uuid[]) GROUP BY job_id, status`,
    [jobIds],
  );
  const byJob = new Map<string, ChunkCounts>();
  for (const id of jobIds) byJob.set(id, emptyChunkCounts());
  for (const row of rows) {
    const counts = byJob.get(row.jobId)!;
    counts[row.status] = row.count;
    counts.total += row.count;
    counts.discoveryTotal += row.discovery;
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(row.status))
      counts.discoveryDone += row.discovery;
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
