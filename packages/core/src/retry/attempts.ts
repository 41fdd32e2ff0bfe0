/**
 * Attempts count failures without progress (invariant 3): a chunk's `attempts` is the number
 * of consecutive runs that failed having committed nothing. A run that committed at least one
 * page moved the chunk forward, so its failure starts the count afresh instead of using up the
 * budget: a long chunk under a flaky provider finishes, one that cannot move fails after
 * `maxAttempts` runs in a row.
 */
export function attemptsAfterFailure(input: {
  /** The chunk's count before this run. */
  attempts: number;
  /** This run committed at least one page before it failed. */
  progressed: boolean;
  maxAttempts: number;
}): { attempts: number; exhausted: boolean } {
  const attempts = input.progressed ? 0 : input.attempts + 1;
  return { attempts, exhausted: attempts >= input.maxAttempts };
}

/** The attempt number a retry's backoff is computed for (1-based, at least 1). */
export function retryAttemptNumber(attempts: number): number {
  return Math.max(1, attempts);
}
