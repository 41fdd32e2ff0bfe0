import { describe, expect, it } from 'vitest';
import { seededRandom } from '../plan/seeded-random.ts';
import {
  DEFAULT_CHUNK_RETRY,
  InvalidRetryInputError,
  nextRetryDelay,
  type RetryPolicy,
  shouldRetry,
} from './backoff.ts';

const policy: RetryPolicy = { maxAttempts: 10, baseMs: 1000, maxMs: 60_000, factor: 2 };

describe('nextRetryDelay', () => {
  it('rejects attempts that are not 1-based integers and nonsensical policies', () => {
    expect(() => nextRetryDelay(policy, 0)).toThrow(InvalidRetryInputError);
    expect(() => nextRetryDelay(policy, 1.5)).toThrow(InvalidRetryInputError);
    expect(() => nextRetryDelay({ ...policy, maxMs: 10 }, 1)).toThrow(InvalidRetryInputError);
    expect(() => nextRetryDelay({ ...policy, factor: 0.5 }, 1)).toThrow(InvalidRetryInputError);
  });

  it('grows exponentially up to the cap (upper bound of the jitter)', () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => nextRetryDelay(policy, a, top))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000,
    ]);
    expect(nextRetryDelay(policy, 1000, top)).toBe(60_000);
  });

  it('spreads delays over the whole range (full jitter)', () => {
    const random = seededRandom(1);
    const delays = Array.from({ length: 2000 }, () => nextRetryDelay(policy, 3, random));
    expect(Math.min(...delays)).toBeLessThan(200);
    expect(Math.max(...delays)).toBeGreaterThan(3800);
    expect(delays.every((d) => d >= 0 && d <= 4000)).toBe(true);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(1800);
    expect(mean).toBeLessThan(2200);
  });

  it('clamps a random source outside [0, 1]', () => {
    expect(nextRetryDelay(policy, 1, () => 7)).toBe(1000);
    expect(nextRetryDelay(policy, 1, () => -1)).toBe(0);
  });
});

describe('shouldRetry', () => {
  it('allows maxAttempts attempts in total', () => {
    expect(shouldRetry(DEFAULT_CHUNK_RETRY, 1)).toBe(true);
    expect(shouldRetry(DEFAULT_CHUNK_RETRY, 2)).toBe(true);
    expect(shouldRetry(DEFAULT_CHUNK_RETRY, 3)).toBe(false);
    expect(() => shouldRetry(DEFAULT_CHUNK_RETRY, 0)).toThrow(InvalidRetryInputError);
  });
});
