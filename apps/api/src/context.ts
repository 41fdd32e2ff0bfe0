import type { Pool, SyncControlDeps } from '@tributary/db';
import type { Logger } from 'pino';
import type { Caller } from './auth/bearer-key.ts';
import type { TokenBuckets } from './auth/token-bucket.ts';
import { createLoaders, type Loaders } from './data/loaders.ts';
import type { SyncEventHub } from './events/sync-event-hub.ts';
import type { OAuthSettings } from './oauth/oauth-settings.ts';
import type { PercentFloors } from './progress/percent-floor.ts';
import type { WebhookUrlPolicy } from './webhooks/webhook-url.ts';

/** Process-wide services, created once by createApiServer. */
export type ApiServices = {
  pool: Pool;
  sync: SyncControlDeps;
  hub: SyncEventHub;
  secretKey: Buffer;
  logger: Logger;
  /** Authorization-code flows (beginOAuthConnection, /oauth/callback). */
  oauth: OAuthSettings;
  /** Per-key budget of mutation fields (limits/mutation-budget-plugin.ts), HTTP and WebSocket. */
  mutationBudget: TokenBuckets;
  /** Per-key budget of HTTP requests: past it, 429 with Retry-After. */
  requestBudget: TokenBuckets;
  /** The highest percent shown per job (percent never goes backwards). */
  percentFloors: PercentFloors;
  /** Which webhook endpoint URLs are accepted (plain http to loopback outside production). */
  webhookUrls: WebhookUrlPolicy;
};

/** Per request (HTTP) or per operation (WebSocket); always authenticated. */
export type ApiContext = {
  workspaceId: string;
  apiKeyId: string;
  /** The key behind the request: its scope, name (audit log) and expiry. */
  caller: Caller;
  services: ApiServices;
  loaders: Loaders;
};

/** The context of one operation by `caller`, the same over HTTP and WebSocket. */
export function callerContext(caller: Caller, services: ApiServices): ApiContext {
  return {
    workspaceId: caller.workspaceId,
    apiKeyId: caller.apiKeyId,
    caller,
    services,
    loaders: createLoaders(services.pool, caller.workspaceId),
  };
}
