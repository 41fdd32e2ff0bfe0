import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { sealCredentials } from '@tributary/db';
import {
  listRecords,
  type RecordCursor,
  recordPageQuery,
} from '../../apps/api/src/data/records.ts';
import { assignRole } from '../harness/process-tree.ts';
import { gql } from '../harness/sync-driver.ts';
import type { Scenario } from './scenario.ts';

const PAGE = 500;
const QUERY = `query($c: ID!, $a: String) {
  records(connectionId: $c, stream: "messages", first: ${PAGE}, after: $a) {
    edges { node { id externalId data contentHash seq modifiedAt deletedAt } }
    pageInfo { endCursor hasNextPage } } }`;

const readerEntry = resolve(import.meta.dirname, '../harness/export-reader.ts');

function readInChild(
  apiUrl: string,
  key: string,
  connectionId: string,
): Promise<{ read: number; ms: number; pageMs: number[] }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', readerEntry, apiUrl, key, connectionId, QUERY],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    // Counted with the other client processes (the subscriber fleet's role).
    assignRole(child.pid!, 'subscribers');
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      out += text;
    });
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done(JSON.parse(out)) : fail(new Error(`export reader exited with ${code}`)),
    );
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/**
 * The API's read side: a small authenticated query, sequentially; then a 1,000,000-record
 * stream exported the way an integrator would (pages of 500 following endCursor, every
 * field), with the page latency near the start, middle and end (flat when paging seeks).
 * Beside it in the same run, since the machine is shared and only ratios travel: the same
 * pages read straight from SQL with the API's own page statement (no GraphQL, no HTTP), and
 * that statement's EXPLAIN ANALYZE time at three depths.
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
    raw_sql_rps: { label: 'the same pages read straight from SQL', unit: 'records/s', digits: 0 },
    api_share_of_raw: { label: 'API export over the raw SQL read', unit: '%', digits: 0 },
    explain_start_ms: {
      label: 'page statement at 1% depth (EXPLAIN ANALYZE)',
      unit: 'ms',
      digits: 2,
    },
    explain_middle_ms: {
      label: 'page statement at 50% depth (EXPLAIN ANALYZE)',
      unit: 'ms',
      digits: 2,
    },
    explain_end_ms: {
      label: 'page statement at 99% depth (EXPLAIN ANALYZE)',
      unit: 'ms',
      digits: 2,
    },
    load_during_export: { label: 'load average (1 min) after the export', unit: '', digits: 1 },
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

      // The reader is its own process, as an integrator's client is (export-reader.ts).
      const exported = await readInChild(run.apiUrl, run.key, connectionId);
      const { pageMs, read } = exported;
      const exportMs = exported.ms;
      const load = loadavg()[0]!;
      if (read !== total) throw new Error(`exported ${read} of ${total} records`);

      // The floor: the same pages through the same statement, in this process.
      const filter = {
        connectionId,
        stream: 'messages',
        modifiedAfter: null,
        includeDeleted: false,
      };
      let cursor: RecordCursor | null = null;
      let rawRead = 0;
      started = performance.now();
      for (;;) {
        const page = await listRecords(run.pool, filter, { after: cursor, limit: PAGE });
        rawRead += page.rows.length;
        cursor = page.end;
        if (!page.hasMore) break;
      }
      const rawMs = performance.now() - started;
      const explainAt = async (depth: number) => {
        const at = await run.pool.query<{ seq: string }>(
          'SELECT seq FROM records WHERE connection_id = $1 AND stream = $2 ORDER BY seq OFFSET $3 LIMIT 1',
          [connectionId, 'messages', Math.floor(total * depth)],
        );
        const { text, values } = recordPageQuery(
          filter,
          { s: Number(at.rows[0]!.seq), v: 0, late: [] },
          PAGE + 1,
        );
        const plan = await run.pool.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
          values,
        );
        const line = plan.rows
          .map((r) => r['QUERY PLAN'])
          .find((l) => l.startsWith('Execution Time'));
        return Number(/([\d.]+) ms/.exec(line ?? '')?.[1] ?? Number.NaN);
      };
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
          raw_sql_rps: (rawRead * 1000) / rawMs,
          api_share_of_raw: (rawMs / exportMs) * 100,
          explain_start_ms: await explainAt(0.01),
          explain_middle_ms: await explainAt(0.5),
          explain_end_ms: await explainAt(0.99),
          load_during_export: load,
        },
        series: { latencies: { 'records page of 500 (export)': pageMs } },
      };
    } finally {
      await run.close();
    }
  },
};
