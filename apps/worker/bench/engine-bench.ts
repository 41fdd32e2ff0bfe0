/**
 * Engine benchmark (not a test): an INITIAL sync of the default act_1001 account (126k
 * records) against the zero-latency sandbox, measured side by side in one run with
 *   - raw fetch: the same chunks' pages read by the connector alone (same concurrency),
 *   - raw upsert: the same pages written by the bulk upsert alone (same concurrency).
 * The sandbox runs in its own process, as a provider would: its CPU is not the worker's
 * event loop (it still shares the machine's cores). Prints records/s for each, the end-to-end
 * time against fetch + upsert done one after the other, when RECENT was done as a share of
 * the whole, requests against the budget, and the CPU seconds PostgreSQL, the worker and the
 * sandbox used in each pass.
 *   pnpm --filter @tributary/worker bench
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { facebookAdsConnector } from '@tributary/connectors';
import type { ChunkInput, Cursor, SourceRecord } from '@tributary/core';
import {
  createPool,
  createQueue,
  runMigrations,
  sealCredentials,
  startEmbeddedPostgres,
  startSync,
  upsertRecords,
  withTransaction,
} from '@tributary/db';
import { sandboxAdmin } from '@tributary/sandbox';
import { pino } from 'pino';
import { connectors } from '../src/connectors.ts';
import { startWorker } from '../src/worker.ts';
import { cpuSnapshot, formatCpu } from './cpu-usage.ts';

const CONCURRENCY = 2; // the engine's default per-connection limit
const ACCOUNT = 'act_1001';

const dataDir = await mkdtemp(join(tmpdir(), 'tributary-bench-'));
const pg = await startEmbeddedPostgres({ dataDir, database: 'bench' });
await runMigrations(pg.url);
// The raw upsert pass commits the way the engine does (asynchronously), so the two compare.
const pool = createPool(pg.url, 10, { asynchronousCommit: true });
const sandbox = await startSandboxProcess();
const admin = sandboxAdmin(sandbox.url);
await admin.reset({});
const secretKey = randomBytes(32);
const workspaceId = (
  await pool.query("INSERT INTO workspaces (name) VALUES ('bench') RETURNING id")
).rows[0].id;
const connect = async (account: string) =>
  (
    await pool.query(
      `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, sandbox)
       VALUES ($1, 'FACEBOOK_ADS', $2, $2, $3, true) RETURNING id`,
      [workspaceId, account, sealCredentials(secretKey, { accessToken: 't' })],
    )
  ).rows[0].id as string;

// 1. End to end: API-equivalent startSync, a real worker, real pg-boss.
const queue = createQueue(pg.url);
await queue.start();
const worker = await startWorker({
  databaseUrl: pg.url,
  secretKey,
  connectors,
  concurrency: 4,
  connectionConcurrency: CONCURRENCY,
  logger: pino({ level: 'silent' }),
  config: { sandboxUrl: sandbox.url },
});
const e2eConnection = await connect(ACCOUNT);
await admin.resetStats();
const cpu0 = cpuSnapshot(sandbox.pid);
const started = performance.now();
await startSync({ pool, queue }, { workspaceId, connectionId: e2eConnection, mode: 'INITIAL' });
for (;;) {
  const { rows } = await pool.query('SELECT status FROM sync_jobs WHERE connection_id = $1', [
    e2eConnection,
  ]);
  if (rows.every((r) => !['PENDING', 'RUNNING', 'CANCELLING'].includes(r.status))) break;
  await new Promise((r) => setTimeout(r, 20));
}
const e2eMs = performance.now() - started;
const cpu1 = cpuSnapshot(sandbox.pid);

const e2eStats = await admin.stats();
// RECENT's share from the jobs' own timestamps (one clock, no polling granularity): from the
// sync's creation to RECENT finishing, against to HISTORICAL finishing.
const phases = (
  await pool.query<{ recent_ms: number; total_ms: number }>(
    `SELECT extract(epoch FROM r.finished_at - r.created_at) * 1000 AS recent_ms,
            extract(epoch FROM h.finished_at - r.created_at) * 1000 AS total_ms
       FROM sync_jobs r JOIN sync_jobs h ON h.previous_phase_id = r.id
      WHERE r.connection_id = $1 AND r.phase = 'RECENT'`,
    [e2eConnection],
  )
).rows[0];
const recentMs = Number(phases?.recent_ms ?? Number.NaN);
const phasesMs = Number(phases?.total_ms ?? Number.NaN);

await worker.stop();
await queue.stop();
const records = (
  await pool.query('SELECT count(*)::int AS n FROM records WHERE connection_id = $1', [
    e2eConnection,
  ])
).rows[0].n as number;

// 2. Raw fetch of exactly the chunks the engine ran, pages kept for the upsert pass.
const { rows: chunks } = await pool.query(
  `SELECT stream, kind, window_start, window_end, entity_ids, input_cursor FROM sync_chunks
    WHERE connection_id = $1 ORDER BY priority DESC, index`,
  [e2eConnection],
);
const pages: SourceRecord[][] = [];
let next = 0;
const cpu2 = cpuSnapshot(sandbox.pid);
const fetchStarted = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      const input: ChunkInput = {
        stream: chunk.stream,
        kind: chunk.kind,
        ...(chunk.window_start
          ? { windowStart: chunk.window_start, windowEnd: chunk.window_end }
          : {}),
        ...(chunk.entity_ids?.length ? { entityIds: chunk.entity_ids } : {}),
        ...(chunk.input_cursor?.params ? { params: chunk.input_cursor.params } : {}),
      };
      let cursor: Cursor | null = null;
      do {
        const page = await facebookAdsConnector.readPage({
          provider: 'FACEBOOK_ADS',
          accountId: ACCOUNT,
          baseUrl: sandbox.providers.FACEBOOK_ADS,
          allowedOrigins: [new URL(sandbox.url).origin],
          credentials: { accessToken: 't' },
          chunk: input,
          cursor,
          signal: AbortSignal.timeout(60_000),
        });
        pages.push(page.records);
        cursor = page.nextCursor;
      } while (cursor);
    }
  }),
);
const fetchMs = performance.now() - fetchStarted;
const cpu3 = cpuSnapshot(sandbox.pid);

// 3. Raw upsert of the same pages, one transaction per page, same concurrency.
const upsertConnection = await connect('act_upsert');
let nextPage = 0;
const cpu4 = cpuSnapshot(sandbox.pid);
const upsertStarted = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (nextPage < pages.length) {
      const page = pages[nextPage++]!;
      await withTransaction(pool, (tx) => upsertRecords(tx, upsertConnection, page));
    }
  }),
);
const upsertMs = performance.now() - upsertStarted;
const cpu5 = cpuSnapshot(sandbox.pid);

const fetched = pages.reduce((sum, p) => sum + p.length, 0);

const rate = (n: number, ms: number) => Math.round((n * 1000) / ms).toLocaleString('en-US');
console.log(
  `engine benchmark: ${ACCOUNT}, ${records.toLocaleString('en-US')} records, ${chunks.length} chunks, ${pages.length} pages, zero-latency sandbox in its own process, per-connection concurrency ${CONCURRENCY}, asynchronous commit in the engine and the raw upsert`,
);
console.log(
  `  end to end         ${(e2eMs / 1000).toFixed(2)} s   ${rate(records, e2eMs)} records/s`,
);
console.log(
  `  raw fetch          ${(fetchMs / 1000).toFixed(2)} s   ${rate(fetched, fetchMs)} records/s`,
);
console.log(
  `  raw upsert         ${(upsertMs / 1000).toFixed(2)} s   ${rate(fetched, upsertMs)} records/s`,
);
console.log(
  `  e2e / (fetch + upsert)   ${(e2eMs / (fetchMs + upsertMs)).toFixed(2)}  (≤ 1.00 means no slower than doing both one after the other)`,
);
console.log(
  `  RECENT done at     ${(recentMs / 1000).toFixed(2)} s of ${(phasesMs / 1000).toFixed(2)} s = ${((recentMs / phasesMs) * 100).toFixed(1)}% of the whole initial sync (job timestamps)`,
);
console.log(
  `  requests           ${e2eStats.requests} made, ${e2eStats.throttled} throttled (budget 100,000 per hour per ad account)`,
);
console.log('  CPU, core-seconds (the machine has 2 cores shared by all three)');
for (const [name, from, to] of [
  ['end to end', cpu0, cpu1],
  ['raw fetch', cpu2, cpu3],
  ['raw upsert', cpu4, cpu5],
] as const) {
  console.log(`    ${name.padEnd(16)} ${formatCpu(from, to)}`);
}

await pool.end();
await sandbox.close();
await pg.stop();
await rm(dataDir, { recursive: true, force: true });

/** `pnpm sandbox` as a child process; resolves once it prints its URL. */
async function startSandboxProcess() {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '../../../packages/sandbox/src/server/main.ts')],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, SANDBOX_PORT: '0' } },
  );
  let output = '';
  child.stdout.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (text: string) => {
      output += text;
      const match = /Sandbox\s+(\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code}) before listening`)));
  });
  const { providers } = (await (await fetch(new URL('/__sandbox', url))).json()) as {
    providers: Record<'FACEBOOK_ADS', string>;
  };
  return {
    pid: child.pid ?? -1,
    url,
    providers,
    close: () => {
      child.kill('SIGTERM');
      return once(child, 'exit');
    },
  };
}
