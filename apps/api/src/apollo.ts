import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql/index.js';
import type { Logger } from 'pino';
import type { TokenBuckets } from './auth/token-bucket.ts';
import type { ApiContext } from './context.ts';
import { AppError, RateLimitedError } from './errors/app-error.ts';
import { type QueryLimits, queryLimitsRule } from './limits/query-limits.ts';

/** Mutations spend one token per top-level field from the calling key's bucket. */
function rateLimitPlugin(buckets: TokenBuckets): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const wait = buckets.take(
            contextValue.apiKeyId,
            operation.selectionSet.selections.length,
          );
          if (wait > 0) throw new RateLimitedError(wait);
        },
      };
    },
  };
}

export function createApollo(options: {
  schema: GraphQLSchema;
  limits: QueryLimits;
  buckets: TokenBuckets;
  logger: Logger;
  maxTokens: number;
}): ApolloServer<ApiContext> {
  return new ApolloServer<ApiContext>({
    schema: options.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    validationRules: [queryLimitsRule(options.limits)],
    parseOptions: { maxTokens: options.maxTokens },
    // The default landing page loads Apollo Sandbox from a CDN; we serve our own page instead.
    plugins: [ApolloServerPluginLandingPageDisabled(), rateLimitPlugin(options.buckets)],
    formatError: (formatted, error) => {
      const original = unwrapResolverError(error);
      // Errors outside execution (parse, validation, variables, limits) carry no path and are
      // meant for the client; inside execution only AppErrors and plain GraphQLErrors are.
      const intended =
        original instanceof AppError ||
        !formatted.path ||
        (original instanceof GraphQLError && !original.originalError);
      if (intended) {
        const { http: _http, ...extensions } = formatted.extensions ?? {};
        // Apollo relabels every validation error; our limit rules' codes are more useful.
        const ownCode =
          original instanceof GraphQLError && original.originalError instanceof GraphQLError
            ? original.originalError.extensions.code
            : undefined;
        return {
          ...formatted,
          extensions: ownCode ? { ...extensions, code: ownCode } : extensions,
        };
      }
      // Anything else is a bug or an outage: log it, tell the client nothing internal.
      options.logger.error({ err: original, path: formatted.path }, 'resolver failed');
      return {
        message: 'Internal server error',
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    },
  });
}
