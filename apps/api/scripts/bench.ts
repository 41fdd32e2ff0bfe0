// Prints API numbers on this machine: request latency, records paging throughput, and
// subscription fan-out latency. Uses a throwaway embedded PostgreSQL.
//   pnpm --filter @tributary/api exec tsx scripts/bench.ts
import { sealCredentials } from '@tributary/db';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startBenchApi } from './bench-api.ts';

const bench = await startBenchApi('api-bench');
const { pool, api, secretKey, workspace, key } = bench;
const gql = async (query: string, variables?: object) => {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data: any };
};

// 1. Request latency: a small authenticated query, sequentially.
const N = 500;
let t = performance.now();
for (let i = 0; i < N; i++) await gql('{ viewer { name } }');
console.log(
  `viewer query        ${((performance.now() - t) / N).toFixed(2)} ms/request (sequential, ${N})`,
);

// 2. Records paging: 50,000 records read in pages of 500.
const { rows } = await pool.query<{ id: string }>(
  `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, sandbox)
   VALUES ($1, 'FACEBOOK_ADS', 'act_1', 'bench', $2, true) RETURNING id`,
  [workspace.id, sealCredentials(secretKey, { accessToken: 't' })],
);
const connectionId = rows[0]!.id;
await pool.query(
  `INSERT INTO records (connection_id, stream, external_id, data, content_hash)
   SELECT $1, 'campaigns', g::text, jsonb_build_object('id', g, 'name', 'Campaign ' || g), md5(g::text)
     FROM generate_series(1, 50000) g`,
  [connectionId],
);
t = performance.now();
let after: string | null = null;
let read = 0;
for (;;) {
  const res: { data: any } = await gql(
    'query($c: ID!, $a: String) { records(connectionId: $c, stream: "campaigns", first: 500, after: $a) { edges { node { externalId data } } pageInfo { endCursor hasNextPage } } }',
    { c: connectionId, a: after },
  );
  read += res.data.records.edges.length;
  after = res.data.records.pageInfo.endCursor;
  if (!res.data.records.pageInfo.hasNextPage) break;
}
const seconds = (performance.now() - t) / 1000;
console.log(
  `records paging      ${Math.round(read / seconds)} records/s (${read} in pages of 500, ${seconds.toFixed(2)} s)`,
);

// 3. Subscription fan-out: 100 subscribers of one job, time from NOTIFY commit to last delivery.
const { rows: jobs } = await pool.query<{ id: string }>(
  `INSERT INTO sync_jobs (workspace_id, connection_id, mode, phase, status) VALUES ($1, $2, 'INITIAL', 'RECENT', 'RUNNING') RETURNING id`,
  [workspace.id, connectionId],
);
const jobId = jobs[0]!.id;
const client = createClient({
  url: `${api.url.replace('http', 'ws')}/graphql`,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${key}` },
});
const SUBSCRIBERS = 100;
let ready = 0;
let delivered = 0;
let allReady!: () => void;
let allDelivered!: () => void;
const readyP = new Promise<void>((r) => (allReady = r));
const deliveredP = new Promise<void>((r) => (allDelivered = r));
for (let i = 0; i < SUBSCRIBERS; i++) {
  let first = true;
  client.subscribe(
    {
      query:
        'subscription($j: ID!) { syncProgress(jobId: $j) { kind job { progress { percent itemsProcessed } chunkCounts { total } } } }',
      variables: { j: jobId },
    },
    {
      next: () => {
        if (first) {
          first = false;
          if (++ready === SUBSCRIBERS) allReady();
        } else if (++delivered === SUBSCRIBERS) allDelivered();
      },
      error: (e) => console.error(e),
      complete: () => {},
    },
  );
}
await readyP;
t = performance.now();
await pool.query(`SELECT pg_notify('tributary_sync_events', $1)`, [
  JSON.stringify({
    workspaceId: workspace.id,
    jobId,
    kind: 'PROGRESS',
    message: null,
    chunkId: null,
    at: new Date().toISOString(),
  }),
]);
await deliveredP;
console.log(
  `subscription fan-out ${(performance.now() - t).toFixed(1)} ms from NOTIFY to the ${SUBSCRIBERS}th subscriber`,
);

await client.dispose();
await bench.close();
