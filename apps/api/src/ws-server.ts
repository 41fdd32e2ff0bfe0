import type { Server } from 'node:http';
import {
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from 'graphql/index.js';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import { authenticate, type Caller, noteKeyUse, stillValid } from './auth/bearer-key.ts';
import { type ApiContext, type ApiServices, callerContext } from './context.ts';
import { createLoaders } from './data/loaders.ts';
import { AuthError } from './errors/app-error.ts';
import { maskError } from './errors/mask-error.ts';
import { createSharedSubscribe } from './events/shared-subscribe.ts';
import type { OperationGuard } from './limits/operation-guard.ts';

const CLOSE_FORBIDDEN = 4403;
// setTimeout holds at most 2^31-1 ms (~24.8 days); a later expiry re-arms on the way.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The codes Apollo gives errors outside execution over HTTP (parse, validation, variables). */
function coded(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code) return error;
  return new GraphQLError(error.message, {
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
    extensions: { ...error.extensions, code },
  });
}

/**
 * graphql-ws on the HTTP server's port (path /graphql). The key is checked in connection_init;
 * a revoked key's sockets are closed as soon as the revocation is announced, an expiring key's
 * at its expiry. Every operation goes through the same guard as HTTP (token limit, validation
 * rules, key scope, mutation rate) and every error through the same masking.
 */
export function attachWebSocketServer(options: {
  server: Server;
  schema: GraphQLSchema;
  services: ApiServices;
  guard: OperationGuard;
  maxPayloadBytes: number;
  logger: Logger;
}) {
  const { services, guard, logger } = options;
  const wss = new WebSocketServer({
    server: options.server,
    path: '/graphql',
    maxPayload: options.maxPayloadBytes,
  });
  const callers = new WeakMap<WebSocket, Caller>();
  const socketsByKey = new Map<string, Set<WebSocket>>();
  const rules = [...specifiedRules, ...guard.validationRules];
  // Resolvers below a subscription read only the workspace's data, so subscribers of one
  // workspace asking the same thing share each event's result.
  const subscribe = createSharedSubscribe<ApiContext>({
    scopeOf: (ctx) => ctx.workspaceId,
    contextFor: (ctx) => ({ ...ctx, loaders: createLoaders(services.pool, ctx.workspaceId) }),
  });

  const closeKey = (apiKeyId: string) => {
    for (const socket of socketsByKey.get(apiKeyId) ?? [])
      socket.close(CLOSE_FORBIDDEN, 'API key revoked');
    socketsByKey.delete(apiKeyId);
  };
  const offRevoked = services.hub.onApiKeyRevoked(closeKey);
  // Revocations announced while the listener was down: ask the database.
  const offReconnect = services.hub.onReconnect(async () => {
    const ids = [...socketsByKey.keys()];
    if (ids.length === 0) return;
    const { rows } = await services.pool.query<{ id: string }>(
      'SELECT id FROM api_keys WHERE id = ANY($1::uuid[]) AND revoked_at IS NOT NULL',
      [ids],
    );
    for (const row of rows) closeKey(row.id);
  });

  /** Closes the socket when its key expires, like a revocation. */
  const closeAtExpiry = (socket: WebSocket, expiresAt: Date) => {
    let timer: NodeJS.Timeout;
    const arm = () => {
      const left = expiresAt.getTime() - Date.now();
      if (left <= 0) {
        socket.close(CLOSE_FORBIDDEN, 'API key expired');
        return;
      }
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      timer.unref();
    };
    arm();
    socket.once('close', () => clearTimeout(timer));
  };

  const disposable = useServer<Record<string, unknown> | undefined, { socket: WebSocket }>(
    {
      schema: options.schema,
      subscribe,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const caller = await authenticate(
          services.pool,
          params.authorization ?? params.Authorization,
        ).catch((error: unknown) => {
          logger.error({ err: error }, 'WebSocket authentication failed');
          return null;
        });
        if (!caller) return false;
        const socket = ctx.extra.socket;
        callers.set(socket, caller);
        const sockets = socketsByKey.get(caller.apiKeyId) ?? new Set<WebSocket>();
        socketsByKey.set(caller.apiKeyId, sockets);
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        if (caller.expiresAt) closeAtExpiry(socket, caller.expiresAt);
        return true;
      },
      // Parse, validate and admit here rather than in graphql-ws's defaults, so the token
      // limit, rules and admission are exactly those Apollo applies over HTTP.
      onSubscribe: (ctx, _id, payload) => {
        const socket = ctx.extra.socket;
        const caller = callers.get(socket);
        if (!caller || !stillValid(caller)) {
          socket.close(CLOSE_FORBIDDEN, 'API key expired');
          return [new AuthError()];
        }
        noteKeyUse(services.pool, caller.apiKeyId);
        // The same per-key request budget as an HTTP request (which answers 429 + Retry-After).
        const wait = services.requestBudget.take(caller.apiKeyId);
        if (wait > 0) {
          return [
            new GraphQLError(`Too many requests for this API key; retry in ${wait} s`, {
              extensions: { code: 'RATE_LIMITED', retryAfterSeconds: wait },
            }),
          ];
        }
        let document: ReturnType<typeof parse>;
        try {
          document = parse(payload.query, guard.parseOptions);
        } catch (error) {
          if (error instanceof GraphQLError) return [coded(error, 'GRAPHQL_PARSE_FAILED')];
          throw error;
        }
        const invalid = validate(options.schema, document, rules);
        if (invalid.length > 0) return invalid.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED'));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) {
          return [
            new GraphQLError('Unable to identify operation', {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
          ];
        }
        const refusal = guard.admit(operation, document, caller);
        if (refusal) return [refusal];
        return {
          schema: options.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: callerContext(caller, services),
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors) return;
        return {
          ...result,
          // Pathless errors of an executed operation are its variables' (Apollo: BAD_USER_INPUT).
          errors: result.errors.map((error) =>
            maskError(
              (error.path ? error : coded(error, 'BAD_USER_INPUT')).toJSON(),
              error,
              logger,
            ),
          ),
        };
      },
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((error) => {
          // graphql-ws wraps an error thrown by a subscription's event stream without a path,
          // which would pass for a client error: it is internal unless it is a GraphQLError.
          const cause = error.originalError;
          if (cause && !(cause instanceof GraphQLError)) {
            logger.error({ err: cause }, 'subscription failed');
            return {
              message: 'Internal server error',
              extensions: { code: 'INTERNAL_SERVER_ERROR' },
            };
          }
          return maskError(error.toJSON(), error, logger);
        }),
    },
    wss,
  );

  return {
    async close() {
      offRevoked();
      offReconnect();
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
