import { tooMuchData } from '../facebook-graph/graph-error-bodies.ts';
import type { FaultSettings, SandboxRequest, SandboxResponse } from '../shared/types.ts';
import type { AdAccount } from './ad-account.ts';
import { decodeCursor, encodeCursor, nextUrl, parseLimit } from './graph-params.ts';
import {
  countQueryRows,
  type InsightsQuery,
  parseInsightsQuery,
  queryRows,
} from './insights-query.ts';

/**
 * `GET /act_{id}/insights?level&time_increment=1&time_range|date_preset&filtering&fields`: one
 * row per entity per delivering day, entity by entity in id order, paged by offset cursors.
 * A query of more rows than `insightsRowLimit` is refused whole, before any page, with the
 * documented 100/1487534 (Graph sizes the query, not the page).
 * https://developers.facebook.com/docs/marketing-api/insights/best-practices
 */
export function listInsights(
  seed: number,
  account: AdAccount,
  request: SandboxRequest,
  baseUrl: string,
  today: number,
  faults: Readonly<FaultSettings> | undefined,
  traceSeed: number,
): SandboxResponse {
  const query = parseInsightsQuery(account, request.query, today, traceSeed);
  const limit = faults?.insightsRowLimit;
  if (limit !== undefined && countQueryRows(query, today) > limit) return tooMuchData(traceSeed);
  return insightsPage(seed, account, query, request, baseUrl, today, traceSeed);
}

/** One page of a query's rows at the request's `after` cursor (`limit` per page, ≤ 500). */
export function insightsPage(
  seed: number,
  account: AdAccount,
  query: InsightsQuery,
  request: SandboxRequest,
  baseUrl: string,
  today: number,
  traceSeed: number,
): SandboxResponse {
  const limit = parseLimit(request.query.get('limit'), traceSeed);
  const cursor = decodeCursor(request.query.get('after'), traceSeed);
  const offset = cursor?.startsWith('offset:') ? Number(cursor.slice(7)) : 0;
  const { rows, hasMore } = queryRows(seed, account, query, today, offset, limit);
  const body: Record<string, unknown> = { data: rows };
  if (rows.length > 0) {
    const cursors = {
      before: encodeCursor(`offset:${offset}`),
      after: encodeCursor(`offset:${offset + rows.length}`),
    };
    body.paging = hasMore
      ? { cursors, next: nextUrl(baseUrl, request.path, request.query, cursors.after) }
      : { cursors };
  }
  return { status: 200, body };
}
