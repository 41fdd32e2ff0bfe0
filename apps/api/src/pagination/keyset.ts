import { ValidationError } from '../errors/app-error.ts';

export type PageArgs = { first?: number | null; after?: string | null };

export type Connection<T> = {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
};

/** Validates `first`: absent → the default; out of range → a VALIDATION error on `first`. */
export function pageSize(
  args: { first?: number | null },
  options: { defaultSize?: number; max: number },
): number {
  const first = args.first;
  if (first === null || first === undefined)
    return Math.min(options.defaultSize ?? 20, options.max);
  if (!Number.isInteger(first) || first < 0 || first > options.max) {
    throw new ValidationError('first', `first must be between 0 and ${options.max}; got ${first}`);
  }
  return first;
}

/** Opaque cursor: base64url of a small JSON value; clients must not build them. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T>(
  cursor: string | null | undefined,
  isValid: (value: unknown) => value is T,
  argument = 'after',
): T | null {
  if (cursor === null || cursor === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!isValid(value))
    throw new ValidationError(argument, `${argument} is not a cursor this field returned`);
  return value;
}

/** `rows` holds up to size + 1 rows; the extra one only says there is a next page. */
export function toConnection<T>(
  rows: T[],
  size: number,
  cursorOf: (row: T) => string,
  afterGiven: boolean,
): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: afterGiven,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Keyset cursor over (timestamp, id) for newest-first lists. */
export type TimeIdCursor = [string, string];
export const isTimeIdCursor = (value: unknown): value is TimeIdCursor =>
  Array.isArray(value) &&
  value.length === 2 &&
  typeof value[0] === 'string' &&
  !Number.isNaN(Date.parse(value[0])) &&
  typeof value[1] === 'string' &&
  /^[0-9a-f-]{36}$/.test(value[1]);

export const timeIdCursor = (row: { createdAt: Date; id: string }) =>
  encodeCursor([row.createdAt.toISOString(), row.id] satisfies TimeIdCursor);
