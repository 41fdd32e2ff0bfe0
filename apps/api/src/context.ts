import type { Pool, SyncControlDeps } from '@tributary/db';
import type { Logger } from 'pino';
import type { Loaders } from './data/loaders.ts';
import type { SyncEventHub } from './events/sync-event-hub.ts';
import type { OAuthSettings } from './oauth/oauth-settings.ts';

/** Process-wide services, created once by createApiServer. */
export type ApiServices = {
  pool: Pool;
  sync: SyncControlDeps;
  hub: SyncEventHub;
  secretKey: Buffer;
  logger: Logger;
  /** Authorization-code flows (beginOAuthConnection, /oauth/callback). */
  oauth: OAuthSettings;
};

/** Per request (HTTP) or per operation (WebSocket); always authenticated. */
export type ApiContext = {
  workspaceId: string;
  apiKeyId: string;
  services: ApiServices;
  loaders: Loaders;
};
