import type { ProviderId, SourceConnector } from '@tributary/core';
import type { Pool, Queue } from '@tributary/db';
import type { Logger } from 'pino';
import type { EngineConfig } from './engine-config.ts';
import type { Governor } from './governor.ts';

/** Everything the chunk runner and planner use: real ports, passed in. */
export type EngineDeps = {
  pool: Pool;
  queue: Queue;
  secretKey: Buffer;
  connectors: Record<ProviderId, SourceConnector>;
  governor: Governor;
  config: EngineConfig;
  logger: Logger;
  /** Set on SIGTERM: runners stop after committing their current page. */
  stopping: { requested: boolean };
};
