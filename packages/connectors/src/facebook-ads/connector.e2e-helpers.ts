import {
  type ChunkInput,
  type ConnectionContext,
  isProviderError,
  type SourceConnector,
  type SourceRecord,
} from '@tributary/core';
import { sleep } from '../shared/sleep.ts';
import { readChunkToEnd } from '../testing/read-chunk-to-end.ts';
import { INSIGHT_LEVELS, MAX_ENTITIES_PER_INSIGHTS_CALL, STRUCTURE_STREAMS } from './fields.ts';

const DAY = 86_400_000;

/** Reads an ad account the way the engine plans it: structure, then insights per batch × 90 days. */
export async function readWholeAccount(
  connector: SourceConnector,
  context: ConnectionContext,
  pageSize: number,
): Promise<{
  streams: Record<string, SourceRecord[]>;
  pages: number;
  retries: number;
  throttles: number;
}> {
  const streams: Record<string, SourceRecord[]> = { ad_insights_daily: [] };
  let [pages, retries, throttles] = [0, 0, 0];
  const read = async (chunk: ChunkInput) => {
    const { records, stats } = await readChunkToEnd(connector, { ...context, chunk, pageSize });
    pages += stats.pages;
    retries += stats.retries;
    throttles += stats.throttles;
    return records;
  };
  for (const stream of STRUCTURE_STREAMS) {
    streams[stream] = await read({ stream, kind: 'structure' });
  }
  const account = await describeWithRetry(connector, context);
  const now = Date.now();
  const levelStream = { campaign: 'campaigns', adset: 'adsets', ad: 'ads' } as const;
  for (const level of INSIGHT_LEVELS) {
    const ids = streams[levelStream[level]]!.map((record) => record.externalId);
    const size = MAX_ENTITIES_PER_INSIGHTS_CALL[level];
    for (let i = 0; i < ids.length; i += size) {
      // Windows tile [creation day, now) exactly, newest first, as the historical phase does.
      const firstDay = Math.floor(account.createdAt.getTime() / DAY) * DAY;
      for (let end = now; end > firstDay; end -= 90 * DAY) {
        const start = Math.max(firstDay, end - 90 * DAY);
        const chunk: ChunkInput = {
          stream: 'ad_insights_daily',
          kind: 'insights',
          params: { level },
          entityIds: ids.slice(i, i + size),
          windowStart: new Date(start),
          windowEnd: new Date(end),
        };
        streams.ad_insights_daily!.push(...(await read(chunk)));
      }
    }
  }
  return { streams, pages, retries, throttles };
}

async function describeWithRetry(connector: SourceConnector, context: ConnectionContext) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connector.describeAccount({ ...context, signal: new AbortController().signal });
    } catch (error) {
      if (!isProviderError(error) || attempt >= 20) throw error;
      if (error.kind === 'rate_limited') await sleep(error.retryAfterMs ?? 1000);
    }
  }
}
