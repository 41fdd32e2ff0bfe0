import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Link } from '../components/Link.tsx';
import { Modal } from '../components/Modal.tsx';
import type {
  ConnectionQuery,
  ConnectionQueryVariables,
  DeleteConnectionMutation,
  DeleteConnectionMutationVariables,
  DisableConnectionMutation,
  DisableConnectionMutationVariables,
  EnableConnectionMutation,
  EnableConnectionMutationVariables,
  UpdateConnectionMutation,
  UpdateConnectionMutationVariables,
} from '../generated/graphql.ts';
import {
  DELETE_CONNECTION_MUTATION,
  DISABLE_CONNECTION_MUTATION,
  ENABLE_CONNECTION_MUTATION,
  UPDATE_CONNECTION_MUTATION,
} from '../graphql/mutations.ts';
import { CONNECTION_QUERY } from '../graphql/queries.ts';
import type { Connection } from '../graphql/results.ts';
import { CONNECTION_STATUS_LABELS, PROVIDER_LABELS, PROVIDER_STREAMS } from '../lib/labels.ts';
import { mutationOutcome } from '../lib/mutation-outcome.ts';
import { navigate } from '../lib/router.ts';
import { SCHEDULE_OFF, SCHEDULE_OPTIONS } from '../lib/schedules.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

/** One connection's settings: name, schedule, enable/disable, what it syncs, and delete. */
export function ConnectionSettingsPage({ id }: { id: string }) {
  const [result, refetch] = useQuery<ConnectionQuery, ConnectionQueryVariables>({
    query: CONNECTION_QUERY,
    variables: { id },
  });
  const connection =
    result.data?.node && 'provider' in result.data.node ? (result.data.node as Connection) : null;
  usePageTitle(connection ? `Settings · ${connection.displayName}` : 'Connection settings');
  if (result.fetching && !connection) return <p className="page muted">Loading…</p>;
  if (!connection) {
    return (
      <section className="page">
        <h1>Connection settings</h1>
        <ErrorNote message="This connection does not exist." />
        <Link href="/">Back to connections</Link>
      </section>
    );
  }
  return (
    <SettingsForm
      key={connection.id}
      connection={connection}
      onChanged={() => refetch({ requestPolicy: 'network-only' })}
    />
  );
}

function SettingsForm({
  connection,
  onChanged,
}: {
  connection: Connection;
  onChanged: () => void;
}) {
  const [name, setName] = useState(connection.displayName);
  const [schedule, setSchedule] = useState(connection.scheduleMinutes);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [, update] = useMutation<UpdateConnectionMutation, UpdateConnectionMutationVariables>(
    UPDATE_CONNECTION_MUTATION,
  );
  const [, disable] = useMutation<DisableConnectionMutation, DisableConnectionMutationVariables>(
    DISABLE_CONNECTION_MUTATION,
  );
  const [, enable] = useMutation<EnableConnectionMutation, EnableConnectionMutationVariables>(
    ENABLE_CONNECTION_MUTATION,
  );
  const [, remove] = useMutation<DeleteConnectionMutation, DeleteConnectionMutationVariables>(
    DELETE_CONNECTION_MUTATION,
  );

  const run = async (work: () => Promise<{ ok: boolean; message?: string }>, done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    const outcome = await work();
    setBusy(false);
    if (outcome.ok) {
      setNotice(done);
      onChanged();
    } else setError(outcome.message ?? 'Something went wrong.');
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(
      async () =>
        mutationOutcome(
          await update({
            input: { id: connection.id, displayName: name.trim(), scheduleMinutes: schedule },
          }),
          'updateConnection',
          'connection',
        ),
      'Saved.',
    );
  };

  const toggle = () =>
    void run(
      async () =>
        connection.status === 'DISABLED'
          ? mutationOutcome(await enable({ id: connection.id }), 'enableConnection', 'connection')
          : mutationOutcome(
              await disable({ id: connection.id }),
              'disableConnection',
              'connection',
            ),
      connection.status === 'DISABLED'
        ? 'Enabled: scheduled syncs resume.'
        : 'Disabled: no syncs run until you enable it.',
    );

  const confirmDelete = async () => {
    setBusy(true);
    const outcome = mutationOutcome(
      await remove({ id: connection.id }),
      'deleteConnection',
      'deletedConnectionId',
    );
    setBusy(false);
    if (outcome.ok) navigate('/');
    else {
      setConfirming(false);
      setError(outcome.message);
    }
  };

  const streams = PROVIDER_STREAMS[connection.provider];
  return (
    <section className="page settings" aria-labelledby="settings-title">
      <p className="breadcrumbs small">
        <Link href="/">Connections</Link> › {connection.displayName}
      </p>
      <h1 id="settings-title">Settings · {connection.displayName}</h1>
      <p className="muted small">
        {PROVIDER_LABELS[connection.provider]} · {connection.externalAccountId}
        {connection.sandbox && ' · sandbox'} · {CONNECTION_STATUS_LABELS[connection.status]}
      </p>
      <ErrorNote message={error} />
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      <form className="card form" onSubmit={save}>
        <h2>General</h2>
        <label>
          Display name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <label>
          Sync schedule
          <select value={schedule} onChange={(e) => setSchedule(Number(e.target.value))}>
            {!SCHEDULE_OPTIONS.some((o) => o.minutes === schedule) && (
              <option value={schedule}>Every {schedule} minutes</option>
            )}
            {SCHEDULE_OPTIONS.map((option) => (
              <option key={option.minutes} value={option.minutes}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <p className="small muted">
          {schedule === SCHEDULE_OFF
            ? 'No scheduled syncs: this connection syncs only when you press Sync now.'
            : 'Scheduled syncs read what changed since the last one.'}
        </p>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>

      <div className="card">
        <h2>Streams it syncs</h2>
        <ul className="streams" aria-label="Streams">
          {streams.map((stream) => (
            <li key={stream}>
              <Link href={`/records?${new URLSearchParams({ connection: connection.id, stream })}`}>
                {stream}
              </Link>
            </li>
          ))}
        </ul>
      </div>

      <div className="card">
        <h2>{connection.status === 'DISABLED' ? 'Disabled' : 'Enabled'}</h2>
        <p className="small">
          {connection.status === 'DISABLED'
            ? 'No syncs run, scheduled or manual. Synced data stays.'
            : 'Disabling stops scheduled syncs and refuses new ones; synced data stays.'}
        </p>
        <button type="button" className="button" disabled={busy} onClick={toggle}>
          {connection.status === 'DISABLED' ? 'Enable connection' : 'Disable connection'}
        </button>
      </div>

      <div className="card danger">
        <h2>Delete</h2>
        <p className="small">Removes the connection and everything synced from it.</p>
        <button
          type="button"
          className="button button--danger"
          disabled={busy}
          onClick={() => setConfirming(true)}
        >
          Delete connection
        </button>
      </div>

      {confirming && (
        <Modal title={`Delete ${connection.displayName}?`} onClose={() => setConfirming(false)}>
          <p>This removes, for good:</p>
          <ul>
            <li>
              every record synced from {connection.externalAccountId} ({streams.join(', ')}),
            </li>
            <li>its sync history and activity,</li>
            <li>its stored sign-in (the token is deleted).</li>
          </ul>
          <p className="small muted">
            Nothing changes at {PROVIDER_LABELS[connection.provider]}; you can connect it again
            later.
          </p>
          <div className="form__actions">
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              onClick={() => void confirmDelete()}
            >
              Delete {connection.displayName}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
