import { invalidParameter } from '../facebook-graph/graph-error-bodies.ts';
import type { SandboxResponse } from '../shared/types.ts';

/** A request parameter Graph would reject: carries the exact Graph error to answer. */
export class GraphParamError extends Error {
  constructor(readonly response: SandboxResponse) {
    super('graph parameter error');
  }
}

export function paramError(message: string, traceSeed: number): GraphParamError {
  return new GraphParamError(invalidParameter(message, traceSeed));
}

/** `fields=a,b,c`, each known to the node type, else Graph's nonexisting-field error. */
export function parseFields(
  raw: string | null,
  allowed: readonly string[],
  nodeType: string,
  fallback: readonly string[],
  traceSeed: number,
): readonly string[] {
  if (raw === null || raw.trim() === '') return fallback;
  const fields = raw
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  for (const field of fields) {
    if (!allowed.includes(field)) {
      throw paramError(
        `Tried accessing nonexisting field (${field}) on node type (${nodeType})`,
        traceSeed,
      );
    }
  }
  return fields;
}

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 500;

export function parseLimit(raw: string | null, traceSeed: number): number {
  if (raw === null) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) {
    throw paramError('Param limit must be a positive integer', traceSeed);
  }
  return Math.min(limit, MAX_LIMIT);
}

export type GraphFilter = { field: string; operator: string; value: unknown };

/** `filtering=[{"field":…,"operator":…,"value":…}]`, limited to the fields the edge supports. */
export function parseFiltering(
  raw: string | null,
  supported: Record<string, readonly string[]>,
  traceSeed: number,
): GraphFilter[] {
  if (raw === null || raw === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw paramError('param filtering must be an array.', traceSeed);
  }
  if (!Array.isArray(parsed)) throw paramError('param filtering must be an array.', traceSeed);
  return parsed.map((item: unknown) => {
    const filter = item as Partial<GraphFilter> | null;
    if (!filter || typeof filter.field !== 'string' || typeof filter.operator !== 'string') {
      throw paramError('param filtering[field, operator, value] must be set', traceSeed);
    }
    const operators = supported[filter.field];
    if (!operators) throw paramError(`Filtering field ${filter.field} is invalid.`, traceSeed);
    if (!operators.includes(filter.operator)) {
      throw paramError(
        `Filtering operator ${filter.operator} is invalid for ${filter.field}.`,
        traceSeed,
      );
    }
    if (filter.operator === 'IN' && !Array.isArray(filter.value)) {
      throw paramError(`Filtering value for ${filter.field} IN must be an array.`, traceSeed);
    }
    if (filter.operator !== 'IN' && !Number.isFinite(Number(filter.value))) {
      throw paramError(`Filtering value for ${filter.field} must be a number.`, traceSeed);
    }
    return filter as GraphFilter;
  });
}

/** Graph cursors are opaque base64; ours wrap an id or an offset. */
export function encodeCursor(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

export function decodeCursor(raw: string | null, traceSeed: number): string | undefined {
  if (raw === null || raw === '') return undefined;
  const value = Buffer.from(raw, 'base64url').toString('utf8');
  if (!/^[\w:]+$/.test(value)) throw paramError('Invalid cursor', traceSeed);
  return value;
}

/** `paging.next`: the same request with `after` moved on. */
export function nextUrl(
  baseUrl: string,
  path: string,
  query: URLSearchParams,
  after: string,
): string {
  const next = new URLSearchParams(query);
  next.set('after', after);
  return `${baseUrl}${path}?${next.toString()}`;
}
