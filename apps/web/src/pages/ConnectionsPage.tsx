import { useCallback, useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ConnectAccountDialog } from '../components/ConnectAccountDialog.tsx';
import { ConnectionCard } from '../components/ConnectionCard.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { InitialSyncModal } from '../components/InitialSyncModal.tsx';
import { ReconnectDialog } from '../components/ReconnectDialog.tsx';
import type {
  ConnectionsQuery,
  ConnectionsQueryVariables,
  ResumeSyncMutation,
  ResumeSyncMutationVariables,
  RetryFailedChunksMutation,
  RetryFailedChunksMutationVariables,
  StartSyncMutation,
  StartSyncMutationVariables,
  SyncAllMutation,
  SyncAllMutationVariables,
  SyncJobQuery,
  SyncJobQueryVariables,
} from '../generated/graphql.ts';
import {
  RESUME_SYNC_MUTATION,
  RETRY_FAILED_CHUNKS_MUTATION,
  START_SYNC_MUTATION,
  SYNC_ALL_MUTATION,
} from '../graphql/mutations.ts';
import { CONNECTIONS_QUERY, SYNC_JOB_QUERY } from '../graphql/queries.ts';
import type { Connection, SyncJob } from '../graphql/results.ts';
import { useActivity } from '../lib/activity.tsx';
import { connectionSyncState, type SyncAction } from '../lib/connection-state.ts';
import { friendlyRequestError } from '../lib/friendly-error.ts';
import { mutationOutcome } from '../lib/mutation-outcome.ts';
import { clearPendingOAuthOutcome, pendingOAuthOutcome } from '../lib/oauth-return.ts';
import { phaseProgress } from '../lib/phase-progress.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

export function ConnectionsPage() {
  usePageTitle('Connections');
  const { jobs: liveJobs, revision } = useActivity();
  const [result, refetch] = useQuery<ConnectionsQuery, ConnectionsQueryVariables>({
    query: CONNECTIONS_QUERY,
  });
  const [, startSync] = useMutation<StartSyncMutation, StartSyncMutationVariables>(
    START_SYNC_MUTATION,
  );
  const [, syncAll] = useMutation<SyncAllMutation, SyncAllMutationVariables>(SYNC_ALL_MUTATION);
  const [, resumeSync] = useMutation<ResumeSyncMutation, ResumeSyncMutationVariables>(
    RESUME_SYNC_MUTATION,
  );
  const [, retryFailed] = useMutation<
    RetryFailedChunksMutation,
    RetryFailedChunksMutationVariables
  >(RETRY_FAILED_CHUNKS_MUTATION);
  const [acting, setActing] = useState(false);
  const [connecting, setConnecting] = useState(false);
  const [initialJob, setInitialJob] = useState<SyncJob | null>(null);
  const [reconnecting, setReconnecting] = useState<Connection | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);

  // Back from a provider's sign-in: show the new connection's phase 1, or what went wrong.
  const [oauth] = useState(pendingOAuthOutcome);
  const oauthJobId = oauth?.kind === 'connected' ? oauth.jobId : null;
  const [oauthJob] = useQuery<SyncJobQuery, SyncJobQueryVariables>({
    query: SYNC_JOB_QUERY,
    variables: { id: oauthJobId ?? '' },
    pause: oauthJobId === null,
  });
  // Signed in without an account: the connect dialog opens on the accounts to pick from.
  const [signIn, setSignIn] = useState(() =>
    oauth?.kind === 'signed-in' ? { grant: oauth.signIn, provider: oauth.provider } : null,
  );
  useEffect(() => {
    if (!oauth) return;
    clearPendingOAuthOutcome();
    if (oauth.kind === 'error') setError(oauth.message);
    else if (oauth.kind === 'connected' && oauth.reauthorized)
      setNotice('The connection is signed in again and active.');
  }, [oauth]);
  const oauthJobData = oauthJob.data?.syncJob ?? null;
  const [oauthJobShown, setOauthJobShown] = useState(false);
  useEffect(() => {
    if (!oauthJobData || oauthJobShown) return;
    setOauthJobShown(true);
    setInitialJob(oauthJobData);
  }, [oauthJobData, oauthJobShown]);
  // Status changes and finished phases move last/next sync times: refetch then, not on ticks.
  useEffect(() => {
    if (revision > 0) reload();
  }, [revision, reload]);

  const connections = result.data?.connections.edges.map((edge) => edge.node) ?? [];
  const jobs = mergeJobs(result.data?.syncJobs.edges.map((edge) => edge.node) ?? [], liveJobs);

  const onSyncNow = async (connection: Connection) => {
    setError(null);
    const hasInitial =
      connection.recentComplete ||
      jobs.some((job) => job.connection.id === connection.id && job.phase === 'RECENT');
    const outcome = mutationOutcome<SyncJob>(
      await startSync({
        input: { connectionId: connection.id, mode: hasInitial ? 'INCREMENTAL' : 'INITIAL' },
      }),
      'startSync',
      'job',
    );
    if (!outcome.ok) setError(`${connection.displayName}: ${outcome.message}`);
    reload();
  };

  // What a card offers for a sync that did not finish cleanly.
  const onAction = async (connection: Connection, action: SyncAction, job: SyncJob) => {
    if (action === 'RECONNECT') {
      setReconnecting(connection);
      return;
    }
    setError(null);
    setActing(true);
    const outcome =
      action === 'RESUME'
        ? mutationOutcome<SyncJob>(await resumeSync({ jobId: job.id }), 'resumeSync', 'job')
        : action === 'RETRY_FAILED'
          ? mutationOutcome<SyncJob>(
              await retryFailed({ jobId: job.id }),
              'retryFailedChunks',
              'job',
            )
          : mutationOutcome<SyncJob>(
              await startSync({ input: { connectionId: connection.id, mode: job.mode } }),
              'startSync',
              'job',
            );
    setActing(false);
    if (!outcome.ok) setError(`${connection.displayName}: ${outcome.message}`);
    reload();
  };

  const onSyncAll = async () => {
    setError(null);
    const outcome = mutationOutcome<SyncJob[]>(
      await syncAll({ input: { mode: 'INCREMENTAL' } }),
      'syncAll',
      'jobs',
    );
    if (outcome.ok) {
      setNotice(`Started ${outcome.value.length} sync${outcome.value.length === 1 ? '' : 's'}.`);
    } else setError(outcome.message);
    reload();
  };

  return (
    <section className="page" aria-labelledby="connections-title">
      <div className="page__head">
        <h1 id="connections-title">Connections</h1>
        <div className="page__actions">
          <button
            type="button"
            className="button"
            onClick={onSyncAll}
            disabled={connections.length === 0}
          >
            Sync all
          </button>
          <button
            type="button"
            className="button button--primary"
            onClick={() => setConnecting(true)}
          >
            Connect account
          </button>
        </div>
      </div>
      <ErrorNote message={error ?? friendlyRequestError(result.error)} />
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      {result.fetching && !result.data && <p className="muted">Loading connections…</p>}
      {result.data && connections.length === 0 && (
        <div className="card empty">
          <p>No accounts connected yet.</p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => setConnecting(true)}
          >
            Connect your first account
          </button>
        </div>
      )}
      <div className="grid">
        {connections.map((connection) => (
          <ConnectionCard
            key={connection.id}
            connection={connection}
            phases={phaseProgress(connection, jobs)}
            state={connectionSyncState(connection, jobs)}
            busy={acting}
            onAction={(action, job) => void onAction(connection, action, job)}
            onSyncNow={() => void onSyncNow(connection)}
            onReconnect={() => setReconnecting(connection)}
          />
        ))}
      </div>
      {(connecting || signIn) && (
        <ConnectAccountDialog
          signIn={signIn}
          onClose={() => {
            setConnecting(false);
            setSignIn(null);
          }}
          onConnected={(connection, job) => {
            setConnecting(false);
            setSignIn(null);
            setInitialJob(job);
            if (!job) setNotice(`${connection.displayName} is connected.`);
            reload();
          }}
        />
      )}
      {reconnecting && (
        <ReconnectDialog
          connection={reconnecting}
          onClose={() => setReconnecting(null)}
          onReconnected={() => {
            setReconnecting(null);
            setNotice(`${reconnecting.displayName} is reconnected.`);
            reload();
          }}
        />
      )}
      {initialJob && (
        <InitialSyncModal
          job={initialJob}
          onClose={() => {
            setInitialJob(null);
            reload();
          }}
        />
      )}
    </section>
  );
}

/** Query results overlaid with live copies from the activity stream, plus jobs only seen live. */
function mergeJobs(queried: SyncJob[], live: ReadonlyMap<string, SyncJob>): SyncJob[] {
  const byId = new Map(queried.map((job) => [job.id, job]));
  for (const [id, job] of live) byId.set(id, job);
  return [...byId.values()];
}
