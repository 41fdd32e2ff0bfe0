import { GraphQLError, Kind } from 'graphql/index.js';
import { builder } from '../builder.ts';

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  // Only full ISO-8601 timestamps; `Date.parse('1')` style leniency hides client bugs.
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ||
    Number.isNaN(date.getTime())
  ) {
    throw new GraphQLError(
      `DateTime must be an ISO-8601 string such as 2026-01-31T00:00:00Z; got ${JSON.stringify(value)}`,
      {
        extensions: { code: 'VALIDATION' },
      },
    );
  }
  return date;
}

builder.scalarType('DateTime', {
  description: 'ISO-8601 timestamp (UTC).',
  serialize: (value) =>
    value instanceof Date ? value.toISOString() : new Date(value).toISOString(),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: () => {
    throw new GraphQLError('JSON arguments must be passed as variables');
  },
});
