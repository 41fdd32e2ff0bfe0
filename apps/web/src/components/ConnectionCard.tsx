import type { Connection, SyncJob } from '../graphql/results.ts';
import type { ConnectionSyncState, SyncAction } from '../lib/connection-state.ts';
import { formatDateTime, formatRelative } from '../lib/format.ts';
import { CONNECTION_STATUS_LABELS, PROVIDER_LABELS } from '../lib/labels.ts';
import type { PhaseState } from '../lib/phase-progress.ts';
import { routePath } from '../lib/router.ts';
import { ErrorExplanation } from './ErrorExplanation.tsx';
import { Link } from './Link.tsx';
import { PhaseMeter } from './PhaseMeter.tsx';
import { StatusPill } from './StatusPill.tsx';

type Props = {
  connection: Connection;
  phases: { recent: PhaseState; historical: PhaseState };
  state: ConnectionSyncState;
  busy: boolean;
  onSyncNow: () => void;
  onReconnect: () => void;
  onAction: (action: SyncAction, job: SyncJob) => void;
};

const ACTION_LABELS: Record<SyncAction, string> = {
  RESUME: 'Resume',
  RETRY_FAILED: 'Retry failed',
  SYNC_AGAIN: 'Retry',
  RECONNECT: 'Reconnect',
};

const STATUS_TONES = { ACTIVE: 'ok', NEEDS_REAUTH: 'warn', DISABLED: 'muted' } as const;

export function ConnectionCard({
  connection,
  phases,
  state,
  busy,
  onSyncNow,
  onReconnect,
  onAction,
}: Props) {
  const headingId = `connection-${connection.id}`;
  const syncing = state.kind === 'syncing';
  const syncLabel = syncing ? 'Syncing…' : 'Sync now';
  return (
    <article className="card connection" aria-labelledby={headingId} data-testid="connection-card">
      <div className="connection__top">
        <div>
          <h2 id={headingId}>{connection.displayName}</h2>
          <p className="muted small">
            {PROVIDER_LABELS[connection.provider]} · {connection.externalAccountId}
            {connection.sandbox && ' · sandbox'}
          </p>
        </div>
        <StatusPill tone={STATUS_TONES[connection.status]}>
          {CONNECTION_STATUS_LABELS[connection.status]}
        </StatusPill>
      </div>
      {connection.statusMessage && connection.status === 'DISABLED' && (
        <p className="small warn-text">{connection.statusMessage}</p>
      )}
      {state.kind === 'problem' && (
        <div
          className={`card-problem card-problem--${state.tone}`}
          data-testid="connection-problem"
          data-tone={state.tone}
        >
          <p className="card-problem__title">{state.title}</p>
          {state.reason && (
            <div className="small">
              <ErrorExplanation message={state.reason} provider={connection.provider} />
            </div>
          )}
          <div className="card-problem__actions">
            {state.job && state.action !== 'RECONNECT' && (
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => onAction(state.action, state.job!)}
                aria-label={`${ACTION_LABELS[state.action]} ${connection.displayName}`}
              >
                {ACTION_LABELS[state.action]}
              </button>
            )}
            {state.job && (
              <Link href={routePath({ name: 'job', id: state.job.id })}>See what happened</Link>
            )}
          </div>
        </div>
      )}
      <dl className="connection__times small">
        <div>
          <dt>Last sync</dt>
          <dd title={formatDateTime(connection.lastSyncAt)}>
            {formatRelative(connection.lastSyncAt)}
          </dd>
        </div>
        <div>
          <dt>Next sync</dt>
          <dd title={formatDateTime(connection.nextSyncAt)}>
            {connection.nextSyncAt ? formatRelative(connection.nextSyncAt) : 'not scheduled'}
          </dd>
        </div>
      </dl>
      <PhaseMeter label="Phase 1 · recent 90 days" state={phases.recent} />
      <PhaseMeter label="Phase 2 · history" state={phases.historical} />
      <div className="connection__actions">
        {connection.status === 'NEEDS_REAUTH' && (
          <button
            type="button"
            className="button button--primary"
            onClick={onReconnect}
            aria-label={`Reconnect ${connection.displayName}`}
          >
            Reconnect
          </button>
        )}
        <button
          type="button"
          className="button"
          data-testid="sync-now"
          onClick={onSyncNow}
          disabled={syncing || connection.status !== 'ACTIVE'}
          // The visible words first, then whose (WCAG 2.5.3: the name contains the label).
          aria-label={`${syncLabel} ${connection.displayName}`}
        >
          {syncLabel}
        </button>
        <Link href={routePath({ name: 'history', connectionId: connection.id })}>History</Link>
        <Link
          href={routePath({ name: 'connection-settings', id: connection.id })}
          aria-label={`Settings for ${connection.displayName}`}
        >
          Settings
        </Link>
        <Link href={routePath({ name: 'records', connectionId: connection.id, stream: null })}>
          Records
        </Link>
      </div>
    </article>
  );
}
