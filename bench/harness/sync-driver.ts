import type { ProviderId } from '@tributary/core';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { RunEnv } from './bench-system.ts';

/** How the bench drives a run: the public GraphQL API, as an integrator would. */
/** The shape of every mutation result the bench reads (a success or a typed error). */
type MutationResult = {
  __typename: string;
  message?: string;
  connection?: { id: string };
  job?: { id: string };
};

export async function gql<T = Record<string, MutationResult>>(
  run: RunEnv,
  query: string,
  variables: object = {},
): Promise<T> {
  const response = await fetch(`${run.apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${run.key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data;
}

export type Connection = { id: string; dbId: string };

export async function connect(
  run: RunEnv,
  provider: ProviderId,
  externalAccountId: string,
): Promise<Connection> {
  const data = await gql(
    run,
    `mutation($i: CreateConnectionInput!) { createConnection(input: $i) {
       __typename ... on CreateConnectionSuccess { connection { id } } ... on Error { message } } }`,
    // The bench measures syncs; the provider check would add a call outside them.
    {
      i: { provider, externalAccountId, accessToken: 'bench-token', sandbox: true, verify: false },
    },
  );
  const result = data.createConnection!;
  if (!result.connection) throw new Error(result.message);
  const id = result.connection.id;
  return { id, dbId: Buffer.from(id, 'base64').toString('utf8').split(':')[1]! };
}

export async function startSync(
  run: RunEnv,
  connection: Connection,
  mode: 'INITIAL' | 'INCREMENTAL' = 'INITIAL',
): Promise<string> {
  const data = await gql(
    run,
    `mutation($c: ID!, $m: SyncMode!) { startSync(input: { connectionId: $c, mode: $m, force: true }) {
       __typename ... on StartSyncSuccess { job { id } } ... on Error { message } } }`,
    { c: connection.id, m: mode },
  );
  const result = data.startSync!;
  if (!result.job) throw new Error(result.message);
  return result.job.id;
}

export async function cancel(run: RunEnv, jobId: string): Promise<void> {
  await gql(run, 'mutation($j: ID!) { cancelSync(jobId: $j) { __typename } }', { j: jobId });
}

const ACTIVE = `('PENDING', 'RUNNING', 'CANCELLING')`;

export type SyncWatch = {
  wallMs: number;
  /** From the start to the first record stored (null: none before the watch ended). */
  firstRecordMs: number | null;
  /** Items processed so far at each sample: [ms since start, items]. */
  timeline: [number, number][];
};

/**
 * Waits until no job of the connections is pending or running (every phase of an initial sync
 * done), sampling the jobs' counters every 100 ms and watching for the first stored record.
 * `until: 'first-records'` returns as soon as one is stored; `timeoutMs` ends the watch.
 */
export async function watchSyncs(
  run: RunEnv,
  connections: Connection[],
  started: number,
  options: { until?: 'done' | 'first-records'; timeoutMs?: number } = {},
): Promise<SyncWatch> {
  const ids = connections.map((c) => c.dbId);
  const timeline: [number, number][] = [];
  let firstRecordMs: number | null = null;
  for (;;) {
    const { rows } = await run.pool.query<{ active: number; jobs: number; items: string }>(
      `SELECT count(*) FILTER (WHERE status IN ${ACTIVE})::int AS active, count(*)::int AS jobs,
              coalesce(sum(items_processed), 0) AS items
         FROM sync_jobs WHERE connection_id = ANY($1::uuid[])`,
      [ids],
    );
    const at = performance.now() - started;
    const state = rows[0]!;
    timeline.push([at, Number(state.items)]);
    if (firstRecordMs === null) {
      const stored = await run.pool.query(
        'SELECT 1 FROM records WHERE connection_id = ANY($1::uuid[]) LIMIT 1',
        [ids],
      );
      if (stored.rowCount) firstRecordMs = performance.now() - started;
    }
    if (options.until === 'first-records' && firstRecordMs !== null) break;
    if (state.jobs > 0 && state.active === 0) break;
    if (options.timeoutMs !== undefined && at > options.timeoutMs) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  return { wallMs: performance.now() - started, firstRecordMs, timeline };
}

/** Waits until every job of the connections has stopped (after a cancel). */
export async function waitStopped(run: RunEnv, connections: Connection[]): Promise<void> {
  await watchSyncs(run, connections, performance.now(), { timeoutMs: 120_000 });
}

export async function storedRecords(run: RunEnv, connections: Connection[]): Promise<number> {
  const { rows } = await run.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM records WHERE connection_id = ANY($1::uuid[])',
    [connections.map((c) => c.dbId)],
  );
  return rows[0]!.n;
}

/** When RECENT finished, ms after the initial sync was created (job timestamps, one clock). */
export async function recentDoneMs(run: RunEnv, connection: Connection): Promise<number | null> {
  const { rows } = await run.pool.query<{ ms: number | null }>(
    `SELECT extract(epoch FROM finished_at - created_at) * 1000 AS ms
       FROM sync_jobs WHERE connection_id = $1 AND phase = 'RECENT' ORDER BY created_at LIMIT 1`,
    [connection.dbId],
  );
  return rows[0]?.ms == null ? null : Number(rows[0].ms);
}

/**
 * startSync → the job's SUCCEEDED seen on its `syncProgress` subscription: what an integrator
 * waiting for fresh data experiences. The WebSocket is connected before the clock starts; the
 * subscription's opening snapshot carries the status, so a job that finished before the
 * subscription was live still counts (at the time it was seen).
 */
export async function timeSyncToSucceeded(
  run: RunEnv,
  connection: Connection,
): Promise<{ ms: number; jobId: string }> {
  let connected!: () => void;
  const isConnected = new Promise<void>((resolve) => (connected = resolve));
  const client = createClient({
    url: `${run.apiUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    connectionParams: { authorization: `Bearer ${run.key}` },
    on: { connected: () => connected() },
  });
  try {
    await isConnected;
    const started = performance.now();
    const jobId = await startSync(run, connection, 'INCREMENTAL');
    const seenAt = await new Promise<number>((resolve, reject) => {
      client.subscribe<{ syncProgress: { job: { status: string } } }>(
        {
          query: 'subscription($j: ID!) { syncProgress(jobId: $j) { job { status } } }',
          variables: { j: jobId },
        },
        {
          next: ({ data }) => {
            const status = data?.syncProgress.job.status;
            if (status === 'SUCCEEDED') resolve(performance.now());
            else if (status && ['FAILED', 'CANCELLED', 'COMPLETED_WITH_ERRORS'].includes(status)) {
              reject(new Error(`incremental sync ended ${status}`));
            }
          },
          error: (error) => reject(new Error(JSON.stringify(error))),
          complete: () => reject(new Error('the subscription ended before SUCCEEDED')),
        },
      );
    });
    return { ms: seenAt - started, jobId };
  } finally {
    await client.dispose();
  }
}
