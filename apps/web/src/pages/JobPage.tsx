import { useEffect, useState } from 'react';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import { ActivityLog } from '../components/ActivityLog.tsx';
import { ChunkTimeline } from '../components/ChunkTimeline.tsx';
import { ErrorExplanation } from '../components/ErrorExplanation.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { FailedChunks } from '../components/FailedChunks.tsx';
import { JobStatusPill } from '../components/JobStatusPill.tsx';
import { Link } from '../components/Link.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { ProgressCounts } from '../components/ProgressCounts.tsx';
import type {
  CancelSyncMutation,
  CancelSyncMutationVariables,
  JobEventsQuery,
  JobEventsQueryVariables,
  JobQuery,
  JobQueryVariables,
  ResumeSyncMutation,
  ResumeSyncMutationVariables,
  RetryFailedChunksMutation,
  RetryFailedChunksMutationVariables,
  StartSyncMutation,
  StartSyncMutationVariables,
  SyncProgressSubscription,
  SyncProgressSubscriptionVariables,
} from '../generated/graphql.ts';
import {
  CANCEL_SYNC_MUTATION,
  RESUME_SYNC_MUTATION,
  RETRY_FAILED_CHUNKS_MUTATION,
  START_SYNC_MUTATION,
} from '../graphql/mutations.ts';
import { JOB_EVENTS_QUERY, JOB_QUERY } from '../graphql/queries.ts';
import type { SyncEvent, SyncJob } from '../graphql/results.ts';
import { SYNC_PROGRESS_SUBSCRIPTION } from '../graphql/subscriptions.ts';
import { useActivity } from '../lib/activity.tsx';
import { formatDateTime, formatDuration, formatPercent } from '../lib/format.ts';
import { friendlyRequestError } from '../lib/friendly-error.ts';
import { jobPercent } from '../lib/job-percent.ts';
import { isJobActive, jobTone, PHASE_LABELS, PROVIDER_LABELS } from '../lib/labels.ts';
import { mergeEvents } from '../lib/merge-events.ts';
import { mutationOutcome } from '../lib/mutation-outcome.ts';
import { navigate, routePath } from '../lib/router.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useThrottled } from '../lib/use-throttled.ts';

export function JobPage({ jobId }: { jobId: string }) {
  const [result, refetch] = useQuery<JobQuery, JobQueryVariables>({
    query: JOB_QUERY,
    variables: { id: jobId },
  });
  const [liveEvents, setLiveEvents] = useState<SyncEvent[]>([]);
  // Pages of older activity the user asked for (the query holds the newest page).
  const [older, setOlder] = useState<{
    loaded: boolean;
    events: SyncEvent[];
    cursor: string | null;
    hasMore: boolean;
  }>({ loaded: false, events: [], cursor: null, hasMore: false });
  const client = useClient();
  const [liveJob, setLiveJob] = useState<SyncJob | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [, cancelSync] = useMutation<CancelSyncMutation, CancelSyncMutationVariables>(
    CANCEL_SYNC_MUTATION,
  );
  const [, resumeSync] = useMutation<ResumeSyncMutation, ResumeSyncMutationVariables>(
    RESUME_SYNC_MUTATION,
  );
  const [, retryFailed] = useMutation<
    RetryFailedChunksMutation,
    RetryFailedChunksMutationVariables
  >(RETRY_FAILED_CHUNKS_MUTATION);
  const [, startSync] = useMutation<StartSyncMutation, StartSyncMutationVariables>(
    START_SYNC_MUTATION,
  );
  const reload = useThrottled(() => refetch({ requestPolicy: 'network-only' }), 1500);

  useSubscription<
    SyncProgressSubscription,
    SyncProgressSubscription,
    SyncProgressSubscriptionVariables
  >({ query: SYNC_PROGRESS_SUBSCRIPTION, variables: { jobId } }, (_previous, data) => {
    const { job, ...event } = data.syncProgress;
    setLiveJob(job);
    // The stored copy (next load) carries when a wait ends; the live one bridges until then.
    setLiveEvents((events) => [{ ...event, resumesAt: null }, ...events].slice(0, 200));
    reload();
    return data;
  });

  // Another job of this connection finishing can unblock "Retry failed": reload on activity.
  const { revision } = useActivity();
  useEffect(() => {
    if (revision > 0) reload();
  }, [revision, reload]);

  // A fresh load holds every event so far; live ones only bridge the gap to the next load.
  useEffect(() => {
    if (result.data) setLiveEvents([]);
  }, [result.data]);

  const detail = result.data?.syncJob;
  usePageTitle(
    detail ? `${PHASE_LABELS[detail.phase]} · ${detail.connection.displayName}` : 'Sync job',
  );
  if (result.fetching && !detail) return <p className="page muted">Loading the job…</p>;
  if (!detail) {
    return (
      <section className="page">
        <h1>Sync job</h1>
        <ErrorNote
          message={friendlyRequestError(result.error) ?? 'This sync job does not exist.'}
        />
        <Link href="/">Back to connections</Link>
      </section>
    );
  }
  // The live copy is newer than the query until the next refetch lands.
  const job: SyncJob = liveJob && isNewer(liveJob, detail) ? liveJob : detail;
  const chunks = detail.chunks.edges.map((edge) => edge.node);
  const events = mergeEvents(liveEvents, [
    ...detail.events.edges.map((edge) => edge.node),
    ...older.events,
  ]);
  const olderCursor = older.cursor ?? (older.loaded ? null : detail.events.pageInfo.endCursor);
  const hasOlder = older.loaded ? older.hasMore : detail.events.pageInfo.hasNextPage;
  const loadOlder = async () => {
    const page = await client
      .query<JobEventsQuery, JobEventsQueryVariables>(JOB_EVENTS_QUERY, {
        id: jobId,
        after: olderCursor,
      })
      .toPromise();
    const connection = page.data?.syncJob?.events;
    if (!connection) return;
    setOlder((current) => ({
      loaded: true,
      events: [...current.events, ...connection.edges.map((edge) => edge.node)],
      cursor: connection.pageInfo.endCursor,
      hasMore: connection.pageInfo.hasNextPage,
    }));
  };
  const active = isJobActive(job.status);
  // The engine runs one sync per connection at a time; retrying waits for the other to end.
  const otherActive = detail.connection.activeJob;
  const blockedBy = otherActive && otherActive.id !== job.id ? otherActive : null;
  const failedCount = Math.max(
    job.chunkCounts.failed,
    chunks.filter((c) => c.status === 'FAILED').length,
  );

  const act = async (
    run: typeof cancelSync | typeof resumeSync | typeof retryFailed,
    mutation: string,
  ) => {
    setBusy(true);
    setActionError(null);
    const outcome = mutationOutcome<SyncJob>(await run({ jobId }), mutation, 'job');
    setBusy(false);
    if (outcome.ok) setLiveJob(outcome.value);
    else setActionError(outcome.message);
    refetch({ requestPolicy: 'network-only' });
  };

  // A failed job (e.g. planning failed) cannot resume; a new sync of the same mode can.
  const syncAgain = async () => {
    setBusy(true);
    setActionError(null);
    const outcome = mutationOutcome<SyncJob>(
      await startSync({ input: { connectionId: job.connection.id, mode: job.mode } }),
      'startSync',
      'job',
    );
    setBusy(false);
    if (outcome.ok) navigate(routePath({ name: 'job', id: outcome.value.id }));
    else setActionError(outcome.message);
  };

  const duration =
    job.startedAt && (job.finishedAt || active)
      ? Date.parse(job.finishedAt ?? new Date().toISOString()) - Date.parse(job.startedAt)
      : null;

  return (
    <section className="page" aria-labelledby="job-title">
      <p className="small">
        <Link href="/">Connections</Link> ›{' '}
        <Link href={routePath({ name: 'history', connectionId: job.connection.id })}>
          {job.connection.displayName}
        </Link>
      </p>
      <div className="page__head">
        <div>
          <h1 id="job-title">
            {PHASE_LABELS[job.phase]} <JobStatusPill status={job.status} />
          </h1>
          <p className="muted small">
            {PROVIDER_LABELS[job.connection.provider]} · {job.mode.toLowerCase().replace('_', ' ')}{' '}
            · started {formatDateTime(job.startedAt)} · {formatDuration(duration)}
          </p>
        </div>
        <div className="page__actions">
          {active && (
            <button
              type="button"
              className="button"
              disabled={busy || job.status === 'CANCELLING'}
              onClick={() => void act(cancelSync, 'cancelSync')}
            >
              {job.status === 'CANCELLING' ? 'Cancelling…' : 'Cancel'}
            </button>
          )}
          {job.status === 'CANCELLED' && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void act(resumeSync, 'resumeSync')}
            >
              Resume
            </button>
          )}
          {job.status === 'FAILED' && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void syncAgain()}
            >
              Sync again
            </button>
          )}
          {failedCount > 0 && !active && (
            <button
              type="button"
              className="button button--primary"
              disabled={busy || blockedBy !== null}
              aria-describedby={blockedBy ? 'retry-blocked' : undefined}
              onClick={() => void act(retryFailed, 'retryFailedChunks')}
            >
              Retry failed
            </button>
          )}
        </div>
      </div>
      <ErrorNote message={actionError} />
      {failedCount > 0 && !active && blockedBy && (
        <p id="retry-blocked" className="small muted">
          Failed chunks can be retried once the connection’s running sync finishes:{' '}
          <Link href={routePath({ name: 'job', id: blockedBy.id })}>
            {PHASE_LABELS[blockedBy.phase]}
          </Link>
          .
        </p>
      )}
      {job.error && (
        <div
          className={job.status === 'CANCELLED' ? 'neutral-note' : 'error-note'}
          data-testid="job-error"
        >
          <ErrorExplanation message={job.error} provider={job.connection.provider} />
        </div>
      )}

      <div className="card">
        <div className="initial-sync__bar">
          <ProgressBar percent={jobPercent(job)} label="Job progress" tone={jobTone(job.status)} />
          <span className="num initial-sync__percent" data-testid="job-percent">
            {formatPercent(jobPercent(job))}
          </span>
        </div>
        {active && (
          <p className="activity-line" aria-live="polite">
            <span className="activity-line__what">
              {job.progress.currentActivity ?? 'Waiting for a worker…'}
            </span>
            <span className="activity-line__item">{job.progress.currentItemLabel ?? ''}</span>
          </p>
        )}
        <ProgressCounts progress={job.progress} showEta={active} />
        <p className="small muted num" data-testid="chunk-summary">
          Chunks: {job.chunkCounts.succeeded}/{job.chunkCounts.total} done ·{' '}
          {job.chunkCounts.running} running · {job.chunkCounts.rateLimited} rate-limited ·{' '}
          {job.chunkCounts.failed} failed
          {job.chunkCounts.cancelled > 0 ? ` · ${job.chunkCounts.cancelled} cancelled` : ''}
        </p>
        {(job.previousPhase || job.nextPhase) && (
          <p className="small">
            {job.previousPhase && (
              <Link href={routePath({ name: 'job', id: job.previousPhase.id })}>
                ← Previous phase
              </Link>
            )}{' '}
            {job.nextPhase && (
              <Link href={routePath({ name: 'job', id: job.nextPhase.id })}>Next phase →</Link>
            )}
          </p>
        )}
      </div>

      <h2>Chunks</h2>
      <div className="card">
        <ChunkTimeline chunks={chunks} counts={job.chunkCounts} />
      </div>
      {failedCount > 0 && (
        <>
          <h2>Failed chunks</h2>
          <div className="card">
            <FailedChunks chunks={chunks} />
          </div>
        </>
      )}
      <h2>Activity</h2>
      <div className="card">
        <ActivityLog events={events} hasOlder={hasOlder} onLoadOlder={() => void loadOlder()} />
      </div>
    </section>
  );
}

const STAGE: Record<string, number> = { PENDING: 0, RUNNING: 1, CANCELLING: 2 };

function isNewer(live: SyncJob, queried: SyncJob): boolean {
  const a = STAGE[live.status] ?? 3;
  const b = STAGE[queried.status] ?? 3;
  return a > b || (a === b && live.progress.itemsProcessed >= queried.progress.itemsProcessed);
}
