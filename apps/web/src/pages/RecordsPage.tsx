import { useState } from 'react';
import { useQuery } from 'urql';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { RecordList } from '../components/RecordList.tsx';
import type {
  RecordConnectionsQuery,
  RecordConnectionsQueryVariables,
} from '../generated/graphql.ts';
import { RECORD_CONNECTIONS_QUERY } from '../graphql/queries.ts';
import { formatCount } from '../lib/format.ts';
import { friendlyRequestError } from '../lib/friendly-error.ts';
import { PROVIDER_STREAMS } from '../lib/labels.ts';
import { navigate, routePath } from '../lib/router.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useStreamRecords } from '../lib/use-stream-records.ts';

const PAGE_SIZE = 50;

type Props = { connectionId: string | null; stream: string | null };

export function RecordsPage({ connectionId, stream }: Props) {
  usePageTitle(stream ? `Records · ${stream}` : 'Records');
  const [connectionsResult] = useQuery<RecordConnectionsQuery, RecordConnectionsQueryVariables>({
    query: RECORD_CONNECTIONS_QUERY,
  });
  const connections = connectionsResult.data?.connections.edges.map((edge) => edge.node) ?? [];
  const connection = connections.find((c) => c.id === connectionId) ?? connections[0] ?? null;
  const streams = connection ? PROVIDER_STREAMS[connection.provider] : [];
  const activeStream = stream && streams.includes(stream) ? stream : (streams[0] ?? null);

  const go = (next: { connectionId?: string; stream?: string | null }) =>
    navigate(
      routePath({
        name: 'records',
        connectionId: next.connectionId ?? connection?.id ?? null,
        stream: next.stream === undefined ? activeStream : next.stream,
      }),
      { replace: true },
    );

  return (
    <section className="page" aria-labelledby="records-title">
      <div className="page__head">
        <h1 id="records-title">Records</h1>
        <div className="filters">
          <label>
            Connection
            <select
              value={connection?.id ?? ''}
              onChange={(event) => go({ connectionId: event.target.value, stream: null })}
            >
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.displayName}
                </option>
              ))}
            </select>
          </label>
          <label>
            Stream
            <select
              value={activeStream ?? ''}
              onChange={(event) => go({ stream: event.target.value })}
            >
              {streams.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <ErrorNote message={friendlyRequestError(connectionsResult.error)} />
      {connectionsResult.data && !connection && (
        <p className="muted">Connect an account to see its records.</p>
      )}
      {connection && activeStream && (
        <StreamRecords
          key={`${connection.id}/${activeStream}`}
          connectionId={connection.id}
          stream={activeStream}
        />
      )}
    </section>
  );
}

/** One stream's records, newest first, shown a page at a time. */
function StreamRecords({ connectionId, stream }: { connectionId: string; stream: string }) {
  const [reloadKey, setReloadKey] = useState(0);
  const [shown, setShown] = useState(PAGE_SIZE);
  const { records, loading, truncated, error } = useStreamRecords(connectionId, stream, reloadKey);
  return (
    <>
      <p className="muted small num" aria-live="polite">
        {loading
          ? 'Loading records…'
          : `${formatCount(records.length)}${truncated ? '+' : ''} record${records.length === 1 ? '' : 's'}, newest first`}{' '}
        <button
          type="button"
          className="button button--ghost"
          onClick={() => setReloadKey((k) => k + 1)}
        >
          Refresh
        </button>
      </p>
      <ErrorNote message={error} />
      {!loading && <RecordList records={records.slice(0, shown)} />}
      {!loading && shown < records.length && (
        <button type="button" className="button" onClick={() => setShown((n) => n + PAGE_SIZE)}>
          Show more
        </button>
      )}
    </>
  );
}
