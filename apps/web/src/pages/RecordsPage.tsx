import { useState } from 'react';
import { useQuery } from 'urql';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { RecordList } from '../components/RecordList.tsx';
import { RECORD_CONNECTIONS_QUERY, RECORDS_QUERY } from '../graphql/queries.ts';
import type { ConnectionRef, Edges, SyncRecord } from '../graphql/types.ts';
import { friendlyRequestError } from '../lib/friendly-error.ts';
import { PROVIDER_STREAMS } from '../lib/labels.ts';
import { navigate, routePath } from '../lib/router.ts';

const PAGE_SIZE = 50;

type Props = { connectionId: string | null; stream: string | null };

export function RecordsPage({ connectionId, stream }: Props) {
  const [connectionsResult] = useQuery<{ connections: Edges<ConnectionRef> }>({
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
        <RecordPages
          key={`${connection.id}/${activeStream}`}
          connectionId={connection.id}
          stream={activeStream}
        />
      )}
    </section>
  );
}

/** Pages through one stream; "Load more" appends the next page. */
function RecordPages({ connectionId, stream }: { connectionId: string; stream: string }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <>
      {cursors.map((after, i) => (
        <RecordPage
          key={after ?? 'first'}
          connectionId={connectionId}
          stream={stream}
          after={after}
          isLast={i === cursors.length - 1}
          onMore={(cursor) => setCursors((list) => [...list, cursor])}
        />
      ))}
    </>
  );
}

function RecordPage(props: {
  connectionId: string;
  stream: string;
  after: string | null;
  isLast: boolean;
  onMore: (cursor: string) => void;
}) {
  const [result] = useQuery<{ records: Edges<SyncRecord> }>({
    query: RECORDS_QUERY,
    variables: {
      connectionId: props.connectionId,
      stream: props.stream,
      first: PAGE_SIZE,
      after: props.after,
    },
    requestPolicy: 'cache-and-network',
  });
  if (result.error) return <ErrorNote message={friendlyRequestError(result.error)} />;
  if (!result.data) return <p className="muted">Loading records…</p>;
  const records = result.data.records.edges.map((edge) => edge.node);
  const pageInfo = result.data.records.pageInfo;
  return (
    <>
      <RecordList records={records} />
      {props.isLast && pageInfo?.hasNextPage && pageInfo.endCursor && (
        <button type="button" className="button" onClick={() => props.onMore(pageInfo.endCursor!)}>
          Load more
        </button>
      )}
    </>
  );
}
