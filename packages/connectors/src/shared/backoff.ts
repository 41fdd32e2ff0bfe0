export type BackoffPolicy = {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
};

/** Small, for transient failures inside one page fetch; the engine owns longer waits. */
export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 3, baseMs: 100, capMs: 2_000 };

/**
 * Delay before retry number `attempt` (1 = first retry): full jitter over an exponential
 * ceiling, so that many workers failing together do not retry together.
 */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}
