import {
  type ChunkInput,
  type ConnectionContext,
  type Cursor,
  isProviderError,
  type PageResult,
  type SourceConnector,
  type SourceRecord,
} from '@tributary/core';

export type ChunkRun = {
  records: SourceRecord[];
  pages: PageResult[];
  /** Errors the loop recovered from by asking for the same cursor again. */
  recovered: { kind: string; retryAfterMs?: number; cursor: Cursor | null }[];
  streamCursor?: Cursor;
};

/**
 * Reads a chunk to its end the way the engine does: page by page from the cursor; a
 * transient, malformed or throttled page is asked for again from the same cursor, after the
 * provider's retry-after when it gave one. Anything else propagates.
 */
export async function readChunk(
  connector: SourceConnector,
  context: ConnectionContext,
  chunk: ChunkInput,
  options: { pageSize?: number; cursor?: Cursor | null; maxRecoveries?: number } = {},
): Promise<ChunkRun> {
  const run: ChunkRun = { records: [], pages: [], recovered: [] };
  let cursor: Cursor | null = options.cursor ?? null;
  for (;;) {
    let page: PageResult;
    try {
      page = await connector.readPage({
        ...context,
        chunk,
        cursor,
        pageSize: options.pageSize,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      if (
        !isProviderError(error) ||
        !['retryable', 'malformed', 'rate_limited'].includes(error.kind)
      ) {
        throw error;
      }
      run.recovered.push({ kind: error.kind, retryAfterMs: error.retryAfterMs, cursor });
      if (run.recovered.length > (options.maxRecoveries ?? 50)) throw error;
      if (error.retryAfterMs) await new Promise((r) => setTimeout(r, error.retryAfterMs));
      continue;
    }
    run.pages.push(page);
    run.records.push(...page.records);
    if (page.streamCursor) run.streamCursor = page.streamCursor;
    if (!page.nextCursor) return run;
    cursor = page.nextCursor;
  }
}
