import type { PageRequest, PageResult } from '@tributary/core';
import { z } from 'zod';
import { graphGet } from '../facebook-graph/graph-get.ts';
import { graphList, nextAfter } from '../facebook-graph/paging.ts';
import { chunkError } from './chunk-error.ts';
import {
  GRAPH_VERSION,
  INSIGHT_FIELDS,
  INSIGHT_LEVELS,
  type InsightLevel,
  MAX_ENTITIES_PER_INSIGHTS_CALL,
} from './fields.ts';
import { windowDays } from './insights-window.ts';
import { DEFAULT_PAGE_SIZE } from './read-structure.ts';

const cursorSchema = z.object({ after: z.string().min(1) });

/**
 * One page of daily insights (`kind: 'insights'`) for ≤50 campaigns / ≤50 ad sets / ≤100 ads
 * over the chunk's window in whole UTC days. externalId `${level}:${id}:${date_start}`.
 */
export async function readInsightsPage(
  request: PageRequest,
  options: { timeoutMs?: number },
): Promise<PageResult> {
  const { chunk } = request;
  const level = chunk.params?.level as InsightLevel;
  if (!INSIGHT_LEVELS.includes(level)) {
    throw chunkError(`params.level must be one of ${INSIGHT_LEVELS.join(', ')}`);
  }
  const ids = chunk.entityIds ?? [];
  const max = MAX_ENTITIES_PER_INSIGHTS_CALL[level];
  if (ids.length === 0 || ids.length > max) {
    throw chunkError(`insights for level ${level} take 1–${max} entityIds, got ${ids.length}`);
  }
  if (!chunk.windowStart || !chunk.windowEnd) throw chunkError('insights chunks need a window');
  const after = request.cursor ? cursorSchema.safeParse(request.cursor) : undefined;
  if (after && !after.success) throw chunkError('cursor must be {after: string}');
  const days = windowDays(chunk.windowStart, chunk.windowEnd);
  if (!days) return { records: [], nextCursor: null, usage: [], requests: 0 };

  const idField = `${level}_id`;
  const row = z.looseObject({ date_start: z.string().min(1), [idField]: z.string().min(1) });
  const { body, usage, requests } = await graphGet({
    provider: 'FACEBOOK_ADS',
    baseUrl: request.baseUrl,
    allowedOrigins: request.allowedOrigins,
    path: `/${GRAPH_VERSION}/${request.accountId}/insights`,
    query: {
      level,
      time_increment: '1',
      time_range: JSON.stringify(days),
      filtering: JSON.stringify([{ field: `${level}.id`, operator: 'IN', value: ids }]),
      fields: INSIGHT_FIELDS[level].join(','),
      limit: String(request.pageSize ?? DEFAULT_PAGE_SIZE),
      after: after?.data.after,
    },
    accessToken: request.credentials.accessToken,
    usageKey: `FACEBOOK_ADS:${request.accountId}`,
    schema: graphList(row),
    signal: request.signal,
    timeoutMs: options.timeoutMs,
  });
  const next = nextAfter(body.paging);
  return {
    records: body.data.map((data: Record<string, unknown>) => ({
      stream: 'ad_insights_daily',
      externalId: `${level}:${data[idField]}:${data.date_start}`,
      data,
    })),
    nextCursor: next ? { after: next } : null,
    usage,
    requests,
  };
}
