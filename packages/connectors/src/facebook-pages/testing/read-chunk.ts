import {
  type ChunkInput,
  type ConnectionContext,
  type Cursor,
  contentHash,
  isProviderError,
  recordsDigest,
  type SourceConnector,
  type SourceRecord,
} from '@tributary/core';
import { sleep } from '../../shared/sleep.ts';

export type ChunkRead = {
  records: SourceRecord[];
  pages: number;
  requests: number;
  failures: number;
  throttled: number;
  streamCursor: Cursor | undefined;
};

/**
 * Reads a chunk to the end the way the engine does: page by page from the returned cursor;
 * a failed page is read again from the same cursor (after `retryAfterMs` when throttled).
 */
export async function readChunk(
  connector: SourceConnector,
  context: ConnectionContext,
  chunk: ChunkInput,
  options: { retryFailures?: boolean; pageSize?: number; cursor?: Cursor } = {},
): Promise<ChunkRead> {
  const read: ChunkRead = {
    records: [],
    pages: 0,
    requests: 0,
    failures: 0,
    throttled: 0,
    streamCursor: undefined,
  };
  let cursor: Cursor | null = options.cursor ?? null;
  for (;;) {
    try {
      const page = await connector.readPage({
        ...context,
        chunk,
        cursor,
        pageSize: options.pageSize,
        signal: AbortSignal.timeout(30_000),
      });
      read.pages++;
      read.requests += page.requests;
      read.records.push(...page.records);
      if (page.nextCursor === null) {
        read.streamCursor = page.streamCursor;
        return read;
      }
      cursor = page.nextCursor;
    } catch (error) {
      if (!options.retryFailures || !isProviderError(error)) throw error;
      if (error.kind === 'rate_limited') {
        read.throttled++;
        await sleep(error.retryAfterMs ?? 1000);
      } else if (error.kind === 'retryable' || error.kind === 'malformed') read.failures++;
      else throw error;
    }
  }
}

/** Latest record per (stream, id), as the upsert leaves them. */
export function byStream(records: SourceRecord[]): Map<string, Map<string, SourceRecord>> {
  const out = new Map<string, Map<string, SourceRecord>>();
  for (const record of records) {
    const stream = out.get(record.stream) ?? new Map<string, SourceRecord>();
    stream.set(record.externalId, record);
    out.set(record.stream, stream);
  }
  return out;
}

export function truthOfRecords(records: Iterable<SourceRecord>) {
  const list = [...records].map((r) => ({
    externalId: r.externalId,
    contentHash: contentHash(r.data),
  }));
  return { count: list.length, digest: recordsDigest(list) };
}
