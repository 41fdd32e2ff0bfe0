import { PROVIDER_STREAMS, type ProviderId } from '@tributary/core';
import { withTransaction } from '../pool.ts';
import { recordEvent } from '../sql/record-event.ts';
import { ACTIVE_JOB_ORDER } from './active-job.ts';
import { continueUnfinishedInitial } from './continue-initial.ts';
import {
  ACTIVE_JOB_STATUSES,
  PHASE_PRIORITY,
  type SyncControlDeps,
  type SyncMode,
  type SyncPhase,
} from './deps.ts';
import {
  InvalidStateError,
  NotFoundError,
  SyncAlreadyRunningError,
  ValidationError,
} from './errors.ts';

export type StartSyncInput = {
  workspaceId: string;
  connectionId: string;
  mode: SyncMode;
  from?: Date | null;
  to?: Date | null;
  streams?: string[] | null;
  /**
   * Start the mode asked for even when the connection's INITIAL sync did not finish. Without
   * it, INITIAL and INCREMENTAL continue that unfinished INITIAL (continue-initial.ts).
   */
  force?: boolean | null;
};

/** Oldest data each provider keeps (Facebook insights: 37 months); null = no limit. */
const RETENTION_DAYS: Record<ProviderId, number | null> = {
  FACEBOOK_ADS: 37 * 30,
  FACEBOOK_PAGES: null,
  MICROSOFT_MAIL: null,
};
const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Creates the job(s) for a sync and queues the first one's planning, atomically. INITIAL and
 * FULL_RESYNC create a RECENT job and a linked HISTORICAL job that starts when RECENT ends.
 * INITIAL or INCREMENTAL on a connection whose INITIAL did not finish continues that one
 * instead (`continued: true`), unless `force` asks for the new sync anyway.
 */
export async function startSync(
  deps: SyncControlDeps,
  input: StartSyncInput,
): Promise<{ job: { id: string }; continued: boolean }> {
  const now = deps.now?.() ?? new Date();
  if (!UUID.test(input.connectionId)) throw new NotFoundError('connection', input.connectionId);
  return withTransaction(deps.pool, async (tx) => {
    // Locking the connection row serialises concurrent starts for one connection.
    const { rows } = await tx.query<{
      provider: ProviderId;
      status: string;
      deleted_at: Date | null;
    }>(
      `SELECT provider, status, deleted_at FROM connections
        WHERE id = $1 AND workspace_id = $2 FOR UPDATE`,
      [input.connectionId, input.workspaceId],
    );
    const connection = rows[0];
    if (!connection || connection.deleted_at)
      throw new NotFoundError('connection', input.connectionId);
    const streams = validateStreams(connection.provider, input.streams);
    const window = validateWindow(connection.provider, input, now);
    if (connection.status !== 'ACTIVE') {
      throw new InvalidStateError(
        connection.status === 'NEEDS_REAUTH'
          ? 'This connection needs to be re-authorised before it can sync'
          : 'This connection is disabled',
      );
    }
    const running = await tx.query<{ id: string }>(
      `SELECT j.id FROM sync_jobs j
        WHERE j.connection_id = $1 AND j.status = ANY($2::"SyncJobStatus"[])
        ORDER BY ${ACTIVE_JOB_ORDER} LIMIT 1`,
      [input.connectionId, ACTIVE_JOB_STATUSES],
    );
    if (running.rows[0]) throw new SyncAlreadyRunningError(running.rows[0].id);
    const resumable =
      !input.force && (input.mode === 'INITIAL' || input.mode === 'INCREMENTAL') && !streams;
    if (resumable) {
      const continued = await continueUnfinishedInitial(tx, deps, input.connectionId);
      if (continued) return { job: continued, continued: true };
    }

    const phases: SyncPhase[] =
      input.mode === 'INITIAL' || input.mode === 'FULL_RESYNC'
        ? ['RECENT', 'HISTORICAL']
        : input.mode === 'INCREMENTAL'
          ? ['INCREMENTAL']
          : ['CUSTOM'];
    let previousId: string | null = null;
    let rootId: string | null = null;
    for (const phase of phases) {
      const inserted: { rows: { id: string }[] } = await tx.query<{ id: string }>(
        `INSERT INTO sync_jobs (workspace_id, connection_id, mode, phase, status, window_start,
                                window_end, streams, priority, previous_phase_id, root_job_id)
         VALUES ($1, $2, $3, $4, 'PENDING', $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          input.workspaceId,
          input.connectionId,
          input.mode,
          phase,
          window?.start ?? null,
          window?.end ?? null,
          streams,
          PHASE_PRIORITY[phase],
          previousId,
          rootId,
        ],
      );
      const id = inserted.rows[0]!.id;
      rootId ??= id;
      previousId = id;
    }
    await tx.query('UPDATE sync_jobs SET root_job_id = id WHERE id = $1', [rootId]);
    await recordEvent(tx, {
      workspaceId: input.workspaceId,
      jobId: rootId!,
      kind: 'STATUS_CHANGED',
      message: `${input.mode} sync queued`,
    });
    await deps.queue.send(
      'sync-plan',
      { jobId: rootId! },
      { priority: PHASE_PRIORITY[phases[0]!] },
      tx,
    );
    return { job: { id: rootId! }, continued: false };
  });
}

function validateStreams(
  provider: ProviderId,
  streams: string[] | null | undefined,
): string[] | null {
  if (!streams || streams.length === 0) return null;
  const known = PROVIDER_STREAMS[provider];
  const unknown = streams.filter((s) => !known.includes(s));
  if (unknown.length > 0) {
    throw new ValidationError(
      'streams',
      `Unknown stream ${unknown.map((s) => `"${s}"`).join(', ')} for ${provider}; known: ${known.join(', ')}`,
    );
  }
  return [...new Set(streams)];
}

function validateWindow(
  provider: ProviderId,
  input: StartSyncInput,
  now: Date,
): { start: Date; end: Date } | null {
  const { from, to } = input;
  if (input.mode !== 'CUSTOM_RANGE') {
    if (from || to) {
      throw new ValidationError(from ? 'from' : 'to', 'Only CUSTOM_RANGE syncs take from/to');
    }
    return null;
  }
  if (!from) throw new ValidationError('from', 'A CUSTOM_RANGE sync needs `from`');
  if (!to) throw new ValidationError('to', 'A CUSTOM_RANGE sync needs `to`');
  if (Number.isNaN(from.getTime())) throw new ValidationError('from', '`from` is not a valid date');
  if (Number.isNaN(to.getTime())) throw new ValidationError('to', '`to` is not a valid date');
  if (from >= to) throw new ValidationError('from', '`from` must be before `to`');
  if (to.getTime() > now.getTime() + 60_000) {
    throw new ValidationError('to', '`to` is in the future');
  }
  const retention = RETENTION_DAYS[provider];
  if (retention !== null && from.getTime() < now.getTime() - retention * DAY_MS) {
    throw new ValidationError(
      'from',
      `${provider} keeps data for ${retention} days; \`from\` is older than that`,
    );
  }
  return { start: from, end: to };
}
