import type { SyncJob, SyncJobStatus } from '../graphql/types.ts';

export type PhaseState = { jobId: string; status: SyncJobStatus; percent: number } | null;

type PhaseJob = Pick<SyncJob, 'id' | 'phase' | 'status' | 'startedAt' | 'createdAt'> & {
  connection: { id: string };
  progress: { percent: number };
};

function recency(job: PhaseJob): number {
  return Date.parse(job.createdAt ?? job.startedAt ?? '') || 0;
}

/** Phase 1 (recent 90 days) and phase 2 (history) of a connection's latest initial sync. */
export function phaseProgress(
  connectionId: string,
  jobs: readonly PhaseJob[],
): { recent: PhaseState; historical: PhaseState } {
  const latest = (phase: SyncJob['phase']): PhaseState => {
    const candidates = jobs
      .filter((job) => job.connection.id === connectionId && job.phase === phase)
      .sort((a, b) => recency(b) - recency(a));
    const job = candidates[0];
    if (!job) return null;
    const percent = job.status === 'SUCCEEDED' ? 100 : job.progress.percent;
    return { jobId: job.id, status: job.status, percent };
  };
  return { recent: latest('RECENT'), historical: latest('HISTORICAL') };
}
