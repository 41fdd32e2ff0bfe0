import type { SyncJob } from '../graphql/results.ts';
import { useActivity } from '../lib/activity.tsx';
import { formatEta, formatPercent } from '../lib/format.ts';
import { jobPercent } from '../lib/job-percent.ts';
import { PHASE_LABELS } from '../lib/labels.ts';
import { navigate, routePath } from '../lib/router.ts';

/**
 * Header badge while any job runs (queued jobs are not counted: nothing happens to them yet);
 * hover shows each job's percent and time left, click opens the running job furthest from done.
 */
export function ActivityBadge() {
  const { runningJobs } = useActivity();
  if (runningJobs.length === 0) return null;
  const summary = runningJobs
    .map(
      (job) =>
        `${job.connection.displayName} · ${PHASE_LABELS[job.phase]}: ${formatPercent(jobPercent(job))}, ${formatEta(job.progress.etaSeconds)}`,
    )
    .join('\n');
  const target = [...runningJobs].sort((a, b) => jobPercent(a) - jobPercent(b))[0]!;
  const overall = runningJobs.reduce((sum, job) => sum + jobPercent(job), 0) / runningJobs.length;
  const eta = latestEta(runningJobs);
  // Its name is what it shows (WCAG 2.5.3), "Syncing 2 40% about 3 min left"; the title,
  // each job's line, is its description.
  return (
    <button
      type="button"
      className="badge"
      title={summary}
      data-testid="activity-badge"
      data-count={runningJobs.length}
      onClick={() => navigate(routePath({ name: 'job', id: target.id }))}
    >
      <span className="badge__spinner" aria-hidden="true" />
      <span>Syncing {runningJobs.length}</span>
      <span className="badge__percent num">{formatPercent(overall)}</span>
      <span className="badge__eta" data-testid="activity-badge-eta">
        {formatEta(eta)}
      </span>
    </button>
  );
}

/** Everything running is done when the last job is: the longest known ETA. */
function latestEta(jobs: SyncJob[]): number | null {
  const known = jobs.map((job) => job.progress.etaSeconds).filter((s): s is number => s != null);
  return known.length === 0 ? null : Math.max(...known);
}
