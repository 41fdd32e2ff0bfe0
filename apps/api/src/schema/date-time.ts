import { GraphQLError } from 'graphql/index.js';

// RFC 3339: a full-date (midnight UTC), or a date-time with seconds and a required offset.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2})))?$/;

const badDate = (value: unknown, why: string) =>
  new GraphQLError(
    `DateTime must be an RFC 3339 timestamp such as 2026-01-31T00:00:00Z (${why}); got ${JSON.stringify(value)?.slice(0, 60)}`,
    { extensions: { code: 'VALIDATION' } },
  );

export function parseDateTime(value: unknown): Date {
  const match = typeof value === 'string' ? RFC3339.exec(value) : null;
  if (!match) throw badDate(value, 'not in that format');
  const [, y = '', mo = '', d = '', h = '0', mi = '0', s = '0', , , oh = '0', om = '0'] = match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  // Date.UTC rolls 2026-02-30 over into March; a date that rolls over does not exist.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (
    month < 1 ||
    month > 12 ||
    calendar.getUTCFullYear() !== year ||
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day
  ) {
    throw badDate(value, `${y}-${mo}-${d} is not a calendar date`);
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw badDate(value, 'the time of day is out of range');
  }
  if (Number(oh) > 23 || Number(om) > 59) throw badDate(value, 'the offset is out of range');
  const date = new Date((value as string).toUpperCase());
  if (Number.isNaN(date.getTime())) throw badDate(value, 'out of range');
  return date;
}
