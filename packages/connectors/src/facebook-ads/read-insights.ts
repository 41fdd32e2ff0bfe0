import { isProviderError, type PageRequest, type PageResult, rateBudgetKey } from '@tributary/core';
import { z } from 'zod';
import { graphGet } from '../facebook-graph/graph-get.ts';
import { nextAfter } from '../facebook-graph/paging.ts';
import { chunkError } from './chunk-error.ts';
import {
  ALL_EFFECTIVE_STATUSES,
  GRAPH_VERSION,
  INSIGHT_FIELDS,
  INSIGHT_LEVELS,
  type InsightLevel,
  MAX_ENTITIES_PER_INSIGHTS_CALL,
} from './fields.ts';
import { type InsightsContext, insightRecords, insightsList } from './insights-context.ts';
import { windowDays } from './insights-window.ts';
import { DEFAULT_PAGE_SIZE } from './read-structure.ts';
import {
  type AsyncCursor,
  asyncCursorSchema,
  readReportRun,
  startReportRun,
} from './report-run.ts';

const syncCursorSchema = z.strictObject({ after: z.string().min(1) });
const cursorSchema = z.union([syncCursorSchema, asyncCursorSchema]);

/**
 * Entity-days above which a chunk goes straight to an async report run. Sync reads cost one
 * request per page; a run costs a POST and at least one poll on top of the same pages, so
 * planned chunks (≤ 100 entities × 90 days = 9,000) read synchronously and turn async only when
 * Graph refuses them as too many rows.
 * https://developers.facebook.com/docs/marketing-api/insights/best-practices
 */
export const ASYNC_ABOVE_ENTITY_DAYS = 20_000;

/**
 * One page of daily insights (`kind: 'insights'`) for ≤50 campaigns / ≤50 ad sets / ≤100 ads
 * over the chunk's window in whole UTC days. externalId `${level}:${id}:${date_start}`.
 * Synchronous by default; a query Graph finds too large (100/1487534) is asked again as an
 * async report run, whose id the cursor keeps so a resumed chunk polls the same run.
 */
export async function readInsightsPage(
  request: PageRequest,
  options: InsightsContext['options'],
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
  const parsed = request.cursor ? cursorSchema.safeParse(request.cursor) : undefined;
  if (parsed && !parsed.success) {
    throw chunkError('cursor must be {after} or an async report run {run, after?, failures}');
  }
  const days = windowDays(chunk.windowStart, chunk.windowEnd);
  if (!days) return { records: [], nextCursor: null, usage: [], requests: 0 };

  const idField = `${level}_id`;
  const query = {
    level,
    time_increment: '1',
    time_range: JSON.stringify(days),
    // Named by id and by every status: deleted objects' rows are left out of account-level
    // insights otherwise (manage-your-ad-object-status, "Deleted").
    filtering: JSON.stringify([
      { field: `${level}.id`, operator: 'IN', value: ids },
      { field: `${level}.effective_status`, operator: 'IN', value: ALL_EFFECTIVE_STATUSES[level] },
    ]),
    fields: INSIGHT_FIELDS[level].join(','),
  };
  const context = { request, idField, query, options };
  const cursor = parsed?.data;
  if (cursor && 'failures' in cursor) return readReportRun(context, cursor as AsyncCursor);
  const dayCount = (Date.parse(days.until) - Date.parse(days.since)) / 86_400_000 + 1;
  if (!cursor && ids.length * dayCount > ASYNC_ABOVE_ENTITY_DAYS) {
    return startReportRun(context, 0);
  }
  try {
    const page = await readSyncPage(context, cursor?.after);
    // time_increment=1 gives at most one row per entity per day: an upper bound progress scales.
    return { ...page, estimatedTotal: ids.length * dayCount };
  } catch (error) {
    // Too many rows for one call: the same query as an async report run (Graph's advice).
    if (isProviderError(error) && error.kind === 'request_too_large') {
      const queued = await startReportRun(context, 0);
      return { ...queued, requests: queued.requests + 1 };
    }
    throw error;
  }
}

async function readSyncPage(context: InsightsContext, after: string | undefined) {
  const { request, query, options } = context;
  const { body, usage, requests } = await graphGet({
    provider: 'FACEBOOK_ADS',
    baseUrl: request.baseUrl,
    allowedOrigins: request.allowedOrigins,
    path: `/${GRAPH_VERSION}/${request.accountId}/insights`,
    query: { ...query, limit: String(request.pageSize ?? DEFAULT_PAGE_SIZE), after },
    accessToken: request.credentials.accessToken,
    usageKey: rateBudgetKey('FACEBOOK_ADS', request.accountId, 'ads_insights'),
    schema: insightsList(context.idField),
    signal: request.signal,
    timeoutMs: options.timeoutMs,
  });
  const next = nextAfter(body.paging);
  return {
    records: insightRecords(context, body.data),
    nextCursor: next ? { after: next } : null,
    usage,
    requests,
  };
}
