import type { SandboxRequest, SandboxResponse } from '../shared/types.ts';
import { type AdAccount, type AdEntity, listOf } from './ad-account.ts';
import {
  EFFECTIVE_STATUSES,
  effectiveStatus,
  entityJson,
  NODE_FIELDS,
  NODE_TYPE_NAMES,
} from './entity-json.ts';
import type { InsightLevel } from './fields.ts';
import {
  decodeCursor,
  encodeCursor,
  nextUrl,
  paramError,
  parseFields,
  parseFiltering,
  parseLimit,
} from './graph-params.ts';

const FILTERS = {
  updated_time: ['GREATER_THAN', 'LESS_THAN'],
  id: ['IN'],
  effective_status: ['IN'],
} as const;

/**
 * `GET /act_{id}/campaigns|adsets|ads`: id order, cursor paging, `updated_time` filtering.
 * Without an `effective_status` parameter (or filter) the edges leave ARCHIVED and DELETED
 * objects out; naming those statuses brings them back.
 * https://developers.facebook.com/docs/marketing-api/best-practices/manage-your-ad-object-status
 * https://developers.facebook.com/ads/blog/post/2014/09/24/deleted-vs-archived/
 */
export function listEntities(
  account: AdAccount,
  level: InsightLevel,
  request: SandboxRequest,
  baseUrl: string,
  today: number,
  traceSeed: number,
): SandboxResponse {
  const { query } = request;
  const fields = parseFields(
    query.get('fields'),
    NODE_FIELDS[level],
    NODE_TYPE_NAMES[level],
    ['id'],
    traceSeed,
  );
  const limit = parseLimit(query.get('limit'), traceSeed);
  const filters = parseFiltering(query.get('filtering'), FILTERS, traceSeed);
  const after = decodeCursor(query.get('after'), traceSeed);
  const statuses = parseEffectiveStatus(query.get('effective_status'), level, traceSeed);
  const statusFilter = filters.find((filter) => filter.field === 'effective_status');
  if (statusFilter) {
    statuses.push(...checkStatuses(statusFilter.value as unknown[], level, traceSeed));
  }
  const matches = (entity: AdEntity) =>
    (statuses.length === 0
      ? entity.status === 'ACTIVE' || entity.status === 'PAUSED'
      : statuses.includes(effectiveStatus(account, entity))) &&
    filters.every((filter) => {
      if (filter.field === 'effective_status') return true;
      if (filter.field === 'id') return (filter.value as unknown[]).map(String).includes(entity.id);
      const seconds = Math.floor(entity.updatedMs / 1000);
      const bound = Number(filter.value);
      return filter.operator === 'GREATER_THAN' ? seconds > bound : seconds < bound;
    });

  const list = listOf(account, level);
  const page: AdEntity[] = [];
  let hasMore = false;
  for (let i = after === undefined ? 0 : firstAfter(list, after); i < list.length; i++) {
    const entity = list[i]!;
    if (!matches(entity)) continue;
    if (page.length === limit) {
      hasMore = true;
      break;
    }
    page.push(entity);
  }
  const body: Record<string, unknown> = {
    data: page.map((entity) => entityJson(account, entity, fields, today)),
  };
  // `summary=total_count` (or `summary=true`) adds the count of everything the query matches.
  // https://developers.facebook.com/docs/graph-api/results ("summary")
  const summary = query.get('summary');
  if (summary !== null && summary !== 'false') {
    const wanted = summary.split(',').map((part) => part.trim());
    if (!wanted.every((part) => part === 'total_count' || part === 'true')) {
      throw paramError(`summary field ${summary} is invalid; expected total_count`, traceSeed);
    }
    body.summary = { total_count: list.filter(matches).length };
  }
  const first = page[0];
  const last = page[page.length - 1];
  if (first && last) {
    const cursors = { before: encodeCursor(first.id), after: encodeCursor(last.id) };
    body.paging = hasMore
      ? { cursors, next: nextUrl(baseUrl, request.path, query, cursors.after) }
      : { cursors };
  }
  return { status: 200, body };
}

/** Index of the first entity whose id sorts after `id` (ids are fixed-width, appended in order). */
function firstAfter(list: readonly AdEntity[], id: string): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]!.id <= id) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `effective_status=["ACTIVE","ARCHIVED",…]`: a JSON array of the edge's documented values. */
function parseEffectiveStatus(
  raw: string | null,
  level: InsightLevel,
  traceSeed: number,
): string[] {
  if (raw === null || raw === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed))
    throw paramError('param effective_status must be an array.', traceSeed);
  return checkStatuses(parsed, level, traceSeed);
}

function checkStatuses(values: unknown[], level: InsightLevel, traceSeed: number): string[] {
  const allowed: readonly string[] = EFFECTIVE_STATUSES[level];
  values.forEach((value, index) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw paramError(
        `param effective_status[${index}] must be one of {${allowed.join(', ')}}`,
        traceSeed,
      );
    }
  });
  return values as string[];
}
