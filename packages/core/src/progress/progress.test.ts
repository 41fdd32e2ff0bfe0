import { describe, expect, it } from 'vitest';
import { computeProgress } from './progress.ts';
import { InvalidProgressInputError } from './progress-errors.ts';

const base = {
  itemsProcessed: 0,
  itemsEstimated: null,
  chunksTotal: 10,
  chunksDone: 0,
  throughputPerSecond: null,
};

describe('computeProgress', () => {
  it('rejects negative counts', () => {
    expect(() => computeProgress({ ...base, chunksDone: -1 })).toThrow(InvalidProgressInputError);
  });

  it('shows nothing before chunks are planned and 100% only when all are done', () => {
    expect(computeProgress({ ...base, chunksTotal: 0 })).toEqual({ percent: 0, etaSeconds: null });
    expect(computeProgress({ ...base, chunksDone: 10 })).toEqual({ percent: 100, etaSeconds: 0 });
    expect(
      computeProgress({ ...base, itemsProcessed: 5000, itemsEstimated: 1000, chunksDone: 9 })
        .percent,
    ).toBe(99);
  });

  it('falls back to the chunk share without an estimate', () => {
    expect(computeProgress({ ...base, chunksDone: 3, itemsProcessed: 700 })).toEqual({
      percent: 30,
      etaSeconds: null,
    });
    expect(computeProgress({ ...base, chunksDone: 3, itemsEstimated: 0 }).percent).toBe(30);
  });

  it('follows items when the estimate is known, and chunks when the estimate lags', () => {
    const items = { ...base, itemsEstimated: 1000, itemsProcessed: 500, chunksDone: 2 };
    expect(computeProgress(items).percent).toBe(50);
    expect(computeProgress({ ...items, chunksDone: 8 }).percent).toBe(80);
  });

  it('estimates time left from throughput and items left', () => {
    expect(
      computeProgress({
        ...base,
        itemsEstimated: 1000,
        itemsProcessed: 400,
        throughputPerSecond: 20,
      }).etaSeconds,
    ).toBe(30);
    expect(
      computeProgress({ ...base, itemsEstimated: 1000, itemsProcessed: 400 }).etaSeconds,
    ).toBeNull();
    expect(
      computeProgress({
        ...base,
        itemsEstimated: 1000,
        itemsProcessed: 1200,
        throughputPerSecond: 20,
      }).etaSeconds,
    ).toBeNull();
  });

  it('stays within [0, 100] and never decreases as a job advances', () => {
    let last = 0;
    for (let done = 0; done <= 10; done++) {
      const { percent } = computeProgress({
        ...base,
        chunksDone: done,
        itemsProcessed: done * 90,
        itemsEstimated: 1000,
      });
      expect(percent).toBeGreaterThanOrEqual(last);
      expect(percent).toBeLessThanOrEqual(100);
      last = percent;
    }
    expect(last).toBe(100);
  });
});
