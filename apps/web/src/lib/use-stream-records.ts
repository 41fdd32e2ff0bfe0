import { useEffect, useState } from 'react';
import { type OperationResult, useClient } from 'urql';
import type { RecordsQuery, RecordsQueryVariables } from '../generated/graphql.ts';
import { RECORDS_QUERY } from '../graphql/queries.ts';
import type { SyncRecord } from '../graphql/results.ts';
import { friendlyRequestError } from './friendly-error.ts';
import { newestFirst } from './newest-first.ts';

const PAGE_SIZE = 500;
/** The API pages records oldest change first; to show newest first we read up to this many. */
export const RECORD_LIMIT = 5000;

type State = {
  records: SyncRecord[];
  loading: boolean;
  truncated: boolean;
  error: string | null;
};

/** Every record of one stream (up to RECORD_LIMIT), newest first. */
export function useStreamRecords(connectionId: string, stream: string, reloadKey = 0): State {
  const client = useClient();
  const [state, setState] = useState<State>({
    records: [],
    loading: true,
    truncated: false,
    error: null,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey only triggers a reload
  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true, error: null }));
    (async () => {
      const all: SyncRecord[] = [];
      let after: string | null = null;
      for (;;) {
        const result: OperationResult<RecordsQuery, RecordsQueryVariables> = await client
          .query<RecordsQuery, RecordsQueryVariables>(
            RECORDS_QUERY,
            { connectionId, stream, first: PAGE_SIZE, after },
            { requestPolicy: 'network-only' },
          )
          .toPromise();
        if (cancelled) return;
        if (result.error || !result.data) {
          setState({
            records: newestFirst(all),
            loading: false,
            truncated: false,
            error: friendlyRequestError(result.error),
          });
          return;
        }
        all.push(...result.data.records.edges.map((edge) => edge.node));
        const { pageInfo } = result.data.records;
        const more = Boolean(pageInfo.hasNextPage && pageInfo.endCursor);
        if (!more || all.length >= RECORD_LIMIT) {
          setState({ records: newestFirst(all), loading: false, truncated: more, error: null });
          return;
        }
        after = pageInfo.endCursor;
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [client, connectionId, stream, reloadKey]);
  return state;
}
