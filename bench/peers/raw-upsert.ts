import type { SourceRecord } from '@tributary/core';
import { sealCredentials, upsertRecords, withTransaction } from '@tributary/db';
import type { RunEnv } from '../harness/bench-system.ts';
import { inLanes } from './in-lanes.ts';
import { RAW_CONCURRENCY } from './raw-fetch.ts';

/**
 * The limit on the write side: the same pages written by the engine's bulk upsert alone, one
 * transaction per page, committed asynchronously as the engine commits, into a connection of
 * their own, RAW_CONCURRENCY at a time.
 */
export async function rawUpsert(run: RunEnv, pages: SourceRecord[][]): Promise<{ ms: number }> {
  const { rows } = await run.pool.query<{ id: string }>(
    `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, sandbox)
     VALUES ($1, 'FACEBOOK_ADS', 'act_999999', 'raw upsert', $2, true) RETURNING id`,
    [run.workspaceId, sealCredentials(run.secretKey, { accessToken: 'bench-token' })],
  );
  const connectionId = rows[0]!.id;
  const started = performance.now();
  await inLanes(pages, RAW_CONCURRENCY, (page) =>
    withTransaction(run.pool, (tx) => upsertRecords(tx, connectionId, page)),
  );
  return { ms: performance.now() - started };
}
