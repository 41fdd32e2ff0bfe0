import { facebookAdsConnector } from '@tributary/connectors';
import { type ChunkInput, type Cursor, connectionLimits, type SourceRecord } from '@tributary/core';
import type { RunEnv } from '../harness/bench-system.ts';
import type { Connection } from '../harness/sync-driver.ts';
import { inLanes } from './in-lanes.ts';

/** How many chunks the raw passes run at once: the engine's default for an ad account. */
export const RAW_CONCURRENCY = connectionLimits().FACEBOOK_ADS;

/**
 * The limit on the request side: exactly the chunks the engine ran for `connection`, read by
 * the connector alone (no database, no bookkeeping), RAW_CONCURRENCY chunks at a time. Returns
 * the pages, kept for the raw upsert.
 */
export async function rawFetch(
  run: RunEnv,
  connection: Connection,
  accountId: string,
): Promise<{ pages: SourceRecord[][]; ms: number }> {
  const { rows: chunks } = await run.pool.query(
    `SELECT stream, kind, window_start, window_end, entity_ids, input_cursor FROM sync_chunks
      WHERE connection_id = $1 ORDER BY priority DESC, index`,
    [connection.dbId],
  );
  const pages: SourceRecord[][] = [];
  const started = performance.now();
  await inLanes(chunks, RAW_CONCURRENCY, async (chunk) => {
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
        accountId,
        baseUrl: run.sandbox.providers.FACEBOOK_ADS,
        allowedOrigins: [new URL(run.sandbox.url).origin],
        credentials: { accessToken: 'bench-token' },
        chunk: input,
        cursor,
        signal: AbortSignal.timeout(60_000),
      });
      pages.push(page.records);
      cursor = page.nextCursor;
    } while (cursor);
  });
  return { pages, ms: performance.now() - started };
}
