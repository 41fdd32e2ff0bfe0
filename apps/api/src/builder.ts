import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import type { ApiContext } from './context.ts';
import { AppError, RateLimitedError } from './errors/app-error.ts';
import MutationBudgetPlugin from './limits/mutation-budget-plugin.ts';
import ForwardOnlyConnectionsPlugin from './pagination/forward-only-plugin.ts';

export const builder = new SchemaBuilder<{
  Context: ApiContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  // Order matters: the mutation budget's wrapper runs inside the errors plugin's (see there).
  plugins: [ErrorsPlugin, RelayPlugin, MutationBudgetPlugin, ForwardOnlyConnectionsPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Our own `node` (schema/node-query.ts): Pothos' throws on an undecodable id and quotes it whole.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    firstArgOptions: {
      description: 'Page size; each list’s description gives its default and largest page.',
    },
    afterArgOptions: { description: 'An `endCursor` (or edge cursor) from the previous page.' },
  },
  errors: {
    // Only intended errors (AppError and subclasses) become union members; the rest are masked.
    // Every mutation can be refused by its key's budget, so every result union lists that too.
    defaultTypes: [AppError, RateLimitedError],
    directResult: true,
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
