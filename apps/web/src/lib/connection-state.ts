import type { SyncJob } from '../graphql/results.ts';
import { isJobActive } from './labels.ts';
import { plural } from './plural.ts';

type StateConnection = { id: string; status: string; statusMessage: string | null };

/** What the user can do about a sync that did not finish cleanly. */
export type SyncAction = 'RESUME' | 'RETRY_FAILED' | 'SYNC_AGAIN' | 'RECONNECT';

export type ConnectionSyncState =
  | { kind: 'idle'; job: SyncJob | null }
  | { kind: 'syncing'; job: SyncJob }
  | {
      kind: 'problem';
      job: SyncJob | null;
      /** error: it failed; warn: part of it failed; neutral: it was stopped on purpose. */
      tone: 'error' | 'warn' | 'neutral';
      title: string;
      reason: string | null;
      action: SyncAction;
    };

const recency = (job: SyncJob) => Date.parse(job.createdAt) || 0;

/**
 * The one reading of a connection's sync state that its card, the badge and the job page share:
 * derived from the same job fields (status, chunk counts, error) the live feed updates. The
 * newest run decides; a phase cancelled because the phase before it failed shows that failure.
 */
export function connectionSyncState(
  connection: StateConnection,
  jobs: readonly SyncJob[],
): ConnectionSyncState {
  const own = jobs.filter((job) => job.connection.id === connection.id);
  const active = own
    .filter((job) => isJobActive(job.status))
    .sort((a, b) => recency(b) - recency(a));
  if (active[0]) return { kind: 'syncing', job: active[0] };
  // Phases of one run are created together: the earliest failing phase of the newest run.
  const newest = [...own].sort((a, b) => recency(b) - recency(a) || phaseOrder(a) - phaseOrder(b));
  let job = newest[0];
  if (job?.previousPhase && job.previousPhase.status !== 'SUCCEEDED') {
    job = own.find((j) => j.id === job!.previousPhase!.id) ?? job;
  }
  if (connection.status === 'NEEDS_REAUTH') {
    return {
      kind: 'problem',
      job: job ?? null,
      tone: 'error',
      title: 'Sign-in expired',
      reason: connection.statusMessage ?? 'The provider no longer accepts this connection’s token.',
      action: 'RECONNECT',
    };
  }
  if (!job) return { kind: 'idle', job: null };
  switch (job.status) {
    case 'FAILED':
      return {
        kind: 'problem',
        job,
        tone: 'error',
        title: 'Last sync failed',
        reason: job.error,
        action: 'SYNC_AGAIN',
      };
    case 'COMPLETED_WITH_ERRORS':
      return {
        kind: 'problem',
        job,
        tone: 'warn',
        title: `Last sync finished with ${plural(job.chunkCounts.failed, 'failed chunk')}`,
        reason: job.error,
        action: 'RETRY_FAILED',
      };
    case 'CANCELLED':
      return {
        kind: 'problem',
        job,
        tone: 'neutral',
        title: 'Last sync was cancelled',
        reason: 'It stopped after its last saved page and can continue from there.',
        action: 'RESUME',
      };
    default:
      return { kind: 'idle', job };
  }
}

function phaseOrder(job: SyncJob): number {
  return job.phase === 'RECENT' ? 0 : job.phase === 'HISTORICAL' ? 1 : 2;
}
