import { sealCredentials } from '@tributary/db';
import { gql } from '../harness/sync-driver.ts';
import type { Scenario } from './scenario.ts';

const PAGE = 500;
const QUERY = `query($c: ID!, $a: String) {
  records(connectionId: $c, stream: "messages", first: ${PAGE}, after: $a) {
    edges { node { id externalId data contentHash seq modifiedAt deletedAt } }
    pageInfo { endCursor hasNextPage } } }`;
type Page = {
  records: { edges: unknown[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/**
 * The API's read side: a small authenticated query, sequentially; then a 1,000,000-record
 * stream exported the way an integrator would (pages of 500 following endCursor, every
 * field), with the page latency near the start, middle and end (flat when paging seeks).
 */
export const apiReads: Scenario = {
  name: 'api-reads',
  title: 'API: viewer query latency, exporting a 1,000,000-record stream (quick: 20,000)',
  metrics: {
    viewer_ms: { label: 'viewer query, sequential', unit: 'ms', digits: 2 },
    export_rps: { label: 'records export', unit: 'records/s', digits: 0 },
    page_start_ms: { label: 'page latency at 1% depth', unit: 'ms', digits: 1 },
    page_middle_ms: { label: 'page latency at 50% depth', unit: 'ms', digits: 1 },
    page_end_ms: { label: 'page latency at 98% depth', unit: 'ms', digits: 1 },
    records: { label: 'records in the stream', unit: '', digits: 0 },
  },
  async run(system, options) {
    const total = options.quick ? 20_000 : 1_000_000;
    const run = await system.newRun({ workers: 0 });
    try {
      const queries = options.quick ? 50 : 500;
      let started = performance.now();
      for (let i = 0; i < queries; i++) await gql(run, '{ viewer { name } }');
      const viewerMs = (performance.now() - started) / queries;

      const { rows } = await run.pool.query<{ id: string }>(
        `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, sandbox)
         VALUES ($1, 'MICROSOFT_MAIL', 'user_1', 'bench', $2, true) RETURNING id`,
        [run.workspaceId, sealCredentials(run.secretKey, { accessToken: 'bench-token' })],
      );
      const connectionId = rows[0]!.id;
      // Message-sized documents (~400 bytes of JSON), loaded in batches as sync pages would be.
      for (let from = 1; from <= total; from += 100_000) {
        await run.pool.query(
          `INSERT INTO records (connection_id, stream, external_id, data, content_hash, modified_at)
           SELECT $1, 'messages', 'msg-' || g, jsonb_build_object(
                    'id', 'msg-' || g, 'subject', 'Quarterly report ' || g,
                    'from', jsonb_build_object('emailAddress', jsonb_build_object('address', 'sender' || (g % 97) || '@example.com')),
                    'receivedDateTime', to_char(now() - make_interval(mins => g), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                    'isRead', g % 3 = 0, 'parentFolderId', 'inbox',
                    'bodyPreview', repeat('Lorem ipsum dolor sit amet ', 6)),
                  md5(g::text), now() - make_interval(mins => g)
             FROM generate_series($2::int, $3::int) g`,
          [connectionId, from, Math.min(from + 99_999, total)],
        );
      }
      await run.pool.query('VACUUM ANALYZE records');

      const pageMs: number[] = [];
      let after: string | null = null;
      let read = 0;
      started = performance.now();
      for (;;) {
        const pageStarted = performance.now();
        const page: Page = await gql<Page>(run, QUERY, { c: connectionId, a: after });
        pageMs.push(performance.now() - pageStarted);
        read += page.records.edges.length;
        after = page.records.pageInfo.endCursor;
        if (!page.records.pageInfo.hasNextPage) break;
      }
      const exportMs = performance.now() - started;
      if (read !== total) throw new Error(`exported ${read} of ${total} records`);
      const at = (share: number) => {
        const start = Math.floor(pageMs.length * share);
        return median(pageMs.slice(start, start + 20));
      };
      return {
        values: {
          viewer_ms: viewerMs,
          export_rps: (read * 1000) / exportMs,
          page_start_ms: at(0.01),
          page_middle_ms: at(0.5),
          page_end_ms: at(0.98),
          records: read,
        },
        series: { latencies: { 'records page of 500 (export)': pageMs } },
      };
    } finally {
      await run.close();
    }
  },
};
