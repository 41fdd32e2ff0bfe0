import type { SyncJobStatus } from '../generated/graphql.ts';
import type { SyncJob } from '../graphql/results.ts';
import { jobPercent } from './job-percent.ts';

export type PhaseState = { jobId: string | null; status: SyncJobStatus; percent: number } | null;

type PhaseJob = Pick<SyncJob, 'id' | 'phase' | 'status' | 'startedAt' | 'createdAt'> & {
  connection: { id: string };
  progress: { percent: number };
};

type PhaseConnection = { id: string; recentComplete?: boolean; historicalComplete?: boolean };

function recency(job: PhaseJob): number {
  return Date.parse(job.createdAt ?? job.startedAt ?? '') || 0;
}

/**
 * Phase 1 (recent 90 days) and phase 2 (history) of a connection: its newest job of each
 * phase, or a finished phase the connection reports whose job is no longer in the list.
 */
export function phaseProgress(
  connection: PhaseConnection,
  jobs: readonly PhaseJob[],
): { recent: PhaseState; historical: PhaseState } {
  const latest = (phase: SyncJob['phase'], complete: boolean | undefined): PhaseState => {
    const candidates = jobs
      .filter((job) => job.connection.id === connection.id && job.phase === phase)
      .sort((a, b) => recency(b) - recency(a));
    const job = candidates[0];
    if (!job) return complete ? { jobId: null, status: 'SUCCEEDED', percent: 100 } : null;
    return { jobId: job.id, status: job.status, percent: jobPercent(job) };
  };
  return {
    recent: latest('RECENT', connection.recentComplete),
    historical: latest('HISTORICAL', connection.historicalComplete),
  };
}
