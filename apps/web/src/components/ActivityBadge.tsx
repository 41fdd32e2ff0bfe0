import { useActivity } from '../lib/activity.tsx';
import { formatPercent } from '../lib/format.ts';
import { jobPercent } from '../lib/job-percent.ts';
import { PHASE_LABELS } from '../lib/labels.ts';
import { navigate, routePath } from '../lib/router.ts';

/** Header badge while any job runs; hover shows each job's percent, click opens the busiest. */
export function ActivityBadge() {
  const { activeJobs } = useActivity();
  if (activeJobs.length === 0) return null;
  const summary = activeJobs
    .map(
      (job) =>
        `${job.connection.displayName} · ${PHASE_LABELS[job.phase]}: ${formatPercent(jobPercent(job))}`,
    )
    .join('\n');
  // Open the job furthest from done: it is the one worth watching.
  const target = [...activeJobs].sort((a, b) => jobPercent(a) - jobPercent(b))[0]!;
  const overall = activeJobs.reduce((sum, job) => sum + jobPercent(job), 0) / activeJobs.length;
  return (
    <button
      type="button"
      className="badge"
      title={summary}
      aria-label={`${activeJobs.length} sync${activeJobs.length === 1 ? '' : 's'} running, ${formatPercent(overall)}. Open details.`}
      data-testid="activity-badge"
      onClick={() => navigate(routePath({ name: 'job', id: target.id }))}
    >
      <span className="badge__spinner" aria-hidden="true" />
      <span>Syncing {activeJobs.length}</span>
      <span className="badge__percent num">{formatPercent(overall)}</span>
    </button>
  );
}
