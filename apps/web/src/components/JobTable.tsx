import type { SyncJob } from '../graphql/results.ts';
import { formatCount, formatDateTime, formatDuration, formatPercent } from '../lib/format.ts';
import { jobPercent } from '../lib/job-percent.ts';
import { PHASE_LABELS } from '../lib/labels.ts';
import { routePath } from '../lib/router.ts';
import { JobStatusPill } from './JobStatusPill.tsx';
import { Link } from './Link.tsx';

/** Syncs as rows; `label` names the table for screen readers (the heading above it). */
export function JobTable({ jobs, label }: { jobs: SyncJob[]; label: string }) {
  if (jobs.length === 0) return <p className="muted">No syncs match these filters.</p>;
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Connection</th>
            <th scope="col">Phase</th>
            <th scope="col">Status</th>
            <th scope="col" className="right">
              Progress
            </th>
            <th scope="col" className="right">
              Records
            </th>
            <th scope="col" className="right">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <td>
                <Link href={routePath({ name: 'job', id: job.id })}>
                  {formatDateTime(job.startedAt ?? job.createdAt)}
                </Link>
              </td>
              <td>{job.connection.displayName}</td>
              <td>{PHASE_LABELS[job.phase]}</td>
              <td>
                <JobStatusPill status={job.status} />
              </td>
              <td className="right num">{formatPercent(jobPercent(job))}</td>
              <td className="right num">{formatCount(job.progress.itemsProcessed)}</td>
              <td className="right num">
                {job.startedAt && job.finishedAt
                  ? formatDuration(Date.parse(job.finishedAt) - Date.parse(job.startedAt))
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
