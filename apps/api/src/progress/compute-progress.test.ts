import { describe, expect, it } from 'vitest';
import type { ChunkCounts, SyncJobRow } from '../data/rows.ts';
import { computeProgress } from './compute-progress.ts';

const counts = (partial: Partial<ChunkCounts>): ChunkCounts => {
  const c = {
    PENDING: 0,
    RUNNING: 0,
    RATE_LIMITED: 0,
    SUCCEEDED: 0,
    FAILED: 0,
    CANCELLED: 0,
    ...partial,
  };
  return {
    ...c,
    total: Object.values(c).reduce((a, b) => a + b, 0),
    discoveryTotal: 0,
    discoveryDone: 0,
  };
};
const job = (patch: Partial<SyncJobRow>) =>
  ({
    status: 'RUNNING',
    itemsProcessed: 0,
    itemsEstimated: null,
    throughputPerSecond: null,
    startedAt: new Date('2026-01-01T00:00:00Z'),
    currentActivity: null,
    currentItemLabel: null,
    stage: 'RUN',
    ...patch,
  }) as SyncJobRow;
const now = new Date('2026-01-01T00:01:40Z'); // 100 s after start

describe('computeProgress (API view of a job)', () => {
  it('never shows 100 % for a running job, even with every item counted', () => {
    const p = computeProgress(
      job({ itemsProcessed: 500, itemsEstimated: 500 }),
      counts({ SUCCEEDED: 3, RUNNING: 1 }),
      now,
    );
    expect(p.percent).toBeLessThan(100);
  });

  it('shows 100 % for a SUCCEEDED job with nothing to plan, and no ETA once finished', () => {
    const p = computeProgress(
      job({ status: 'SUCCEEDED', throughputPerSecond: 5 }),
      counts({}),
      now,
    );
    expect(p).toMatchObject({ percent: 100, etaSeconds: null });
  });

  it('falls back to average throughput since start before the worker has a smoothed value', () => {
    const p = computeProgress(
      job({ itemsProcessed: 200, itemsEstimated: 1000 }),
      counts({ SUCCEEDED: 1, RUNNING: 3 }),
      now,
    );
    expect(p.throughputPerSecond).toBe(2);
    expect(p.etaSeconds).toBe(400);
  });
  it('never shows 100 for a job that is still running (counts read after the row)', () => {
    const progress = computeProgress(job({ status: 'RUNNING' }), counts({ SUCCEEDED: 4 }), now);
    expect(progress.percent).toBe(99);
    expect(
      computeProgress(job({ status: 'SUCCEEDED' }), counts({ SUCCEEDED: 4 }), now).percent,
    ).toBe(100);
  });
});
