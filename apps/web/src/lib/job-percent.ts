import type { SyncJobStatus } from '../generated/graphql.ts';
import { isJobActive } from './labels.ts';

/**
 * The percent to show for a job: a running job reads at most 99% (the API reaches 100 while
 * the last page is still being committed), a succeeded one always 100%.
 */
export function jobPercent(job: { status: SyncJobStatus; progress: { percent: number } }): number {
  if (job.status === 'SUCCEEDED') return 100;
  const percent = Number.isFinite(job.progress.percent) ? job.progress.percent : 0;
  return isJobActive(job.status) ? Math.min(percent, 99) : percent;
}
