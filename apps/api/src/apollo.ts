import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql/index.js';
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

/**
 * graphql-js would run a subscription sent over HTTP as a one-shot query without an event and
 * fail inside; say where subscriptions live instead.
 */
const subscriptionsOverWebSocket: ApolloServerPlugin<ApiContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== 'subscription') return;
        throw new GraphQLError(
          'Subscriptions run over WebSocket: connect to this same /graphql URL with a graphql-ws client (protocol graphql-transport-ws) and send the API key as connectionParams { authorization: "Bearer <key>" }. HTTP serves queries and mutations.',
          { extensions: { code: 'SUBSCRIPTION_OVER_HTTP', http: { status: 400 } } },
        );
      },
    };
  },
};

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
    // No HTTP caching of GraphQL responses here; its per-field hook costs on every record page.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      subscriptionsOverWebSocket,
      admissionPlugin(options.guard),
    ],
    formatError: (formatted, error) => maskError(formatted, error, options.logger),
  });
}
