import type { CodegenConfig } from '@graphql-codegen/cli';
import * as mutations from './src/graphql/mutations.ts';
import * as queries from './src/graphql/queries.ts';
import * as subscriptions from './src/graphql/subscriptions.ts';

// The documents are the strings the dashboard sends (their shared selections are interpolated
// at runtime), so codegen is handed those strings rather than plucking them from the source.
const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: Object.values({ ...queries, ...mutations, ...subscriptions }),
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript-operations'],
      config: {
        enumType: 'string-literal',
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
