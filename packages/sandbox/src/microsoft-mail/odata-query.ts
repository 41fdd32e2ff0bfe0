import { GraphError } from './graph-error.ts';
import { MESSAGE_PROPERTIES } from './mailbox.ts';

/** Graph's cap on `$top` for messages. */
export const MAX_TOP = 1000;

export type ReceivedRange = { geMs?: number; gtMs?: number; leMs?: number; ltMs?: number };

export function parseTop(query: URLSearchParams, fallback: number): number {
  const raw = query.get('$top');
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) {
    throw new GraphError(
      400,
      'BadRequest',
      `Invalid $top value '${raw}': expected a positive integer.`,
    );
  }
  const top = Number(raw);
  if (top < 1 || top > MAX_TOP) {
    throw new GraphError(400, 'BadRequest', `The value of $top must be between 1 and ${MAX_TOP}.`);
  }
  return top;
}

/** `$select` as a property list (null: all properties); unknown properties are a 400 as in Graph. */
export function parseMessageSelect(query: URLSearchParams): string[] | null {
  const raw = query.get('$select');
  if (raw === null || raw.trim() === '') return null;
  const fields = raw.split(',').map((f) => f.trim());
  for (const field of fields) {
    if (!MESSAGE_PROPERTIES.has(field)) {
      throw new GraphError(
        400,
        'RequestBroker--ParseUri',
        `Could not find a property named '${field}' on type 'microsoft.graph.message'.`,
      );
    }
  }
  return [...new Set(fields)];
}

const CLAUSE = /^receivedDateTime\s+(ge|gt|le|lt)\s+(\S+)$/;

/**
 * `$filter` on receivedDateTime: clauses `receivedDateTime ge|gt|le|lt <ISO date>` joined by
 * `and`. Anything else is Graph's ErrorInvalidUrlQueryFilter.
 */
export function parseReceivedFilter(raw: string | null): ReceivedRange {
  if (raw === null || raw.trim() === '') return {};
  const range: ReceivedRange = {};
  for (const clause of raw.trim().split(/\s+and\s+/i)) {
    const match = CLAUSE.exec(clause.trim());
    if (!match) {
      throw new GraphError(
        400,
        'ErrorInvalidUrlQueryFilter',
        `The query filter contains one or more invalid nodes: '${clause.trim()}'.`,
      );
    }
    const value = match[2]!.replace(/^'(.*)'$/, '$1');
    const ms = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value)
      ? Date.parse(value)
      : Number.NaN;
    if (Number.isNaN(ms)) {
      throw new GraphError(
        400,
        'ErrorInvalidUrlQueryFilter',
        `The DateTimeOffset text '${value}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?'.`,
      );
    }
    const op = match[1] as 'ge' | 'gt' | 'le' | 'lt';
    range[`${op}Ms`] = ms;
  }
  return range;
}

export function inRange(receivedMs: number, range: ReceivedRange): boolean {
  return (
    (range.geMs === undefined || receivedMs >= range.geMs) &&
    (range.gtMs === undefined || receivedMs > range.gtMs) &&
    (range.leMs === undefined || receivedMs <= range.leMs) &&
    (range.ltMs === undefined || receivedMs < range.ltMs)
  );
}

/** Messages list in newest-first (`desc`, the default) or oldest-first order. */
export function parseOrderBy(query: URLSearchParams): 'desc' | 'asc' {
  const raw = query.get('$orderby');
  if (raw === null) return 'desc';
  const match = /^receivedDateTime(\s+(asc|desc))?$/i.exec(raw.trim());
  if (!match) {
    throw new GraphError(400, 'BadRequest', `The $orderby expression '${raw}' is not supported.`);
  }
  return match[2]?.toLowerCase() === 'asc' ? 'asc' : 'desc';
}

/**
 * `$count=true`. Only directory objects need `ConsistencyLevel: eventual` (advanced queries);
 * Outlook messages count without it, e.g. `/me/messages?$top=2&$count=true`:
 * https://learn.microsoft.com/graph/query-parameters#count-parameter
 */
export function parseCount(query: URLSearchParams): boolean {
  const raw = query.get('$count');
  if (raw === null || raw === 'false') return false;
  if (raw !== 'true') {
    throw new GraphError(
      400,
      'BadRequest',
      `Invalid $count value '${raw}': expected true or false.`,
    );
  }
  return true;
}

/** `Prefer: odata.maxpagesize=N`, when sent. */
export function preferredPageSize(prefer: string | undefined): number | undefined {
  const match = prefer ? /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer) : null;
  if (!match) return undefined;
  return Math.min(MAX_TOP, Math.max(1, Number(match[1])));
}
