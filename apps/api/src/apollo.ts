import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql/index.js';
import type { Logger } from 'pino';
import type { ApiContext } from './context.ts';
import { maskError } from './errors/mask-error.ts';
import type { OperationGuard } from './limits/operation-guard.ts';

/** Key scope and mutation rate, checked once the operation is known (the same check as WebSocket). */
function admissionPlugin(guard: OperationGuard): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (!operation) return;
          const refusal = guard.admit(operation, document, contextValue.caller);
          if (refusal) throw refusal;
        },
      };
    },
  };
}

export function createApollo(options: {
  schema: GraphQLSchema;
  guard: OperationGuard;
  logger: Logger;
}): ApolloServer<ApiContext> {
  return new ApolloServer<ApiContext>({
    schema: options.schema,
    // Introspection is public like /schema.graphql (see http/introspection-only.ts).
    introspection: true,
    includeStacktraceInErrorResponses: false,
    validationRules: options.guard.validationRules,
    parseOptions: options.guard.parseOptions,
    // The default landing page loads Apollo Sandbox from a CDN; we serve our own page instead.
    plugins: [ApolloServerPluginLandingPageDisabled(), admissionPlugin(options.guard)],
    formatError: (formatted, error) => maskError(formatted, error, options.logger),
  });
}
