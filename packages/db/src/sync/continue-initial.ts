import type { PoolClient } from '../pool.ts';
import type { SyncControlDeps } from './deps.ts';
import type { JobRow } from './load-job.ts';
import { rearmJob } from './rearm-job.ts';

/** Statuses of a phase that stopped before it read everything it was meant to. */
const UNFINISHED = ['FAILED', 'CANCELLED', 'COMPLETED_WITH_ERRORS'];

/**
 * "Sync now" on a connection whose INITIAL sync did not finish continues that sync instead of
 * starting an INCREMENTAL on top of a history that would never fill: its unfinished phases
 * (failed at planning, cancelled, or with failed chunks) run again from their checkpoints, a
 * phase cancelled because the one before it stopped waits for it again. Null when the latest
 * INITIAL (or a FULL_RESYNC after it) finished, or there is none. Runs inside startSync's
 * transaction, with the connection row locked.
 */
export async function continueUnfinishedInitial(
  tx: PoolClient,
  deps: SyncControlDeps,
  connectionId: string,
): Promise<{ id: string } | null> {
  // The newest full read of the account decides: an INITIAL superseded by a FULL_RESYNC is done.
  const { rows: roots } = await tx.query<{ id: string; mode: string }>(
    `SELECT id, mode FROM sync_jobs
      WHERE connection_id = $1 AND phase = 'RECENT' AND mode IN ('INITIAL', 'FULL_RESYNC')
      ORDER BY created_at DESC LIMIT 1`,
    [connectionId],
  );
  const root = roots[0];
  if (root?.mode !== 'INITIAL') return null;
  const { rows: phases } = await tx.query<JobRow & { previous_phase_id: string | null }>(
    `SELECT id, workspace_id, connection_id, status, stage, phase, priority, previous_phase_id
       FROM sync_jobs WHERE root_job_id = $1 ORDER BY priority DESC FOR UPDATE`,
    [root.id],
  );
  const recent = phases.find((p) => p.phase === 'RECENT');
  const historical = phases.find((p) => p.phase === 'HISTORICAL');
  const toRearm: JobRow[] = [];
  if (recent && UNFINISHED.includes(recent.status)) {
    toRearm.push(recent);
    // A HISTORICAL cancelled only because RECENT stopped is re-armed with it (rearmJob) and
    // waits for it; one that ran and ended unfinished itself continues alongside.
    if (historical && historical.status !== 'CANCELLED' && UNFINISHED.includes(historical.status))
      toRearm.push(historical);
  } else if (historical && UNFINISHED.includes(historical.status)) {
    toRearm.push(historical);
  }
  const first = toRearm[0];
  if (!first) return null;
  for (const job of toRearm) {
    await rearmJob(
      tx,
      deps,
      job,
      ['FAILED', 'CANCELLED'],
      `Sync now: continuing the unfinished initial sync (${job.phase === 'RECENT' ? 'recent data' : 'history'}) from its checkpoints`,
    );
  }
  return { id: first.id };
}
