import { InvalidProgressInputError } from './progress-errors.ts';

/**
 * Items per second, smoothed: an exponentially weighted moving average whose weight depends on
 * how much time the new sample covers, so pages arriving at irregular intervals count by their
 * duration, not their number. After `halfLifeMs` an old rate carries half its weight.
 */
export function updateThroughput(
  previousPerSecond: number | null,
  items: number,
  elapsedMs: number,
  halfLifeMs = 10_000,
): number {
  if (!Number.isFinite(items) || items < 0) {
    throw new InvalidProgressInputError(`items must be a non-negative number, got ${items}`);
  }
  if (!Number.isFinite(elapsedMs) || elapsedMs < 0) {
    throw new InvalidProgressInputError(
      `elapsedMs must be a non-negative number, got ${elapsedMs}`,
    );
  }
  if (!Number.isFinite(halfLifeMs) || halfLifeMs <= 0) {
    throw new InvalidProgressInputError(`halfLifeMs must be positive, got ${halfLifeMs}`);
  }
  // No time passed: a rate cannot be measured; keep what we had.
  if (elapsedMs === 0) return previousPerSecond ?? 0;
  const sample = (items * 1000) / elapsedMs;
  if (previousPerSecond === null) return sample;
  const weight = 1 - 2 ** (-elapsedMs / halfLifeMs);
  return previousPerSecond + weight * (sample - previousPerSecond);
}
