import type { SourceRecord } from '@tributary/core';
import { withTransaction } from '@tributary/db';
import type { RunEnv } from '../harness/bench-system.ts';
import { inLanes } from './in-lanes.ts';
import { RAW_CONCURRENCY } from './raw-fetch.ts';

/**
 * BASELINE, not product code: the same pages written the naive script's way (its table, its
 * one `INSERT … ON CONFLICT` per page), RAW_CONCURRENCY at a time, to set the engine's bulk
 * upsert beside it: what the records row itself costs (content hash, sequence, timestamps,
 * its indexes), apart from the engine's bookkeeping.
 */
export async function naiveUpsert(run: RunEnv, pages: SourceRecord[][]): Promise<{ ms: number }> {
  await run.pool.query(`CREATE TABLE IF NOT EXISTS naive_raw_records (
    stream text, id text, data jsonb, PRIMARY KEY (stream, id))`);
  const started = performance.now();
  await inLanes(pages, RAW_CONCURRENCY, (page) => {
    const rows = page.map((r) => ({ stream: r.stream, id: r.externalId, data: r.data }));
    return withTransaction(run.pool, (tx) =>
      tx.query(
        `INSERT INTO naive_raw_records (stream, id, data)
         SELECT r->>'stream', r->>'id', r->'data' FROM jsonb_array_elements($1::jsonb) r
         ON CONFLICT (stream, id) DO UPDATE SET data = EXCLUDED.data`,
        [JSON.stringify(rows)],
      ),
    );
  });
  return { ms: performance.now() - started };
}
