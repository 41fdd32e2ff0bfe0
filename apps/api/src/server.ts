import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPool, createQueue, loadSecretKey } from '@tributary/db';
import { lexicographicSortSchema, printSchema } from 'graphql/index.js';
import type { Logger } from 'pino';
import { createApollo } from './apollo.ts';
import { TokenBuckets } from './auth/token-bucket.ts';
import type { ApiServices } from './context.ts';
import { SyncEventHub } from './events/sync-event-hub.ts';
import { handleCors } from './http/cors.ts';
import { sendExplorerPage } from './http/explorer-page.ts';
import { handleGraphqlHttp } from './http/graphql-http.ts';
import { createApiMetrics, sendMetrics } from './http/metrics.ts';
import { serveStatic } from './http/static-files.ts';
import { createOperationGuard } from './limits/operation-guard.ts';
import type { QueryLimits } from './limits/query-limits.ts';
import { createLogger } from './logger.ts';
import { handleOAuthCallback } from './oauth/handle-callback.ts';
import { CALLBACK_PATH, type OAuthOptions, type OAuthSettings } from './oauth/oauth-settings.ts';
import { PercentFloors } from './progress/percent-floor.ts';
import { schema } from './schema/index.ts';
import { attachWebSocketServer } from './ws-server.ts';

export type ApiServerOptions = {
  databaseUrl: string;
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  /** 32 bytes, or their base64 (TRIBUTARY_SECRET_KEY format). */
  secretKey: Buffer | string;
  /** Built dashboard to serve at `/` (SPA fallback); omitted: no dashboard. */
  webDist?: string;
  logger?: Logger;
  /** Per-key mutation budget (each mutation field costs one). Default 60 burst, 10/s. */
  rateLimit?: { capacity: number; perSecond: number };
  /** Per-key HTTP request budget; past it, 429 + Retry-After. Default 1000 burst, 200/s. */
  requestRateLimit?: { capacity: number; perSecond: number };
  queryLimits?: QueryLimits;
  /** Largest HTTP body / WebSocket message. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Serve GraphiQL (from `webDist`) at GET /graphql to browsers (default true). */
  explorer?: boolean;
  /** OAuth "Connect account" flows: public URL, sandbox URL, provider apps. */
  oauth?: OAuthOptions;
  /** Origins browsers may call the API from (CORS_ORIGINS); `*` for any. Default none. */
  corsOrigins?: string[];
  /**
   * Accept http://localhost, 127.0.0.0/8 and [::1] webhook endpoints (development, tests, the
   * sandbox). Default true; the API's main turns it off when NODE_ENV=production.
   */
  allowLoopbackWebhooks?: boolean;
};

export type ApiServer = { url: string; close(): Promise<void> };

function secretKeyFrom(value: Buffer | string): Buffer {
  if (Buffer.isBuffer(value)) {
    if (value.length !== 32) throw new TypeError('secretKey must be 32 bytes');
    return value;
  }
  return loadSecretKey({ env: { TRIBUTARY_SECRET_KEY: value }, dataDir: '/nonexistent' });
}

/** Starts the GraphQL API (HTTP + WebSocket on one port). Tests and benchmarks run it in-process. */
export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const logger = options.logger ?? createLogger();
  const secretKey = secretKeyFrom(options.secretKey);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const pool = createPool(options.databaseUrl, 10);
  const queue = createQueue(options.databaseUrl, {
    onError: (error) => logger.warn({ err: error }, 'queue error (pg-boss retries by itself)'),
  });
  const hub = new SyncEventHub({ databaseUrl: options.databaseUrl, pool, logger });
  const cleanup: (() => Promise<unknown>)[] = [() => pool.end()];
  try {
    await queue.start();
    cleanup.unshift(() => queue.stop({ graceful: false, timeoutMs: 2000 }));
    await hub.start();
    cleanup.unshift(() => hub.close());
  } catch (error) {
    for (const step of cleanup) await step().catch(() => {});
    throw error;
  }
  // The public URL defaults to this server's own address, known once it listens.
  let ownUrl = '';
  const { publicUrl, ...oauthRest } = options.oauth ?? {};
  const oauth: OAuthSettings = { ...oauthRest, publicUrl: () => publicUrl ?? ownUrl };
  const services: ApiServices = {
    pool,
    sync: { pool, queue },
    hub,
    secretKey,
    logger,
    oauth,
    mutationBudget: new TokenBuckets(options.rateLimit ?? { capacity: 60, perSecond: 10 }),
    requestBudget: new TokenBuckets(options.requestRateLimit ?? { capacity: 1000, perSecond: 200 }),
    percentFloors: new PercentFloors(pool),
    webhookUrls: { allowLoopbackHttp: options.allowLoopbackWebhooks ?? true },
  };
  // One guard for HTTP and WebSocket alike (the mutation budget is the schema's own plugin,
  // so it too applies to both).
  const guard = createOperationGuard({
    ...(options.queryLimits ? { limits: options.queryLimits } : {}),
  });
  const apollo = createApollo({ schema, guard, logger });
  await apollo.start();
  const sdl = printSchema(lexicographicSortSchema(schema));
  const metrics = createApiMetrics(pool, hub);
  // Path groups, not raw paths: a label per distinct URL would grow without bound.
  const pathGroup = (pathname: string) =>
    ['/graphql', '/health', '/ready', '/metrics', CALLBACK_PATH].includes(pathname)
      ? pathname
      : 'other';

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      // `GET //` and the like are not a URL this server can answer; say so, not 500.
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"malformed URL"}');
      return;
    }
    res.once('finish', () =>
      metrics.requests.inc({ path: pathGroup(pathname), status: String(res.statusCode) }),
    );
    if (handleCors(req, res, options.corsOrigins ?? [])) return;
    if (pathname === '/metrics') {
      await sendMetrics(metrics, res);
      return;
    }
    if (pathname === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (pathname === '/ready') {
      const ok = await pool.query('SELECT 1').then(
        () => true,
        () => false,
      );
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ok ? 'ready' : 'database unavailable' }));
      return;
    }
    if (pathname === '/schema.graphql') {
      // Public, like introspection: the reasons are in http/introspection-only.ts.
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(sdl);
      return;
    }
    if (pathname === '/graphql') {
      const wantsPage = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
      if (wantsPage && options.explorer !== false) {
        await sendExplorerPage(options.webDist, res);
        return;
      }
      await handleGraphqlHttp(
        req,
        res,
        apollo,
        services,
        maxBodyBytes,
        guard.parseOptions.maxTokens,
      );
      return;
    }
    if (pathname === CALLBACK_PATH) {
      await handleOAuthCallback(req, res, services, oauth);
      return;
    }
    if (options.webDist && (await serveStatic(options.webDist, req, res))) return;
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        '{"errors":[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}',
      );
    });
  });

  let ws: { close(): Promise<void> } | null = null;
  const stopAll = async () => {
    await ws?.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await apollo.stop();
    for (const step of cleanup) await step().catch(() => {});
  };

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await apollo.stop().catch(() => {});
    for (const step of cleanup) await step().catch(() => {});
    throw error;
  }
  // After listen: the WebSocket server re-emits listen errors (EADDRINUSE) as its own noise.
  ws = attachWebSocketServer({
    server,
    schema,
    services,
    guard,
    maxPayloadBytes: maxBodyBytes,
    logger,
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  // A wildcard bind is no address a browser can return to; the loopback one is.
  const publicHost = /^(0\.0\.0\.0|\[::\])$/.test(host) ? '127.0.0.1' : host;
  ownUrl = `http://${publicHost}:${address.port}`;
  return {
    url: `http://${host}:${address.port}`,
    close: () => (closing ??= stopAll()),
  };
}
