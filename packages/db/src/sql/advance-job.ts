import { isFinishedJobStatus, PROVIDER_STREAMS, type ProviderId } from '@tributary/core';
import type { PoolClient } from '../pool.ts';
import type { QueueSender } from '../queue/queues.ts';
import { recordEvent } from './record-event.ts';

type JobForAdvance = {
  id: string;
  workspace_id: string;
  connection_id: string;
  mode: string;
  phase: string;
  status: string;
  stage: string;
  priority: number;
  streams: string[] | null;
  started_at: Date | null;
  root_job_id: string | null;
  provider: ProviderId;
};

export type AdvanceResult = { status: string; finished: boolean };

/**
 * Moves a job forward after one of its chunks stopped: nothing while chunks remain; fan-out
 * planning after structure discovery; otherwise the final status (invariant 3: failures make
 * COMPLETED_WITH_ERRORS, never SUCCEEDED), stream watermarks, and the next phase's start.
 */
export async function advanceJob(
  tx: PoolClient,
  queue: QueueSender,
  jobId: string,
): Promise<AdvanceResult> {
  const { rows } = await tx.query<JobForAdvance>({
    name: 'advance-job-lock',
    text: `SELECT j.id, j.workspace_id, j.connection_id, j.mode, j.phase, j.status, j.stage, j.priority,
            j.streams, j.started_at, j.root_job_id, c.provider
       FROM sync_jobs j JOIN connections c ON c.id = j.connection_id
      WHERE j.id = $1 FOR UPDATE OF j`,
    values: [jobId],
  });
  const job = rows[0];
  if (!job) return { status: 'MISSING', finished: true };
  if (isFinishedJobStatus(job.status)) return { status: job.status, finished: true };

  if (job.status === 'CANCELLING') {
    await tx.query(
      `UPDATE sync_chunks SET status = 'CANCELLED', updated_at = now()
        WHERE job_id = $1 AND status IN ('PENDING', 'RATE_LIMITED')`,
      [job.id],
    );
  }
  // Most calls come from a chunk finishing while others remain: answer those from the index
  // without counting every chunk of the job (a statement after the job lock, so it sees what
  // any chunk that finished before us committed).
  const active = await tx.query<{ active: boolean }>({
    name: 'job-has-active-chunks',
    text: `SELECT EXISTS (SELECT 1 FROM sync_chunks
              WHERE job_id = $1 AND status IN ('PENDING', 'RUNNING', 'RATE_LIMITED')) AS active`,
    values: [job.id],
  });
  if (active.rows[0]?.active) return { status: job.status, finished: false };
  const counts = await chunkCounts(tx, job.id);
  if (counts.running + counts.pending + counts.rateLimited > 0) {
    return { status: job.status, finished: false };
  }
  if (job.status === 'CANCELLING') return finish(tx, queue, job, 'CANCELLED', 'Sync cancelled');

  if (job.stage === 'DISCOVER' && counts.failed === 0 && counts.cancelled === 0) {
    await tx.query(`UPDATE sync_jobs SET stage = 'FANOUT', updated_at = now() WHERE id = $1`, [
      job.id,
    ]);
    await queue.send('sync-plan', { jobId: job.id }, { priority: job.priority }, tx);
    return { status: job.status, finished: false };
  }

  if (counts.total > 0 && counts.failed === counts.total) {
    return finish(
      tx,
      queue,
      job,
      'FAILED',
      counts.total === 1 ? 'Its one chunk failed' : `All ${counts.total} chunks failed`,
    );
  }
  if (counts.failed > 0) {
    return finish(
      tx,
      queue,
      job,
      'COMPLETED_WITH_ERRORS',
      `${counts.failed} of ${counts.total} chunks failed; retry ${counts.failed === 1 ? 'it' : 'them'} to fill the gaps`,
    );
  }
  if (counts.cancelled > 0) return finish(tx, queue, job, 'CANCELLED', 'Sync stopped');
  return finish(tx, queue, job, 'SUCCEEDED', null);
}

async function chunkCounts(tx: PoolClient, jobId: string) {
  const { rows } = await tx.query<{ status: string; n: number }>({
    name: 'chunk-counts',
    text: 'SELECT status, count(*)::int AS n FROM sync_chunks WHERE job_id = $1 GROUP BY status',
    values: [jobId],
  });
  const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  const counts = {
    pending: by.PENDING ?? 0,
    running: by.RUNNING ?? 0,
    rateLimited: by.RATE_LIMITED ?? 0,
    succeeded: by.SUCCEEDED ?? 0,
    failed: by.FAILED ?? 0,
    cancelled: by.CANCELLED ?? 0,
    total: 0,
  };
  counts.total = rows.reduce((sum, r) => sum + r.n, 0);
  return counts;
}

async function finish(
  tx: PoolClient,
  queue: QueueSender,
  job: JobForAdvance,
  status: 'SUCCEEDED' | 'COMPLETED_WITH_ERRORS' | 'FAILED' | 'CANCELLED',
  error: string | null,
): Promise<AdvanceResult> {
  const streams =
    job.streams && job.streams.length > 0 ? job.streams : [...PROVIDER_STREAMS[job.provider]];
  let deleted = 0;
  if (status === 'SUCCEEDED' && job.mode === 'FULL_RESYNC' && job.phase === 'HISTORICAL') {
    // Both phases re-read everything: what neither saw is gone at the provider.
    const result = await tx.query(
      `UPDATE records SET deleted_at = now(), modified_at = now(), seq = nextval('records_seq_seq')
        WHERE connection_id = $1 AND stream = ANY($2) AND deleted_at IS NULL
          AND last_seen_job_id IS DISTINCT FROM $3`,
      [job.connection_id, streams, job.root_job_id],
    );
    deleted = result.rowCount ?? 0;
  }
  await tx.query(
    `UPDATE sync_jobs SET status = $2::"SyncJobStatus", finished_at = now(),
            -- A cancel keeps the reason it was given (e.g. paused for re-authorisation).
            error = CASE WHEN $2 = 'CANCELLED' THEN COALESCE(error, $3) ELSE $3 END,
            deleted = deleted + $4, current_activity = NULL, updated_at = now()
      WHERE id = $1`,
    [job.id, status, error, deleted],
  );
  const label = status === 'SUCCEEDED' ? 'succeeded' : status.toLowerCase().replaceAll('_', ' ');
  await recordEvent(tx, {
    workspaceId: job.workspace_id,
    jobId: job.id,
    kind: 'STATUS_CHANGED',
    message: `${phaseName(job.phase)} ${label}${error ? `: ${error}` : ''}`,
  });

  const usable = status === 'SUCCEEDED' || status === 'COMPLETED_WITH_ERRORS';
  if (usable) {
    await recordEvent(tx, {
      workspaceId: job.workspace_id,
      jobId: job.id,
      kind: 'PHASE_COMPLETED',
      message: `${phaseName(job.phase)} complete`,
      data: { phase: job.phase, status },
    });
    await tx.query(
      `UPDATE connections SET last_sync_at = now(),
              -- schedule_minutes 0: scheduled syncs are off, so no next time is set
              next_sync_at = CASE WHEN schedule_minutes = 0 THEN NULL
                                  ELSE now() + make_interval(mins => schedule_minutes) END,
              updated_at = now()
        WHERE id = $1`,
      [job.connection_id],
    );
  }
  // Invariant 6: watermarks advance only past data committed without gaps.
  if (status === 'SUCCEEDED' && (job.phase === 'RECENT' || job.phase === 'INCREMENTAL')) {
    await upsertStreamStates(tx, job.connection_id, streams, 'watermark = $3', job.started_at);
  }
  if (status === 'SUCCEEDED' && job.phase === 'HISTORICAL') {
    await upsertStreamStates(
      tx,
      job.connection_id,
      streams,
      'full_sync_completed_at = now()',
      null,
    );
  }

  const next = await tx.query<{ id: string; priority: number }>(
    `SELECT id, priority FROM sync_jobs WHERE previous_phase_id = $1 AND status = 'PENDING'`,
    [job.id],
  );
  for (const nextJob of next.rows) {
    if (usable) {
      await queue.send('sync-plan', { jobId: nextJob.id }, { priority: nextJob.priority }, tx);
    } else {
      await tx.query(
        `UPDATE sync_jobs SET status = 'CANCELLED', finished_at = now(),
                error = 'The previous phase did not complete' WHERE id = $1`,
        [nextJob.id],
      );
      // Announced like every status change, so live views stop showing it queued.
      await recordEvent(tx, {
        workspaceId: job.workspace_id,
        jobId: nextJob.id,
        kind: 'STATUS_CHANGED',
        message: 'Not started: the previous phase did not complete',
      });
    }
  }
  return { status, finished: true };
}

async function upsertStreamStates(
  tx: PoolClient,
  connectionId: string,
  streams: string[],
  assignment: string,
  value: Date | null,
): Promise<void> {
  await tx.query(
    `INSERT INTO stream_states (connection_id, stream) SELECT $1, unnest($2::text[])
     ON CONFLICT (connection_id, stream) DO NOTHING`,
    [connectionId, streams],
  );
  await tx.query(
    `UPDATE stream_states SET ${assignment}, last_synced_at = now(), updated_at = now()
      WHERE connection_id = $1 AND stream = ANY($2)`,
    value === null ? [connectionId, streams] : [connectionId, streams, value],
  );
}

function phaseName(phase: string): string {
  switch (phase) {
    case 'RECENT':
      return 'Recent data (last 90 days)';
    case 'HISTORICAL':
      return 'History';
    case 'INCREMENTAL':
      return 'Incremental sync';
    default:
      return 'Custom range sync';
  }
}
