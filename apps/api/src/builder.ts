import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import type { ApiContext } from './context.ts';
import { AppError } from './errors/app-error.ts';

export const builder = new SchemaBuilder<{
  Context: ApiContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ErrorsPlugin, RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Our own `node` (schema/node-query.ts): Pothos' throws on an undecodable id and quotes it whole.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
  errors: {
    // Only intended errors (AppError and subclasses) become union members; the rest are masked.
    defaultTypes: [AppError],
    directResult: true,
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
