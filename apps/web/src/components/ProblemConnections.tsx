import type { JobHistoryQuery } from '../generated/graphql.ts';
import { formatCount } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import { Link } from './Link.tsx';

export type ProblemConnection = JobHistoryQuery['syncStats']['problemConnections'][number];

/** The workspace's connections with the most failures (from the API's syncStats). */
export function ProblemConnections({ problems }: { problems: ProblemConnection[] }) {
  if (problems.length === 0) return null;
  return (
    <>
      <h2>Needs attention</h2>
      <ul className="card failed-list" aria-label="Connections with failures">
        {problems.map((problem) => (
          <li key={problem.connection.id} className="failed-list__item">
            <Link href={routePath({ name: 'history', connectionId: problem.connection.id })}>
              {problem.connection.displayName}
            </Link>{' '}
            <span className="muted small num">
              {formatCount(problem.failedJobs)} failed sync{problem.failedJobs === 1 ? '' : 's'} ·{' '}
              {formatCount(problem.failedChunks)} failed chunk
              {problem.failedChunks === 1 ? '' : 's'}
            </span>
            {problem.lastError && <p className="small">{problem.lastError}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}
