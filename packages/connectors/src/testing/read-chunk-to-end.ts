import {
  type Cursor,
  contentHash,
  isProviderError,
  type PageRequest,
  type PageResult,
  recordsDigest,
  type SourceConnector,
  type SourceRecord,
} from '@tributary/core';
import { sleep } from '../shared/sleep.ts';

export type ReadToEndStats = {
  pages: number;
  requests: number;
  /** Pages retried from the same cursor after a retryable or malformed answer. */
  retries: number;
  /** Waits for a rate_limited answer's retryAfterMs. */
  throttles: number;
  lastPage?: PageResult;
};

/**
 * What the engine does for one chunk, minus the database: reads page after page, retries a
 * failed page from the same cursor (throttles after waiting retryAfterMs), and returns every
 * record. For tests and benchmarks of connectors against the sandbox.
 */
export async function readChunkToEnd(
  connector: SourceConnector,
  request: Omit<PageRequest, 'cursor' | 'signal'> & {
    signal?: AbortSignal;
    cursor?: Cursor | null;
  },
  options: { maxFailures?: number; maxWaitMs?: number } = {},
): Promise<{ records: SourceRecord[]; stats: ReadToEndStats }> {
  const signal = request.signal ?? new AbortController().signal;
  const maxFailures = options.maxFailures ?? 100;
  const stats: ReadToEndStats = { pages: 0, requests: 0, retries: 0, throttles: 0 };
  const records: SourceRecord[] = [];
  let cursor: Cursor | null = request.cursor ?? null;
  let failures = 0;
  for (;;) {
    let page: PageResult;
    try {
      page = await connector.readPage({ ...request, cursor, signal });
    } catch (error) {
      if (!isProviderError(error) || ++failures > maxFailures) throw error;
      if (error.kind === 'rate_limited') {
        stats.throttles++;
        await sleep(Math.min(error.retryAfterMs ?? 1000, options.maxWaitMs ?? 10_000), signal);
      } else if (error.kind === 'retryable' || error.kind === 'malformed') {
        stats.retries++;
      } else {
        throw error;
      }
      continue;
    }
    stats.pages++;
    stats.requests += page.requests;
    stats.lastPage = page;
    records.push(...page.records);
    if (!page.nextCursor) return { records, stats };
    cursor = page.nextCursor;
  }
}

/** The `/__sandbox/truth` view of stored records: count and digest over unique external ids. */
export function digestOf(records: readonly SourceRecord[]): { count: number; digest: string } {
  const byId = new Map<string, string>();
  for (const record of records) byId.set(record.externalId, contentHash(record.data));
  const entries = [...byId].map(([externalId, hash]) => ({ externalId, contentHash: hash }));
  return { count: entries.length, digest: recordsDigest(entries) };
}
