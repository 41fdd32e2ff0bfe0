import type { ProviderId, SourceConnector } from '@tributary/core';
import type { Pool, Queue, SecretKeys } from '@tributary/db';
import type { Logger } from 'pino';
import type { EngineConfig } from './engine-config.ts';
import type { Governor } from './governor.ts';
import type { WorkerMetrics } from './metrics.ts';

/** Everything the chunk runner and planner use: real ports, passed in. */
export type EngineDeps = {
  pool: Pool;
  queue: Queue;
  /** The current key seals; previous ones (TRIBUTARY_SECRET_KEYS_OLD) still open. */
  secretKey: SecretKeys;
  connectors: Record<ProviderId, SourceConnector>;
  governor: Governor;
  config: EngineConfig;
  logger: Logger;
  /** Set on SIGTERM: runners stop after committing their current page. */
  stopping: { requested: boolean };
  /** This process's own Prometheus counters (absent in engine tests that build deps). */
  metrics?: WorkerMetrics;
};
