import type { Server } from 'node:http';
import { GraphQLError, type GraphQLSchema, specifiedRules, validate } from 'graphql/index.js';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import { authenticate, type Caller } from './auth/bearer-key.ts';
import type { ApiContext, ApiServices } from './context.ts';
import { createLoaders } from './data/loaders.ts';
import { createSharedSubscribe } from './events/shared-subscribe.ts';
import { type QueryLimits, queryLimitsRule } from './limits/query-limits.ts';

const CLOSE_FORBIDDEN = 4403;

/**
 * graphql-ws on the HTTP server's port (path /graphql). The key is checked once in
 * connection_init; a revoked key's sockets are closed as soon as the revocation is announced.
 */
export function attachWebSocketServer(options: {
  server: Server;
  schema: GraphQLSchema;
  services: ApiServices;
  limits: QueryLimits;
  maxPayloadBytes: number;
  logger: Logger;
}) {
  const { services } = options;
  const wss = new WebSocketServer({
    server: options.server,
    path: '/graphql',
    maxPayload: options.maxPayloadBytes,
  });
  const callers = new WeakMap<WebSocket, Caller>();
  const socketsByKey = new Map<string, Set<WebSocket>>();
  const rules = [...specifiedRules, queryLimitsRule(options.limits)];
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

  const disposable = useServer<Record<string, unknown> | undefined, { socket: WebSocket }>(
    {
      schema: options.schema,
      validate: (schema, document) => validate(schema, document, rules),
      subscribe,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const caller = await authenticate(
          services.pool,
          params.authorization ?? params.Authorization,
        );
        if (!caller) return false;
        const socket = ctx.extra.socket;
        callers.set(socket, caller);
        const sockets = socketsByKey.get(caller.apiKeyId) ?? new Set<WebSocket>();
        socketsByKey.set(caller.apiKeyId, sockets);
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        return true;
      },
      context: (ctx): ApiContext => {
        const caller = callers.get(ctx.extra.socket);
        if (!caller)
          throw new GraphQLError('Not authenticated', { extensions: { code: 'UNAUTHENTICATED' } });
        return {
          workspaceId: caller.workspaceId,
          apiKeyId: caller.apiKeyId,
          services,
          loaders: createLoaders(services.pool, caller.workspaceId),
        };
      },
      onError: (_ctx, _id, _payload, errors) => {
        options.logger.debug({ errors: errors.map((e) => e.message) }, 'subscription error');
      },
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
