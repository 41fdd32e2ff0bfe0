import { GraphQLError, Kind } from 'graphql/index.js';
import { builder } from '../builder.ts';
import { parseDateTime } from './date-time.ts';
import { checkJsonValue } from './json-scalar.ts';

builder.scalarType('DateTime', {
  description:
    'RFC 3339 timestamp (e.g. 2026-01-31T00:00:00Z), or a full date meaning midnight UTC.',
  serialize: (value) =>
    value instanceof Date ? value.toISOString() : new Date(value).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

builder.scalarType('JSON', {
  description: 'Any JSON value (at most 32 levels deep and 10,000 values).',
  serialize: (value) => value,
  parseValue: (value) => checkJsonValue(value),
  parseLiteral: () => {
    throw new GraphQLError('JSON arguments must be passed as variables');
  },
});
