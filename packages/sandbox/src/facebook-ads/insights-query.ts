import { parseDay } from '../facebook-graph/graph-time.ts';
import { type AdAccount, type AdEntity, listOf } from './ad-account.ts';
import { datePresetDays } from './date-preset.ts';
import { effectiveStatus } from './entity-json.ts';
import { INSIGHT_LEVELS, type InsightLevel } from './fields.ts';
import { paramError, parseFields, parseFiltering } from './graph-params.ts';
import { activeDays, INSIGHT_ROW_FIELDS, insightRow } from './insight-rows.ts';

/**
 * Filters the insights edge takes: ids per level, and each level's `effective_status`.
 * https://developers.facebook.com/docs/marketing-api/insights/parameters ("filtering")
 */
const FILTERS = {
  'campaign.id': ['IN'],
  'adset.id': ['IN'],
  'ad.id': ['IN'],
  'campaign.effective_status': ['IN'],
  'adset.effective_status': ['IN'],
  'ad.effective_status': ['IN'],
} as const;

/**
 * The documented `breakdowns` values. The emulator splits no rows by them, so it answers a
 * known breakdown with Graph's invalid-parameter error rather than ignoring it, and an unknown
 * one with the list of allowed values, as Graph does.
 * https://developers.facebook.com/docs/marketing-api/insights/breakdowns
 */
const BREAKDOWNS = [
  'age',
  'country',
  'device_platform',
  'dma',
  'frequency_value',
  'gender',
  'hourly_stats_aggregated_by_advertiser_time_zone',
  'hourly_stats_aggregated_by_audience_time_zone',
  'impression_device',
  'platform_position',
  'publisher_platform',
  'region',
];

/** One parsed insights query: the same for the sync edge and for an async report run. */
export type InsightsQuery = {
  level: InsightLevel;
  sinceDay: number;
  untilDay: number;
  fields: readonly string[];
  entities: AdEntity[];
};

/**
 * Reads `level`, `time_increment=1`, `time_range` or `date_preset` (default `last_30d`),
 * `fields`, `filtering` and `breakdowns`, as the insights edge documents them.
 * https://developers.facebook.com/docs/marketing-api/insights/parameters
 */
export function parseInsightsQuery(
  account: AdAccount,
  params: URLSearchParams,
  today: number,
  traceSeed: number,
): InsightsQuery {
  const level = params.get('level') as InsightLevel | null;
  if (!level || !INSIGHT_LEVELS.includes(level)) {
    throw paramError('level must be one of the following values: ad, adset, campaign', traceSeed);
  }
  if (params.get('time_increment') !== '1') {
    throw paramError('time_increment must be 1 in this sandbox (daily rows)', traceSeed);
  }
  const breakdowns = params.get('breakdowns');
  if (breakdowns !== null && breakdowns !== '') {
    const first = breakdowns.split(',')[0]!.trim();
    if (!BREAKDOWNS.includes(first)) {
      throw paramError(
        `breakdowns[0] must be one of the following values: ${BREAKDOWNS.join(', ')}`,
        traceSeed,
      );
    }
    throw paramError(
      `Breakdown ${first} is not available for these metrics in this sandbox; request without breakdowns`,
      traceSeed,
    );
  }
  const [sinceDay, untilDay] = params.has('time_range')
    ? parseTimeRange(params.get('time_range'), traceSeed)
    : datePresetDays(params.get('date_preset') ?? 'last_30d', today, account.createdMs, traceSeed);
  const fields = parseFields(
    params.get('fields'),
    INSIGHT_ROW_FIELDS,
    'AdsInsights',
    ['date_start', 'date_stop', 'impressions', 'spend'],
    traceSeed,
  );
  const filters = parseFiltering(params.get('filtering'), FILTERS, traceSeed).map(
    (filter): ValueFilter => ({
      key: filter.field.split('.')[0] as InsightLevel,
      byId: filter.field.endsWith('.id'),
      values: new Set((filter.value as unknown[]).map(String)),
    }),
  );
  const entities = candidates(account, level, filters).filter((entity) =>
    visible(account, entity, filters),
  );
  return { level, sinceDay, untilDay, fields, entities };
}

/** One `filtering` entry, its values as a set (read once per query, not once per entity). */
type ValueFilter = { key: InsightLevel; byId: boolean; values: Set<string> };

/**
 * The entities a query can match, in id order. A query naming ids at its own level (the
 * engine's 50-campaign / 100-ad chunks) looks them up instead of scanning the level, so a
 * page costs the same in an account of a thousand ads or of a hundred thousand.
 */
function candidates(account: AdAccount, level: InsightLevel, filters: ValueFilter[]): AdEntity[] {
  const named = filters.find((filter) => filter.byId && filter.key === level);
  if (!named) return listOf(account, level);
  const found: AdEntity[] = [];
  for (const id of named.values) {
    const entity = account.byId.get(id);
    if (entity?.level === level) found.push(entity);
  }
  // Ids are fixed-width and handed out in order: their string order is the level's order.
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Whether an entity's rows are in the answer. ARCHIVED and DELETED objects are left out of
 * account-level insights unless the query names them: by id, or by an `effective_status` filter
 * that lists their status ("you can continue to retrieve stats ... by querying the object ID").
 * https://developers.facebook.com/docs/marketing-api/best-practices/manage-your-ad-object-status
 */
function visible(account: AdAccount, entity: AdEntity, filters: ValueFilter[]): boolean {
  let named = false;
  for (const filter of filters) {
    const owner = ownerAt(account, entity, filter.key);
    if (!owner) return false;
    if (filter.byId) {
      if (!filter.values.has(owner.id)) return false;
      named = true;
    } else {
      if (!filter.values.has(effectiveStatus(account, owner))) return false;
      if (owner === entity) named = true;
    }
  }
  return named || entity.status === 'ACTIVE' || entity.status === 'PAUSED';
}

/** The entity itself or the campaign / ad set above it; none for levels below it. */
function ownerAt(account: AdAccount, entity: AdEntity, key: InsightLevel): AdEntity | undefined {
  if (key === entity.level) return entity;
  if (key === 'campaign') return account.byId.get(entity.campaignId);
  if (key === 'adset' && entity.adsetId) return account.byId.get(entity.adsetId);
  return undefined;
}

/** Rows the query yields over all its pages (one per entity per delivering day). */
export function countQueryRows(query: InsightsQuery, today: number): number {
  let count = 0;
  for (const entity of query.entities) {
    const [first, last] = activeDays(entity, query.sinceDay, query.untilDay, today);
    if (last >= first) count += last - first + 1;
  }
  return count;
}

/** Rows [offset, offset + limit) of the query, entity by entity in id order. */
export function queryRows(
  seed: number,
  account: AdAccount,
  query: InsightsQuery,
  today: number,
  offset: number,
  limit: number,
): { rows: Record<string, unknown>[]; hasMore: boolean } {
  const rows: Record<string, unknown>[] = [];
  // Rows are counted, not stored: skip whole entities until the offset.
  let toSkip = offset;
  for (const entity of query.entities) {
    const [first, last] = activeDays(entity, query.sinceDay, query.untilDay, today);
    const count = last >= first ? last - first + 1 : 0;
    if (count <= toSkip) {
      toSkip -= count;
      continue;
    }
    for (let day = first + toSkip; day <= last; day++) {
      if (rows.length === limit) return { rows, hasMore: true };
      rows.push(insightRow(seed, account, entity, day, query.fields));
    }
    toSkip = 0;
  }
  return { rows, hasMore: false };
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
