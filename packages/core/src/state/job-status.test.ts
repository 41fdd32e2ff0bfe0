import { describe, expect, it } from 'vitest';
import { type ChunkCounts, deriveJobStatus, InvalidChunkCountsError } from './job-status.ts';

function counts(parts: Partial<Omit<ChunkCounts, 'total'>>): ChunkCounts {
  const full = {
    pending: 0,
    running: 0,
    rateLimited: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    ...parts,
  };
  return { ...full, total: Object.values(full).reduce((a, b) => a + b, 0) };
}
const run = { cancelRequested: false };
const cancel = { cancelRequested: true };

describe('deriveJobStatus', () => {
  it('rejects counts that do not add up', () => {
    expect(() => deriveJobStatus({ ...counts({ pending: 1 }), total: 2 }, run)).toThrow(
      InvalidChunkCountsError,
    );
    expect(() => deriveJobStatus({ ...counts({}), pending: -1, total: -1 }, run)).toThrow(
      InvalidChunkCountsError,
    );
  });

  it('runs while any chunk is pending, running or rate limited', () => {
    expect(deriveJobStatus(counts({ pending: 1, succeeded: 3 }), run)).toBe('RUNNING');
    expect(deriveJobStatus(counts({ rateLimited: 1, failed: 3 }), run)).toBe('RUNNING');
    expect(deriveJobStatus(counts({ running: 1 }), run)).toBe('RUNNING');
  });

  it('succeeds, completes with errors, or fails only when every chunk failed', () => {
    expect(deriveJobStatus(counts({ succeeded: 4 }), run)).toBe('SUCCEEDED');
    expect(deriveJobStatus(counts({ succeeded: 3, failed: 1 }), run)).toBe('COMPLETED_WITH_ERRORS');
    expect(deriveJobStatus(counts({ failed: 4 }), run)).toBe('FAILED');
    expect(deriveJobStatus(counts({}), run)).toBe('SUCCEEDED');
  });

  it('is cancelling while chunks still run after a cancel, then cancelled', () => {
    expect(deriveJobStatus(counts({ running: 2, pending: 3 }), cancel)).toBe('CANCELLING');
    expect(deriveJobStatus(counts({ pending: 3, succeeded: 1 }), cancel)).toBe('CANCELLED');
    expect(deriveJobStatus(counts({ cancelled: 3, succeeded: 1 }), cancel)).toBe('CANCELLED');
  });
});
