import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { JobTable } from '../components/JobTable.tsx';
import { LineChart } from '../components/LineChart.tsx';
import { ProblemConnections } from '../components/ProblemConnections.tsx';
import { StatCard } from '../components/StatCard.tsx';
import type {
  JobHistoryQuery,
  JobHistoryQueryVariables,
  SyncJobStatus,
} from '../generated/graphql.ts';
import { JOB_HISTORY_QUERY } from '../graphql/queries.ts';
import { useActivity } from '../lib/activity.tsx';
import { formatCompact, formatDuration, formatPercent, formatRate } from '../lib/format.ts';
import { friendlyRequestError } from '../lib/friendly-error.ts';
import { JOB_STATUS_LABELS } from '../lib/labels.ts';
import { navigate, routePath } from '../lib/router.ts';
import { statsOverTime, summarizeJobs } from '../lib/sync-stats.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

const STATUSES = Object.keys(JOB_STATUS_LABELS) as SyncJobStatus[];

const timeLabel = (ms: number) =>
  new Date(ms).toLocaleString('en-US', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

export function HistoryPage({ connectionId }: { connectionId: string | null }) {
  usePageTitle('Sync history');
  const [status, setStatus] = useState<SyncJobStatus | ''>('');
  const { revision, jobs: liveJobs } = useActivity();
  const [result, refetch] = useQuery<JobHistoryQuery, JobHistoryQueryVariables>({
    query: JOB_HISTORY_QUERY,
    variables: { connectionId, status: status ? [status] : null, first: 100 },
  });
  useEffect(() => {
    if (revision > 0) refetch({ requestPolicy: 'network-only' });
  }, [revision, refetch]);

  const connections = result.data?.connections.edges.map((edge) => edge.node) ?? [];
  // Running rows tick with the live feed, as cards and the badge do; the query fills the rest.
  const jobs = (result.data?.syncJobs.edges.map((edge) => edge.node) ?? []).map(
    (job) => liveJobs.get(job.id) ?? job,
  );
  const summary = summarizeJobs(jobs);
  const series = statsOverTime(jobs);

  return (
    <section className="page" aria-labelledby="history-title">
      <div className="page__head">
        <h1 id="history-title">Sync history</h1>
        <div className="filters">
          <label>
            Connection
            <select
              value={connectionId ?? ''}
              onChange={(event) =>
                navigate(routePath({ name: 'history', connectionId: event.target.value || null }), {
                  replace: true,
                })
              }
            >
              <option value="">All connections</option>
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.displayName}
                </option>
              ))}
            </select>
          </label>
          <label>
            Status
            <select
              value={status}
              onChange={(event) => setStatus(event.target.value as SyncJobStatus | '')}
            >
              <option value="">Any status</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {JOB_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <ErrorNote message={friendlyRequestError(result.error)} />
      <div className="stats">
        <StatCard
          label="Success rate"
          value={summary.successRate === null ? '—' : formatPercent(summary.successRate * 100)}
          testId="stat-success-rate"
        />
        <StatCard
          label="Average duration"
          value={formatDuration(summary.averageDurationMs)}
          testId="stat-duration"
        />
        <StatCard
          label="Records per sync"
          value={formatCompact(summary.averageRecords)}
          testId="stat-records"
        />
        <StatCard
          label="Throughput"
          value={formatRate(summary.throughputPerSecond)}
          testId="stat-throughput"
        />
      </div>
      <div className="charts">
        <LineChart
          title="Success rate"
          points={series.map((p) => ({
            x: p.start,
            y: p.successRate === null ? null : p.successRate * 100,
          }))}
          formatY={(v) => formatPercent(v)}
          formatX={timeLabel}
          maxY={100}
        />
        <LineChart
          title="Average duration"
          points={series.map((p) => ({ x: p.start, y: p.averageDurationMs }))}
          formatY={(v) => formatDuration(v)}
          formatX={timeLabel}
        />
        <LineChart
          title="Records per sync"
          points={series.map((p) => ({ x: p.start, y: p.averageRecords }))}
          formatY={(v) => formatCompact(v)}
          formatX={timeLabel}
        />
        <LineChart
          title="Throughput"
          points={series.map((p) => ({ x: p.start, y: p.throughputPerSecond }))}
          formatY={(v) => formatRate(v)}
          formatX={timeLabel}
        />
      </div>
      {!connectionId && (
        <ProblemConnections problems={result.data?.syncStats.problemConnections ?? []} />
      )}
      <h2>Syncs</h2>
      {result.fetching && !result.data ? (
        <p className="muted">Loading…</p>
      ) : (
        <JobTable jobs={jobs} label="Syncs" />
      )}
    </section>
  );
}
