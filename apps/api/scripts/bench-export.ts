// Exports a 1,000,000-record stream through the API the way an integrator would (pages of
// 500 following endCursor, every field of the record) and prints records/s, with the page
// latency at the start, middle and end of the stream (constant when paging seeks the index).
//   pnpm --filter @tributary/api exec tsx scripts/bench-export.ts [records]
import { sealCredentials } from '@tributary/db';
import { startBenchApi } from './bench-api.ts';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const PAGE = 500;
const bench = await startBenchApi('export-bench');
const { pool, api, secretKey, workspace, key } = bench;

const { rows } = await pool.query<{ id: string }>(
  `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, sandbox)
   VALUES ($1, 'MICROSOFT_MAIL', 'user_1', 'bench', $2, true) RETURNING id`,
  [workspace.id, sealCredentials(secretKey, { accessToken: 't' })],
);
const connectionId = rows[0]!.id;
// Message-sized documents (~400 bytes of JSON), loaded in batches like sync pages would be.
let t = performance.now();
for (let from = 1; from <= TOTAL; from += 100_000) {
  await pool.query(
    `INSERT INTO records (connection_id, stream, external_id, data, content_hash, modified_at)
     SELECT $1, 'messages', 'msg-' || g, jsonb_build_object(
              'id', 'msg-' || g, 'subject', 'Quarterly report ' || g,
              'from', jsonb_build_object('emailAddress', jsonb_build_object('address', 'sender' || (g % 97) || '@example.com')),
              'receivedDateTime', to_char(now() - make_interval(mins => g), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
              'isRead', g % 3 = 0, 'parentFolderId', 'inbox',
              'bodyPreview', repeat('Lorem ipsum dolor sit amet ', 6)),
            md5(g::text), now() - make_interval(mins => g)
       FROM generate_series($2::int, $3::int) g`,
    [connectionId, from, Math.min(from + 99_999, TOTAL)],
  );
}
await pool.query('VACUUM ANALYZE records');
console.log(`loaded ${TOTAL} records in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const QUERY = `query($c: ID!, $a: String) {
  records(connectionId: $c, stream: "messages", first: ${PAGE}, after: $a) {
    edges { node { id externalId data contentHash seq modifiedAt deletedAt } }
    pageInfo { endCursor hasNextPage } } }`;
type Page = {
  data: {
    records: {
      edges: unknown[];
      pageInfo: { endCursor: string | null; hasNextPage: boolean };
    };
  };
};

const pageMs: number[] = [];
let after: string | null = null;
let read = 0;
t = performance.now();
for (;;) {
  const started = performance.now();
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: QUERY, variables: { c: connectionId, a: after } }),
  });
  const body = (await res.json()) as Page;
  pageMs.push(performance.now() - started);
  read += body.data.records.edges.length;
  after = body.data.records.pageInfo.endCursor;
  if (!body.data.records.pageInfo.hasNextPage) break;
}
const seconds = (performance.now() - t) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const at = (share: number) => {
  const start = Math.floor(pageMs.length * share);
  return median(pageMs.slice(start, start + 20)).toFixed(1);
};
console.log(
  `records export      ${Math.round(read / seconds)} records/s (${read} records in pages of ${PAGE}, ${seconds.toFixed(1)} s)`,
);
console.log(
  `page latency        ${at(0.01)} ms at 1%, ${at(0.5)} ms at 50%, ${at(0.98)} ms at 99% depth (median of 20 pages)`,
);
if (read !== TOTAL) throw new Error(`exported ${read} of ${TOTAL} records`);
await bench.close();
