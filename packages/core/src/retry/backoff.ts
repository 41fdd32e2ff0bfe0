export type RetryPolicy = { maxAttempts: number; baseMs: number; maxMs: number; factor: number };

/** A chunk gets three attempts, waiting about 1 s then 2 s (with jitter) between them. */
export const DEFAULT_CHUNK_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseMs: 1000,
  maxMs: 60_000,
  factor: 2,
};

/** A retry policy or attempt number no caller should pass (a bug, not a provider failure). */
export class InvalidRetryInputError extends Error {
  readonly code = 'INVALID_RETRY_INPUT' as const;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidRetryInputError';
  }
}

/**
 * How long to wait before the next attempt after `attempt` (1-based) failed: exponential,
 * capped at `maxMs`, with full jitter so that chunks failing together do not retry together.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  assertPolicy(policy);
  assertAttempt(attempt);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * policy.factor ** (attempt - 1));
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.round(draw * ceiling);
}

/** Whether another attempt may follow the failed `attempt` (1-based). */
export function shouldRetry(policy: RetryPolicy, attempt: number): boolean {
  assertPolicy(policy);
  assertAttempt(attempt);
  return attempt < policy.maxAttempts;
}

function assertAttempt(attempt: number): void {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new InvalidRetryInputError(`attempt is 1-based, got ${attempt}`);
  }
}

function assertPolicy({ maxAttempts, baseMs, maxMs, factor }: RetryPolicy): void {
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new InvalidRetryInputError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  }
  if (!(baseMs >= 0) || !(maxMs >= baseMs) || !(factor >= 1) || !Number.isFinite(maxMs)) {
    throw new InvalidRetryInputError(
      `retry policy needs 0 ≤ baseMs ≤ maxMs (finite) and factor ≥ 1, got ${JSON.stringify({ baseMs, maxMs, factor })}`,
    );
  }
}
