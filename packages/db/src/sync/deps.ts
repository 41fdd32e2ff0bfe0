import type { Pool } from '../pool.ts';
import type { QueueSender } from '../queue/queues.ts';

export type SyncControlDeps = {
  pool: Pool;
  queue: QueueSender;
  now?: () => Date;
};

export type SyncMode = 'INITIAL' | 'INCREMENTAL' | 'FULL_RESYNC' | 'CUSTOM_RANGE';
export type SyncPhase = 'RECENT' | 'HISTORICAL' | 'INCREMENTAL' | 'CUSTOM';

/** Job-level base priorities: the user waits on RECENT; HISTORICAL fills in behind. */
export const PHASE_PRIORITY: Record<SyncPhase, number> = {
  RECENT: 1000,
  INCREMENTAL: 800,
  CUSTOM: 600,
  HISTORICAL: 100,
};

export const ACTIVE_JOB_STATUSES = ['PENDING', 'RUNNING', 'CANCELLING'] as const;
