import type { BreakerPolicy, ConnectionLimits, RetryPolicy } from '@tributary/core';

/** Tunables of the engine; tests shrink them to exercise leases and budgets quickly. */
export type EngineConfig = {
  workerId: string;
  leaseMs: number;
  /**
   * Chunks of one connection running at once (across all workers), by its provider: each has
   * one request in flight, so this is the provider's documented concurrency (Graph mail: 4 per
   * mailbox) or, for budget-paced providers, the engine's bound (see connectionLimits).
   */
  connectionLimits: ConnectionLimits;
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
  /** Outage parking: when a provider account's transient failures pause its chunks together. */
  breaker: BreakerPolicy;
  /** A governor wait longer than this reschedules the chunk instead of sleeping in it. */
  maxInlineWaitMs: number;
  /** Per-request timeout of provider calls (the connectors' default, 30 s, when undefined). */
  requestTimeoutMs: number | undefined;
  /** Sandbox admin URL for sandbox connections without a stored base URL. */
  sandboxUrl: string | undefined;
};
