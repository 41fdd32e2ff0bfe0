import type { RetryPolicy } from '@tributary/core';

/** Tunables of the engine; tests shrink them to exercise leases and budgets quickly. */
export type EngineConfig = {
  workerId: string;
  leaseMs: number;
  /** Chunks of one connection running at once (across all workers). */
  connectionConcurrency: number;
  timeBudgetMs: number;
  /**
   * How long a lane keeps its handler on one connection before handing its next chunk back to
   * the queue, where other connections' waiting jobs compete by priority: with more connections
   * than handlers, this bounds how long one waits.
   */
  laneTurnMs: number;
  pageBudget: number | undefined;
  maxAttempts: number;
  retry: RetryPolicy;
  stallLeases: number;
  /** A governor wait longer than this reschedules the chunk instead of sleeping in it. */
  maxInlineWaitMs: number;
  /** Sandbox admin URL for sandbox connections without a stored base URL. */
  sandboxUrl: string | undefined;
};
