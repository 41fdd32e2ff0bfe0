import { tooMuchData } from '../facebook-graph/graph-error-bodies.ts';
import { parseDay } from '../facebook-graph/graph-time.ts';
import type { FaultSettings, SandboxRequest, SandboxResponse } from '../shared/types.ts';
import { type AdAccount, listOf } from './ad-account.ts';
import { INSIGHT_LEVELS, type InsightLevel } from './fields.ts';
import {
  decodeCursor,
  encodeCursor,
  nextUrl,
  paramError,
  parseFields,
  parseFiltering,
  parseLimit,
} from './graph-params.ts';
import { activeDays, INSIGHT_ROW_FIELDS, insightRow } from './insight-rows.ts';

const FILTERS = { 'campaign.id': ['IN'], 'adset.id': ['IN'], 'ad.id': ['IN'] } as const;

/**
 * `GET /act_{id}/insights?level&time_increment=1&time_range&filtering&fields`: one row per
 * entity per delivering day, entity by entity in id order, paged by offset cursors.
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
  const { query } = request;
  const level = query.get('level') as InsightLevel | null;
  if (!level || !INSIGHT_LEVELS.includes(level)) {
    throw paramError('level must be one of the following values: ad, adset, campaign', traceSeed);
  }
  if (query.get('time_increment') !== '1') {
    throw paramError('time_increment must be 1 in this sandbox (daily rows)', traceSeed);
  }
  const [sinceDay, untilDay] = parseTimeRange(query.get('time_range'), traceSeed);
  const fields = parseFields(
    query.get('fields'),
    INSIGHT_ROW_FIELDS,
    'AdsInsights',
    ['date_start', 'date_stop', 'impressions', 'spend'],
    traceSeed,
  );
  const limit = parseLimit(query.get('limit'), traceSeed);
  const filters = parseFiltering(query.get('filtering'), FILTERS, traceSeed);
  const cursor = decodeCursor(query.get('after'), traceSeed);
  const offset = cursor?.startsWith('offset:') ? Number(cursor.slice(7)) : 0;

  const entities = listOf(account, level).filter((entity) =>
    filters.every((filter) => {
      const ids = (filter.value as unknown[]).map(String);
      const key = filter.field.slice(0, -3) as InsightLevel;
      const own =
        key === 'campaign'
          ? entity.campaignId
          : key === 'adset'
            ? entity.adsetId
            : entity.level === 'ad'
              ? entity.id
              : undefined;
      return own !== undefined && ids.includes(own);
    }),
  );
  const cells = entities.length * (untilDay - sinceDay + 1);
  if (faults?.tooMuchDataCells !== undefined && cells > faults.tooMuchDataCells) {
    return tooMuchData(traceSeed);
  }

  const rows: Record<string, unknown>[] = [];
  // Rows are counted, not stored: skip whole entities until the cursor's offset.
  let toSkip = offset;
  let hasMore = false;
  for (const entity of entities) {
    const [first, last] = activeDays(entity, sinceDay, untilDay, today);
    const count = last >= first ? last - first + 1 : 0;
    if (count <= toSkip) {
      toSkip -= count;
      continue;
    }
    for (let day = first + toSkip; day <= last; day++) {
      if (rows.length === limit) {
        hasMore = true;
        break;
      }
      rows.push(insightRow(seed, account, entity, day, fields));
    }
    toSkip = 0;
    if (hasMore) break;
  }
  const body: Record<string, unknown> = { data: rows };
  if (rows.length > 0) {
    const cursors = {
      before: encodeCursor(`offset:${offset}`),
      after: encodeCursor(`offset:${offset + rows.length}`),
    };
    body.paging = hasMore
      ? { cursors, next: nextUrl(baseUrl, request.path, query, cursors.after) }
      : { cursors };
  }
  return { status: 200, body };
}

function parseTimeRange(raw: string | null, traceSeed: number): [number, number] {
  let range: { since?: unknown; until?: unknown } | undefined;
  try {
    range = raw === null ? undefined : JSON.parse(raw);
  } catch {
    range = undefined;
  }
  const since = typeof range?.since === 'string' ? parseDay(range.since) : undefined;
  const until = typeof range?.until === 'string' ? parseDay(range.until) : undefined;
  if (since === undefined || until === undefined || since > until) {
    throw paramError(
      'Please provide a valid time_range with since ≤ until as YYYY-MM-DD',
      traceSeed,
    );
  }
  return [since, until];
}
